import CProtobufC

/// Memory for one protobuf-c message tree while it is packed: a bump allocator that starts
/// in caller-provided scratch space (on the stack) and continues in heap blocks, all freed when
/// the arena goes away. One arena per `withPacker` call; never shared, never kept.
public final class ProtoArena {
    private static let blockSize = 4096
    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0

    /// - Parameter scratch: memory the arena may use first; it must outlive the arena.
    @usableFromInline
    init(scratch: UnsafeMutableRawBufferPointer) {
        cursor = scratch.baseAddress
        remaining = scratch.count
    }

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Uninitialised memory for `count` values of `T`, valid for the arena's life.
    public func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        raw(byteCount: MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: count)
    }

    /// A NUL-terminated copy of `string`. (protobuf-c strings end at the first NUL.)
    public func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let pointer = allocate(CChar.self, count: utf8.count + 1)
            UnsafeMutableRawPointer(pointer).copyMemory(from: utf8.baseAddress!, byteCount: utf8.count)
            pointer[utf8.count] = 0
            return pointer
        }
    }

    /// A copy of `bytes` as protobuf-c binary data.
    public func bytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let pointer = allocate(UInt8.self, count: bytes.count)
        bytes.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    /// A filled protobuf-c struct for `message`.
    public func message<M: ProtoMessage>(_ message: M) -> UnsafeMutablePointer<M.CMessage> {
        let pointer = allocate(M.CMessage.self)
        message.fillCMessage(pointer, arena: self)
        return pointer
    }

    /// A C array holding `convert` of each value; nil when `values` is empty.
    public func array<T, E>(_ values: [T], of type: E.Type, _ convert: (T) -> E) -> UnsafeMutablePointer<E>? {
        guard !values.isEmpty else { return nil }
        let pointer = allocate(E.self, count: values.count)
        for (offset, value) in values.enumerated() { (pointer + offset).initialize(to: convert(value)) }
        return pointer
    }

    private func raw(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        if let cursor {
            let padding = (alignment - Int(bitPattern: cursor) % alignment) % alignment
            if padding + byteCount <= remaining {
                let pointer = cursor + padding
                self.cursor = pointer + byteCount
                remaining -= padding + byteCount
                return pointer
            }
        }
        let size = max(Self.blockSize, byteCount + alignment)
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        blocks.append(block)
        if byteCount > Self.blockSize / 2 { return block }
        cursor = block + byteCount
        remaining = size - byteCount
        return block
    }
}
