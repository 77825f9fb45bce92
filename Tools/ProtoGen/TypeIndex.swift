/// Every message and enum protoc told us about, by full proto name (".pkg.Outer.Inner"),
/// with the names the C and Swift sides use for it.
struct TypeIndex {
    struct Entry {
        var swiftName: String
        /// The C struct or enum type protoc-c declares.
        var cType: String
        /// protoc-c's lower-case prefix for functions: "<prefix>__init".
        var cLower: String
        var isEnum: Bool
        var message: MessageDescriptor?
        var enumDescriptor: EnumDescriptor?
    }

    private(set) var entries: [String: Entry] = [:]

    init(_ files: [FileDescriptor]) {
        for file in files {
            let pieces = file.package.split(separator: ".").map(String.init)
            let swiftPrefix = pieces.map { Naming.upperCamel($0) }.joined(separator: "_")
            let cPrefix = pieces.map { Naming.upperCamel($0) }.joined(separator: "__")
            let lowerPrefix = pieces.map { Naming.camelToLower($0) }.joined(separator: "__")
            let scope = Scope(
                proto: file.package.isEmpty ? "" : "." + file.package,
                swift: swiftPrefix + "_", c: cPrefix, lower: lowerPrefix, nested: false)
            for message in file.messages { add(message, in: scope) }
            for enumeration in file.enums { add(enumeration, in: scope) }
        }
    }

    subscript(protoName: String) -> Entry {
        guard let entry = entries[protoName] else { fatalError("unknown proto type \(protoName)") }
        return entry
    }

    private struct Scope {
        var proto: String
        var swift: String
        var c: String
        var lower: String
        var nested: Bool

        func child(_ name: String) -> (proto: String, swift: String, c: String, lower: String) {
            (proto + "." + name,
             nested ? swift + "." + name : swift + name,
             c + "__" + name,
             lower + "__" + Naming.camelToLower(name))
        }
    }

    private mutating func add(_ message: MessageDescriptor, in scope: Scope) {
        let names = scope.child(message.name)
        entries[names.proto] = Entry(
            swiftName: names.swift, cType: names.c, cLower: names.lower, isEnum: false, message: message)
        let inner = Scope(proto: names.proto, swift: names.swift, c: names.c, lower: names.lower, nested: true)
        for nested in message.nested { add(nested, in: inner) }
        for enumeration in message.enums { add(enumeration, in: inner) }
    }

    private mutating func add(_ enumeration: EnumDescriptor, in scope: Scope) {
        let names = scope.child(enumeration.name)
        entries[names.proto] = Entry(
            swiftName: names.swift, cType: names.c, cLower: names.lower, isEnum: true,
            enumDescriptor: enumeration)
    }
}
