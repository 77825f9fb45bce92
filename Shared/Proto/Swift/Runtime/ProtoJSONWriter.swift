/// A generated message that writes its JSON form (the same JSON as its `Codable` `encode(to:)`,
/// docs/PROTOCOL.md, "JSON mapping") straight into a `ProtoJSONWriter`, without `JSONEncoder`.
public protocol ProtoJSONWritable {
    /// Appends this message as one JSON object.
    func writeJSON(to writer: inout ProtoJSONWriter)
}

extension ProtoJSONWritable {
    /// This message's JSON text as UTF-8.
    /// - Parameter capacity: bytes to reserve up front (the output grows past it as needed).
    public func jsonBytes(capacity: Int = 1024) -> [UInt8] {
        var writer = ProtoJSONWriter(capacity: capacity)
        writeJSON(to: &writer)
        return writer.bytes
    }
}

/// Appends JSON text, as UTF-8, to a byte array: what the generated `writeJSON(to:)` calls.
///
/// The writer tracks commas itself: a value or a key written after another member of the same
/// object or array is preceded by ",". It does not check structure (a key outside an object,
/// unbalanced ends); the generated code writes well-formed JSON.
///
/// Value forms are those of the generated `Codable` path through `JSONEncoder`:
/// - strings: `"` `\` and control characters below U+0020 escaped (`\b \t \n \f \r`, others as
///   `\u00XX`), everything else as raw UTF-8 (`JSONEncoder` also writes `/` as `\/`; both are the
///   same JSON string);
/// - integers, 64-bit ones included, as decimal JSON numbers;
/// - finite doubles and floats as Swift's shortest round-trip `description`, a trailing ".0"
///   dropped (`JSONEncoder`'s form: 1 → `1`, 0.1 → `0.1`, 1e+100 → `1e+100`). NaN and the
///   infinities, which `JSONEncoder` refuses (it throws `EncodingError.invalidValue`), become
///   proto3 JSON's strings `"NaN"`, `"Infinity"` and `"-Infinity"`: writing cannot fail;
/// - bytes as standard base64 with padding;
/// - enums as their value name, or their number when this build does not know it.
public struct ProtoJSONWriter {
    /// The JSON text so far.
    public private(set) var bytes: [UInt8]
    /// Whether the next key or value follows a sibling in its object or array, and so needs ",".
    private var needsComma = false

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object member's key, then ":". `name` is written as it is: it must be JSON string
    /// content already (the generator escapes field JSON names).
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendRaw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// An object member's key from data (a map key), escaped as a string, then ":".
    public mutating func key(string name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Appends `text` as it is.
    @inline(__always)
    private mutating func appendRaw(_ text: StaticString) {
        if text.hasPointerRepresentation {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        } else {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
    }

    // MARK: Scalars

    public mutating func bool(_ value: Bool) {
        separate()
        appendRaw(value ? "true" : "false")
        needsComma = true
    }

    /// A decimal JSON number, digits written straight into the output.
    public mutating func integer<Value: FixedWidthInteger>(_ value: Value) {
        separate()
        if Value.isSigned && value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(value.magnitude))
        } else {
            appendDigits(UInt64(value))
        }
        needsComma = true
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        // UInt64.max has 20 digits: fill a 20-byte scratch from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var position = 20
            var rest = value
            while rest != 0 {
                let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
                position &-= 1
                scratch[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit)
                rest = quotient
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[position..<20]))
        }
    }

    public mutating func double(_ value: Double) {
        floatingPoint(value)
    }

    public mutating func float(_ value: Float) {
        floatingPoint(value)
    }

    private mutating func floatingPoint<Value: BinaryFloatingPoint & CustomStringConvertible>(_ value: Value) {
        guard value.isFinite else {
            string(value.isNaN ? "NaN" : value < 0 ? "-Infinity" : "Infinity")
            return
        }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    // MARK: Strings

    /// A JSON string: `"`, `\` and control characters escaped, the rest raw UTF-8.
    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil {
            var copy = value
            copy.withUTF8 { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Appends `utf8` escaped, copying the runs between escapes whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index &+= 1
                continue
            }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            }
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                appendRaw("u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
            index &+= 1
            runStart = index
        }
        if runStart < count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: Bytes, enums, messages

    /// A `bytes` value: a standard base64 string, with padding.
    public mutating func base64(_ value: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        let alphabet = Self.base64Alphabet
        value.withUnsafeBufferPointer { input in
            var index = 0
            let count = input.count
            while index &+ 3 <= count {
                let chunk = UInt32(input[index]) << 16 | UInt32(input[index &+ 1]) << 8 | UInt32(input[index &+ 2])
                bytes.append(alphabet[Int(chunk >> 18)])
                bytes.append(alphabet[Int(chunk >> 12 & 0x3F)])
                bytes.append(alphabet[Int(chunk >> 6 & 0x3F)])
                bytes.append(alphabet[Int(chunk & 0x3F)])
                index &+= 3
            }
            switch count &- index {
            case 1:
                let chunk = UInt32(input[index]) << 16
                bytes.append(alphabet[Int(chunk >> 18)])
                bytes.append(alphabet[Int(chunk >> 12 & 0x3F)])
                bytes.append(UInt8(ascii: "="))
                bytes.append(UInt8(ascii: "="))
            case 2:
                let chunk = UInt32(input[index]) << 16 | UInt32(input[index &+ 1]) << 8
                bytes.append(alphabet[Int(chunk >> 18)])
                bytes.append(alphabet[Int(chunk >> 12 & 0x3F)])
                bytes.append(alphabet[Int(chunk >> 6 & 0x3F)])
                bytes.append(UInt8(ascii: "="))
            default:
                break
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private static let base64Alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// An enum: its value name, or its number when this build does not know it.
    public mutating func enumValue<Value: ProtoJSONEnum>(_ value: Value) {
        if let name = value.protoValueName { string(name) } else { integer(value.rawValue) }
    }

    /// A nested message, as an object.
    public mutating func message<Value: ProtoJSONWritable>(_ value: Value) {
        value.writeJSON(to: &self)
    }
}
