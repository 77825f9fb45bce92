/// How protoc-c names C things, and how we name the Swift things generated beside them.
enum Naming {
    /// protobuf-c's CamelToLower: "MetaEntry" → "meta_entry", "HTTPThing" → "httpthing".
    static func camelToLower(_ name: String) -> String {
        var result = ""
        var wasUpper = true
        for character in name {
            let isUpper = character.isASCII && character.isUppercase
            if isUpper {
                if !wasUpper { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
            wasUpper = isUpper
        }
        return result
    }

    /// "foo_bar" → "FooBar" (protobuf-c's ToCamel for package pieces and oneof names).
    static func upperCamel(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// "field_errors" → "fieldErrors", "call_id" → "callID"; Swift keywords get backticks.
    static func swiftField(_ name: String) -> String {
        let pieces = name.split(separator: "_").map(String.init)
        guard let first = pieces.first else { return name }
        let rest = pieces.dropFirst().map { $0 == "id" ? "ID" : $0.prefix(1).uppercased() + $0.dropFirst() }
        return escaped(first + rest.joined())
    }

    /// C struct member names: protobuf-c lowercases and suffixes C/C++ keywords with "_".
    static func cField(_ name: String) -> String {
        let lowered = name.lowercased()
        return cKeywords.contains(lowered) ? lowered + "_" : lowered
    }

    /// An enum value's Swift case: the enum's UPPER_SNAKE prefix dropped, then lowerCamel.
    static func enumCase(_ valueName: String, enumName: String) -> String {
        let prefix = camelToLower(enumName).uppercased() + "_"
        var name = valueName
        if name.hasPrefix(prefix), let first = name.dropFirst(prefix.count).first, !first.isNumber {
            name = String(name.dropFirst(prefix.count))
        }
        return swiftField(name.lowercased())
    }

    static func escaped(_ name: String) -> String {
        swiftKeywords.contains(name) ? "`\(name)`" : name
    }

    static let swiftKeywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while",
        "as", "catch", "false", "is", "nil", "self", "Self", "super", "throw", "throws", "true", "try", "Type",
    ]

    static let cKeywords: Set<String> = [
        "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char", "class",
        "compl", "const", "const_cast", "continue", "default", "delete", "do", "double", "dynamic_cast", "else",
        "enum", "explicit", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
        "mutable", "namespace", "new", "not", "not_eq", "operator", "or", "or_eq", "private", "protected",
        "public", "register", "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_cast",
        "struct", "switch", "template", "this", "throw", "true", "try", "typedef", "typeid", "typename", "union",
        "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    ]
}
