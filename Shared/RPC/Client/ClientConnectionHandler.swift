import NIOCore
import Proto
import Synchronization

/// A call the server never ran: refused locally because its connection had closed or gone away
/// before it was sent, or sent after the server's GoAway and so above its `last_call_id`. Safe
/// to send again on another connection whatever the method; `error` is what the caller sees
/// when it is not.
struct UnprocessedCall: Error {
    let error: RPCError
}

/// Shared between a waiting caller and the connection: whether the caller gave up.
final class CallCancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    var isCancelled: Bool { flag.load(ordering: .acquiring) }
    func cancel() { flag.store(true, ordering: .releasing) }
}

/// The client end of one connection: sends requests, matches responses to waiting callers
/// by call id, enforces deadlines locally too, sends Cancel, keeps the connection alive with
/// pings, and notes the server's GoAway. Every method runs on the channel's event loop.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Rpc_V1_Envelope
    typealias OutboundOut = Rpc_V1_Envelope

    typealias Continuation = UnsafeContinuation<Rpc_V1_Response, any Error>

    private struct PendingCall {
        var continuation: Continuation
        var timer: Scheduled<Void>?
    }

    private let keepalive: (interval: TimeAmount, timeout: TimeAmount)
    private let maximumPayloadSize: Int
    private var context: ChannelHandlerContext?
    private var pending: [UInt64: PendingCall] = [:]
    private let writer = FlushCoalescer()
    private var keepaliveTimer: Scheduled<Void>?
    private var pongTimer: Scheduled<Void>?
    private var lastRead = NIODeadline.now()
    /// Set by the server's GoAway: no new calls go on this connection.
    private(set) var goingAway = false
    /// Open and not told to go away: new calls may go on this connection.
    var isUsable: Bool { context?.channel.isActive == true && !goingAway }
    let handshake: EventLoopPromise<PeerIdentity?>
    /// Told when the server sends GoAway or the connection closes, so the pool stops choosing
    /// this connection before any call can fail on it.
    var onUnusable: (() -> Void)?

    /// - Parameter handshake: settled with the peer once TLS is up, or with why it never came up;
    ///   made by the connector, so the reason reaches it even when a fast refusal has already
    ///   torn this handler out of the pipeline.
    init(handshake: EventLoopPromise<PeerIdentity?>, keepaliveInterval: TimeAmount, keepaliveTimeout: TimeAmount,
         maximumFrameSize: Int) {
        self.handshake = handshake
        self.keepalive = (keepaliveInterval, keepaliveTimeout)
        self.maximumPayloadSize = maximumFrameSize - 1024
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// Also reached when a connect fails before the channel was ever active: drop the context
    /// (it holds this handler) and settle the handshake promise.
    func handlerRemoved(context: ChannelHandlerContext) {
        handshake.fail(RPCError(.unavailable, "连接已关闭"))
        keepaliveTimer?.cancel()
        pongTimer?.cancel()
        self.context = nil
    }

    /// Sends a call; `continuation` is resumed exactly once with the response or an error.
    func start(callID: UInt64, request: Rpc_V1_Request, deadline: NIODeadline?,
               cancellation: CallCancellation, continuation: Continuation) {
        guard let context, isUsable else {
            return continuation.resume(throwing: UnprocessedCall(error: RPCError(.unavailable, "连接不可用")))
        }
        guard !cancellation.isCancelled else {
            return continuation.resume(throwing: RPCError(.cancelled, "调用已取消"))
        }
        guard request.payload.count <= maximumPayloadSize else {
            return continuation.resume(throwing: RPCError(.resourceExhausted, "请求过大"))
        }
        var timer: Scheduled<Void>?
        if let deadline {
            timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
                abandon(callID, RPCError(.deadlineExceeded, "调用超时"))
            }
        }
        pending[callID] = PendingCall(continuation: continuation, timer: timer)
        send(.with { $0.callID = callID; $0.kind = .request(request) }, context: context)
    }

    /// The caller stopped waiting: answer it CANCELLED and tell the server.
    func cancel(callID: UInt64) {
        abandon(callID, RPCError(.cancelled, "调用已取消"))
    }

    private func abandon(_ callID: UInt64, _ error: any Error) {
        guard let call = pending.removeValue(forKey: callID) else { return }
        call.timer?.cancel()
        call.continuation.resume(throwing: error)
        if let context {
            send(.with { $0.callID = callID; $0.kind = .cancel(Rpc_V1_Cancel()) }, context: context)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleKeepalive(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        pongTimer?.cancel()
        pongTimer = nil
        let envelope = unwrapInboundIn(data)
        switch envelope.kind {
        case .response(let response)?:
            guard let call = pending.removeValue(forKey: envelope.callID) else { return }
            call.timer?.cancel()
            call.continuation.resume(returning: response)
        case .ping(let ping)?:
            send(.with { $0.kind = .pong(.with { $0.data = ping.data }) }, context: context)
        case .goAway(let goAway)?:
            goingAway = true
            onUnusable?()
            // Calls the server did not see are refused now, so they can go on another connection.
            for callID in Array(pending.keys) where callID > goAway.lastCallID {
                abandon(callID, UnprocessedCall(error: RPCError(.unavailable, "服务正在停止，请重试")))
            }
        case .pong?, .cancel?, .request?, nil:
            break
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSEvent.handshakeCompleted(let peer) = event {
            handshake.succeed(peer)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake.fail(RPCError(.unavailable, "连接已关闭"))
        keepaliveTimer?.cancel()
        pongTimer?.cancel()
        goingAway = true
        onUnusable?()
        let calls = pending
        pending.removeAll()
        for call in calls.values {
            call.timer?.cancel()
            call.continuation.resume(throwing: RPCError(.unavailable, "连接已断开"))
        }
        self.context = nil
        context.fireChannelInactive()
    }

    // MARK: Internals

    private func send(_ envelope: Rpc_V1_Envelope, context: ChannelHandlerContext) {
        writer.write(wrapOutboundOut(envelope), context: context)
    }

    /// Pings when nothing was read for an interval; closes when no answer comes in time.
    private func scheduleKeepalive(context: ChannelHandlerContext) {
        keepaliveTimer = context.eventLoop.assumeIsolated().scheduleTask(in: keepalive.interval) { [self] in
            guard let context = self.context else { return }
            if NIODeadline.now() - lastRead >= keepalive.interval, pongTimer == nil {
                send(.with { $0.kind = .ping(.with { $0.data = UInt64(NIODeadline.now().uptimeNanoseconds) }) },
                     context: context)
                pongTimer = context.eventLoop.assumeIsolated().scheduleTask(in: keepalive.timeout) {
                    context.close(promise: nil)
                }
            }
            scheduleKeepalive(context: context)
        }
    }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}
