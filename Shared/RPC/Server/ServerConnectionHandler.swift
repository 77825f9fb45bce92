import Logging
import Metrics
import NIOCore
import Proto

/// Tells a server connection to drain: refuse new calls, finish those in flight, then close.
struct DrainEvent: Sendable {
    var reason: String
}

/// Serves calls on one connection: routes each request to its method in a task of its own,
/// answers in any order, enforces deadlines, obeys Cancel, answers Ping, and drains, on the
/// server's shutdown or after `idleTimeout` without calls in flight.
final class ServerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = Rpc_V1_Envelope
    typealias OutboundOut = Rpc_V1_Envelope

    private struct InFlightCall {
        var task: Task<Void, Never>
        var timer: Scheduled<Void>?
        var metrics: MethodMetrics
        var started: NIODeadline
    }

    private let methods: [String: RPCMethod]
    private let metrics: [String: MethodMetrics]
    private let logger: Logger
    private let maximumConcurrentCalls: Int
    private let maximumPayloadSize: Int
    private var context: ChannelHandlerContext?
    private var executor: EventLoopTaskExecutor?
    private var peer: PeerIdentity?
    private var inFlight: [UInt64: InFlightCall] = [:]
    private var highestCallID: UInt64 = 0
    private var draining = false
    private let writer = FlushCoalescer()
    private let idleTimeout: TimeAmount?
    private var idleTimer: IdleTimer?

    /// - Parameter idleTimeout: how long the connection may have no call in flight before it is
    ///   drained (GoAway, then close); nil: never.
    init(methods: [String: RPCMethod], metrics: [String: MethodMetrics], logger: Logger,
         maximumConcurrentCalls: Int, maximumFrameSize: Int, idleTimeout: TimeAmount?) {
        self.methods = methods
        self.metrics = metrics
        self.logger = logger
        self.maximumConcurrentCalls = maximumConcurrentCalls
        self.maximumPayloadSize = maximumFrameSize - 1024
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.executor = EventLoopTaskExecutor(context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.stop()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        switch envelope.kind {
        case .request(let request)?:
            start(request, callID: envelope.callID, context: context)
        case .cancel?:
            if let call = inFlight.removeValue(forKey: envelope.callID) {
                call.timer?.cancel()
                call.task.cancel()
                callEnded(context: context)
            }
        case .ping(let ping)?:
            send(.with { $0.kind = .pong(.with { $0.data = ping.data }) }, context: context)
        case .pong?, .goAway?:
            break
        case .response?, nil:
            protocolFailure(.invalidArgument, "unexpected envelope", context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case TLSEvent.handshakeCompleted(let identity):
            peer = identity
            if let idleTimeout {
                idleTimer = IdleTimer(timeout: idleTimeout) { [unowned self] in
                    guard let context = self.context else { return }
                    logger.debug("connection idle: draining", metadata: ["timeout": "\(idleTimeout)"])
                    drain(reason: "connection idle", context: context)
                }
                idleTimer?.becameIdle(on: context.eventLoop)
            }
        case let drain as DrainEvent:
            self.drain(reason: drain.reason, context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case FrameDecoder.Failure.frameTooLarge(let length, let maximum):
            protocolFailure(.resourceExhausted, "frame of \(length) bytes exceeds \(maximum)", context: context)
        case RPCProtocolError.malformedEnvelope:
            protocolFailure(.invalidArgument, "malformed envelope", context: context)
        case let tls as TLSError:
            logger.notice("tls failure", metadata: ["tls.error": "\(tls)"])
            context.close(promise: nil)
        default:
            logger.debug("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.stop()
        for call in inFlight.values {
            call.timer?.cancel()
            call.task.cancel()
        }
        inFlight.removeAll()
        context.fireChannelInactive()
    }

    // MARK: Calls

    private func start(_ request: Rpc_V1_Request, callID: UInt64, context: ChannelHandlerContext) {
        guard callID != 0, inFlight[callID] == nil else {
            return protocolFailure(.invalidArgument, "call id \(callID) reused or zero", context: context)
        }
        highestCallID = max(highestCallID, callID)
        if draining {
            return respond(callID, .failure(RPCError(.unavailable, "服务正在停止，请重试")), context: context)
        }
        guard let method = methods[request.method], let methodMetrics = metrics[request.method] else {
            return respond(callID, .failure(RPCError(.unimplemented, "未知方法 \(request.method)")), context: context)
        }
        guard inFlight.count < maximumConcurrentCalls else {
            return respond(callID, .failure(RPCError(.resourceExhausted, "并发调用过多")), context: context)
        }
        let deadline = request.timeoutUs > 0
            ? NIODeadline.now() + .microseconds(Int64(clamping: request.timeoutUs)) : nil
        let callContext = CallContext(
            method: request.method, callID: callID, metadata: request.metadata, deadline: deadline,
            peer: peer, logger: logger)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let payload = request.payload
        let task = Task(executorPreference: executor) {
            let result: Result<[UInt8], RPCError>
            do {
                result = .success(try await method.handle(payload, callContext))
            } catch {
                let rpcError = RPCError(from: error)
                if rpcError.code == .internal {
                    callContext.logger.error("handler failed", metadata: ["error": "\(error)"])
                }
                result = .failure(rpcError)
            }
            if eventLoop.inEventLoop {
                loopBound.value.complete(callID, result)
            } else {
                eventLoop.execute { loopBound.value.complete(callID, result) }
            }
        }
        var timer: Scheduled<Void>?
        if let deadline {
            timer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
                expire(callID)
            }
        }
        inFlight[callID] = InFlightCall(task: task, timer: timer, metrics: methodMetrics, started: .now())
        idleTimer?.becameBusy()
    }

    private func complete(_ callID: UInt64, _ result: Result<[UInt8], RPCError>) {
        guard let context, let call = inFlight.removeValue(forKey: callID) else { return }
        call.timer?.cancel()
        if case .failure(let error) = result { call.metrics.failed(error.code) }
        call.metrics.finished(since: call.started)
        respond(callID, result, context: context)
        callEnded(context: context)
    }

    private func expire(_ callID: UInt64) {
        guard let context, let call = inFlight.removeValue(forKey: callID) else { return }
        call.task.cancel()
        call.metrics.failed(.deadlineExceeded)
        call.metrics.finished(since: call.started)
        respond(callID, .failure(RPCError(.deadlineExceeded, "调用超时")), context: context)
        callEnded(context: context)
    }

    private func respond(_ callID: UInt64, _ result: Result<[UInt8], RPCError>, context: ChannelHandlerContext) {
        var response = Rpc_V1_Response()
        switch result {
        case .success(let payload) where payload.count > maximumPayloadSize:
            response.status = RPCError(.resourceExhausted, "响应过大").status
        case .success(let payload):
            response.status = Rpc_V1_Status()
            response.payload = payload
        case .failure(let error):
            response.status = error.status
        }
        send(.with { $0.callID = callID; $0.kind = .response(response) }, context: context)
    }

    private func send(_ envelope: Rpc_V1_Envelope, context: ChannelHandlerContext) {
        writer.write(wrapOutboundOut(envelope), context: context)
    }

    /// Tells the client to go away (`GoAway{UNAVAILABLE, reason}`), refuses calls from now on,
    /// and closes once the calls in flight have ended.
    private func drain(reason: String, context: ChannelHandlerContext) {
        guard !draining else { return }
        draining = true
        idleTimer?.stop()
        send(.with {
            $0.kind = .goAway(.with {
                $0.lastCallID = highestCallID
                $0.code = .unavailable
                $0.reason = reason
            })
        }, context: context)
        callEnded(context: context)
    }

    /// A call left the in-flight set: when none is left, a draining connection closes and any
    /// other starts its idle clock.
    private func callEnded(context: ChannelHandlerContext) {
        guard inFlight.isEmpty else { return }
        if draining {
            context.flush()
            context.close(promise: nil)
        } else {
            idleTimer?.becameIdle(on: context.eventLoop)
        }
    }

    private func protocolFailure(_ code: RPCCode, _ reason: String, context: ChannelHandlerContext) {
        logger.notice("protocol violation", metadata: ["reason": "\(reason)"])
        draining = true
        context.writeAndFlush(wrapOutboundOut(.with {
            $0.kind = .goAway(.with { $0.lastCallID = highestCallID; $0.code = code; $0.reason = reason })
        }), promise: nil)
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension ServerConnectionHandler: Sendable {}

/// Per-method server metrics, made once per server (swift-metrics; Prometheus in services):
/// `rpc_server_calls_total`, `rpc_server_errors_total{code}`, `rpc_server_duration_seconds`.
struct MethodMetrics: Sendable {
    let calls: Counter
    let duration: Metrics.Timer
    let method: String

    let server: String

    init(method: String, server: String) {
        self.method = method
        self.server = server
        self.calls = Counter(label: "rpc_server_calls_total", dimensions: [("server", server), ("method", method)])
        self.duration = Metrics.Timer(label: "rpc_server_duration_seconds", dimensions: [("server", server), ("method", method)])
    }

    func finished(since started: NIODeadline) {
        calls.increment()
        duration.recordNanoseconds((NIODeadline.now() - started).nanoseconds)
    }

    /// Errors are rarer than calls: their counter (one per code) is looked up only when needed.
    func failed(_ code: RPCCode) {
        Counter(label: "rpc_server_errors_total", dimensions: [("server", server), ("method", method), ("code", "\(code)")])
            .increment()
    }
}
