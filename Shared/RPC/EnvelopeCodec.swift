import NIOCore
import Proto

/// Turns frames into `rpc.v1.Envelope` values and envelopes back into length-prefixed frames.
/// A frame that is not a valid envelope raises `RPCProtocolError.malformedEnvelope`.
final class EnvelopeCodec: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Rpc_V1_Envelope
    typealias OutboundIn = Rpc_V1_Envelope
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        do {
            let envelope = try frame.withUnsafeReadableBytes { try Rpc_V1_Envelope(protobuf: $0) }
            context.fireChannelRead(wrapInboundOut(envelope))
        } catch {
            context.fireErrorCaught(RPCProtocolError.malformedEnvelope)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = Self.frame(unwrapOutboundIn(data), allocator: context.channel.allocator)
        context.write(wrapOutboundOut(frame), promise: promise)
    }

    /// One length-prefixed frame holding `envelope`, packed in place.
    static func frame(_ envelope: Rpc_V1_Envelope, allocator: ByteBufferAllocator) -> ByteBuffer {
        envelope.withPacker { size, pack in
            var buffer = allocator.buffer(capacity: 4 + size)
            buffer.writeInteger(UInt32(size))
            if size > 0 {
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { pack($0.baseAddress!) }
            }
            return buffer
        }
    }
}

@available(*, unavailable)
extension EnvelopeCodec: Sendable {}

/// A peer broke the protocol; the connection is closed (docs/PROTOCOL.md, "Errors").
public enum RPCProtocolError: Error, Equatable {
    /// A frame that does not decode as `rpc.v1.Envelope`.
    case malformedEnvelope
}
