import CProtobufC

/// Reading protobuf-c field values into Swift values (used by generated code).
public enum ProtoC {
    /// A protobuf-c string field; NULL reads as "".
    @inlinable
    public static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// A protobuf-c bytes field.
    @inlinable
    public static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }
}
