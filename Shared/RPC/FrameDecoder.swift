import NIOCore

/// Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes.
///
///     +--------+--------+--------+--------+---------------- … ----+
///     |  length (UInt32, big-endian)      |  length bytes          |
///     +--------+--------+--------+--------+---------------- … ----+
///
/// A length over `maximumFrameSize` is refused from the prefix alone, before any of the
/// frame is buffered; the error closes the connection (docs/PROTOCOL.md, "Frames").
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The default largest frame: 4 MiB.
    public static let defaultMaximumFrameSize = 4 * 1024 * 1024

    /// Why a stream was refused.
    public enum Failure: Error, Equatable {
        case frameTooLarge(length: UInt32, maximum: Int)
    }

    private enum State {
        case waitingForHeader
        case waitingForFrame(length: Int)
    }

    private let maximumFrameSize: Int
    private var state = State.waitingForHeader

    public init(maximumFrameSize: Int = FrameDecoder.defaultMaximumFrameSize) {
        self.maximumFrameSize = maximumFrameSize
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// The next whole frame in `buffer`, or nil when more bytes are needed.
    mutating func nextFrame(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        if case .waitingForHeader = state {
            guard let length = buffer.readInteger(as: UInt32.self) else { return nil }
            guard Int(length) <= maximumFrameSize else {
                throw Failure.frameTooLarge(length: length, maximum: maximumFrameSize)
            }
            state = .waitingForFrame(length: Int(length))
        }
        guard case .waitingForFrame(let length) = state, let frame = buffer.readSlice(length: length) else {
            return nil
        }
        state = .waitingForHeader
        return frame
    }
}

@available(*, unavailable)
extension FrameDecoder: Sendable {}
