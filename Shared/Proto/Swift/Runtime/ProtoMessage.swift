import CProtobufC

/// A Swift value type generated from a proto message, convertible to and from the
/// protobuf-c struct that protoc-c generates for the same message, and so to and from
/// protobuf bytes. Services use the Swift side only; the C side stays in `Shared/`.
public protocol ProtoMessage: Sendable, Hashable {
    /// The protobuf-c struct for this message.
    associatedtype CMessage
    /// protobuf-c's descriptor for `CMessage`.
    static var cDescriptor: UnsafePointer<ProtobufCMessageDescriptor> { get }
    init()
    /// Copies an unpacked protobuf-c message into Swift values.
    init(cMessage: UnsafePointer<CMessage>)
    /// Initialises `pointer` and fills it from `self`; every allocation comes from `arena`.
    func fillCMessage(_ pointer: UnsafeMutablePointer<CMessage>, arena: ProtoArena)
}

/// Bytes that are not a valid encoding of the expected message.
public struct ProtoDecodingError: Error, Hashable, CustomStringConvertible {
    public let messageName: String

    public init(messageName: String) {
        self.messageName = messageName
    }

    public var description: String { "malformed protobuf for \(messageName)" }
}

extension ProtoMessage {
    /// Builds a message with `body` applied to a default value.
    public static func with(_ body: (inout Self) throws -> Void) rethrows -> Self {
        var message = Self()
        try body(&message)
        return message
    }

    /// Decodes protobuf bytes.
    /// - Throws: `ProtoDecodingError` when the bytes are not a valid encoding.
    @inlinable
    public init(protobuf bytes: UnsafeRawBufferPointer) throws {
        guard let unpacked = protobuf_c_message_unpack(
            Self.cDescriptor, nil, bytes.count, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        else {
            throw ProtoDecodingError(messageName: String(cString: Self.cDescriptor.pointee.name))
        }
        defer { protobuf_c_message_free_unpacked(unpacked, nil) }
        self = UnsafeRawPointer(unpacked).withMemoryRebound(to: CMessage.self, capacity: 1) {
            Self(cMessage: $0)
        }
    }

    /// Decodes protobuf bytes.
    /// - Throws: `ProtoDecodingError` when the bytes are not a valid encoding.
    @inlinable
    public init(protobuf bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try Self(protobuf: $0) }
    }

    /// Packs the message and hands its encoded size and a packer to `body`; the packer writes
    /// exactly that many bytes to the pointer it is given. Lets callers pack in place.
    @inlinable
    public func withPacker<R>(_ body: (Int, (UnsafeMutableRawPointer) -> Int) throws -> R) rethrows -> R {
        // Small messages (most calls) pack without touching the heap for their C structs.
        try withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { scratch in
            let arena = ProtoArena(scratch: scratch)
            let message = arena.allocate(CMessage.self)
            fillCMessage(message, arena: arena)
            return try withExtendedLifetime(arena) {
                let base = UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self)
                let size = protobuf_c_message_get_packed_size(base)
                return try body(size) { out in
                    protobuf_c_message_pack(base, out.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
    }

    /// The protobuf encoding of the message.
    @inlinable
    public func serializedBytes() -> [UInt8] {
        withPacker { size, pack in
            [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = size == 0 ? 0 : pack(buffer.baseAddress!)
            }
        }
    }
}
