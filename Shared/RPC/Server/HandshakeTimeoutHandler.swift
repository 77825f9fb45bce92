import Logging
import NIOCore

/// Closes a server connection whose TLS handshake has not completed within `timeout` of the
/// accept, so a peer that connects and never starts (or never finishes) the handshake cannot hold
/// the connection. Sits right after `OpenSSLHandler`, which announces the finished handshake with
/// `TLSEvent.handshakeCompleted`; then this handler stops its timer and leaves the pipeline.
final class HandshakeTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let timeout: TimeAmount
    private let logger: Logger
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [logger, timeout] in
            logger.notice("tls handshake timed out", metadata: [
                "peer": "\(context.remoteAddress.map { "\($0)" } ?? "?")", "timeout": "\(timeout)"])
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if case TLSEvent.handshakeCompleted = event {
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}

@available(*, unavailable)
extension HandshakeTimeoutHandler: Sendable {}
