/// A minimal protobuf wire-format reader, enough to read protoc's descriptor messages.
/// The generator cannot use protobuf-c for this: it runs before any code is generated.
struct WireReader {
    enum Failure: Error { case truncated, badWireType(Int) }

    /// One field as read from the wire: its number and either a varint or a length-delimited slice.
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Calls `body` for every field in the message, in wire order.
    static func forEachField(in bytes: ArraySlice<UInt8>, _ body: (Int, Value) throws -> Void) throws {
        var reader = WireReader(bytes)
        while !reader.bytes.isEmpty {
            let key = try reader.varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: try body(number, .varint(try reader.varint()))
            case 1: try reader.skip(8); try body(number, .fixed)
            case 2:
                let length = Int(try reader.varint())
                guard reader.bytes.count >= length else { throw Failure.truncated }
                let start = reader.bytes.startIndex
                try body(number, .bytes(reader.bytes[start..<start + length]))
                reader.bytes = reader.bytes[(start + length)...]
            case 5: try reader.skip(4); try body(number, .fixed)
            case let other: throw Failure.badWireType(Int(other))
            }
        }
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = bytes.popFirst() {
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Failure.truncated
    }

    private mutating func skip(_ count: Int) throws {
        guard bytes.count >= count else { throw Failure.truncated }
        bytes = bytes.dropFirst(count)
    }
}

extension WireReader.Value {
    var string: String {
        if case .bytes(let slice) = self { return String(decoding: slice, as: UTF8.self) }
        return ""
    }
    var int: Int {
        if case .varint(let value) = self { return Int(truncatingIfNeeded: value) }
        return 0
    }
    var slice: ArraySlice<UInt8> {
        if case .bytes(let slice) = self { return slice }
        return []
    }
}
