/// A small pull scanner over the XML that XLSX parts hold (OOXML SpreadsheetML): elements,
/// attributes and text with the predefined and numeric entities. Namespace prefixes are dropped
/// (`x:c` is `c`). No DTDs: a part that declares one is not SpreadsheetML.
struct XMLScanner {
    enum Token: Equatable {
        case open(String, [String: String], selfClosing: Bool)
        case close(String)
        case text(String)
    }

    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next token, nil at the end. - Throws: `SpreadsheetError.notXLSX` on broken markup.
    mutating func next() throws(SpreadsheetError) -> Token? {
        while at < bytes.count {
            if bytes[at] != UInt8(ascii: "<") {
                let start = at
                while at < bytes.count, bytes[at] != UInt8(ascii: "<") { at += 1 }
                return .text(try Self.unescape(bytes[start..<at]))
            }
            guard at + 1 < bytes.count else { throw .notXLSX }
            switch bytes[at + 1] {
            case UInt8(ascii: "?"):
                try skip(past: [UInt8(ascii: "?"), UInt8(ascii: ">")])
            case UInt8(ascii: "!"):
                if bytes[at...].starts(with: Array("<![CDATA[".utf8)) {
                    let start = at + 9
                    try skip(past: Array("]]>".utf8))
                    return .text(String(decoding: bytes[start..<(at - 3)], as: UTF8.self))
                }
                if bytes[at...].starts(with: Array("<!--".utf8)) { try skip(past: Array("-->".utf8)) } else { throw .notXLSX }
            case UInt8(ascii: "/"):
                at += 2
                let name = readName()
                while at < bytes.count, bytes[at] != UInt8(ascii: ">") { at += 1 }
                guard at < bytes.count else { throw .notXLSX }
                at += 1
                return .close(name)
            default:
                at += 1
                let name = readName()
                var attributes: [String: String] = [:]
                while true {
                    skipSpaces()
                    guard at < bytes.count else { throw .notXLSX }
                    if bytes[at] == UInt8(ascii: ">") { at += 1; return .open(name, attributes, selfClosing: false) }
                    if bytes[at] == UInt8(ascii: "/") {
                        guard at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: ">") else { throw .notXLSX }
                        at += 2
                        return .open(name, attributes, selfClosing: true)
                    }
                    let key = readName()
                    skipSpaces()
                    guard !key.isEmpty, at < bytes.count, bytes[at] == UInt8(ascii: "=") else { throw .notXLSX }
                    at += 1
                    skipSpaces()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else { throw .notXLSX }
                    let quote = bytes[at]
                    let start = at + 1
                    at = start
                    while at < bytes.count, bytes[at] != quote { at += 1 }
                    guard at < bytes.count else { throw .notXLSX }
                    attributes[key] = try Self.unescape(bytes[start..<at])
                    at += 1
                }
            }
        }
        return nil
    }

    /// A name, without its namespace prefix.
    private mutating func readName() -> String {
        let start = at
        var local = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == 9 || byte == 10 || byte == 13 { break }
            if byte == UInt8(ascii: ":") { local = at + 1 }
            at += 1
        }
        return String(decoding: bytes[max(start, local)..<at], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while at < bytes.count, [32, 9, 10, 13].contains(bytes[at]) { at += 1 }
    }

    private mutating func skip(past marker: [UInt8]) throws(SpreadsheetError) {
        while at < bytes.count {
            if bytes[at...].starts(with: marker) { at += marker.count; return }
            at += 1
        }
        throw .notXLSX
    }

    /// Text with `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#…;` replaced.
    static func unescape(_ raw: ArraySlice<UInt8>) throws(SpreadsheetError) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            guard raw[index] == UInt8(ascii: "&") else { out.append(raw[index]); index += 1; continue }
            guard let semicolon = raw[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index <= 10 else { throw .notXLSX }
            let entity = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                else { scalar = nil }
            }
            guard let scalar else { throw .notXLSX }
            out.append(contentsOf: String(scalar).utf8)
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
