import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Proto
import Synchronization

/// One pooled connection to one server address: connects lazily, reconnects after a failure
/// with jittered exponential backoff, and stops being used once the server says GoAway.
final class ClientConnection: Sendable {
    /// A connected, handshaken channel and its handler (reached only on the channel's loop).
    struct Ready: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<ClientConnectionHandler>
    }

    private enum State {
        case idle(failures: Int, retryAt: NIODeadline?)
        case connecting(EventLoopFuture<Ready>)
        case ready(Ready)
    }

    let endpoint: RPCEndpoint
    /// The loop this slot's connections live on, for good: a caller running on it (a handler
    /// with this loop as its executor) sends and gets its answer without a thread hop.
    let eventLoop: any EventLoop
    private let configuration: RPCClientConfiguration
    private let state = NIOLockedValueBox(State.idle(failures: 0, retryAt: nil))
    private let nextCallID = Atomic<UInt64>(0)

    init(endpoint: RPCEndpoint, configuration: RPCClientConfiguration, eventLoop: any EventLoop) {
        self.endpoint = endpoint
        self.configuration = configuration
        self.eventLoop = eventLoop
    }

    /// Waiting out a backoff after failures: the pool avoids these.
    var isBackingOff: Bool {
        state.withLockedValue { state in
            if case .idle(_, let retryAt?) = state { return retryAt > .now() }
            return false
        }
    }

    /// Sends one call and waits for its response.
    /// - Throws: `RPCError` (UNAVAILABLE when the connection cannot be had or breaks).
    func call(_ request: Rpc_V1_Request, deadline: NIODeadline?) async throws -> Rpc_V1_Response {
        let ready = try await readyConnection()
        let callID = nextCallID.add(1, ordering: .relaxed).newValue
        let cancellation = CallCancellation()
        let handler = ready.handler
        let eventLoop = ready.channel.eventLoop
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let start: @Sendable () -> Void = {
                    handler.value.start(callID: callID, request: request, deadline: deadline,
                                        cancellation: cancellation, continuation: continuation)
                }
                if eventLoop.inEventLoop { start() } else { eventLoop.execute(start) }
            }
        } onCancel: {
            cancellation.cancel()
            eventLoop.execute { handler.value.cancel(callID: callID) }
        }
    }

    /// Closes the channel, if any.
    func close() async {
        let ready: Ready? = state.withLockedValue { state in
            defer { state = .idle(failures: 0, retryAt: nil) }
            if case .ready(let ready) = state { return ready }
            return nil
        }
        try? await ready?.channel.close()
    }

    private func readyConnection() async throws -> Ready {
        let ready: Ready? = state.withLockedValue { state in
            if case .ready(let ready) = state { ready } else { nil }
        }
        if let ready { return ready }  // the usual case: no future, no thread hop
        let future: EventLoopFuture<Ready> = try state.withLockedValue { state in
            switch state {
            case .ready(let ready):
                return eventLoop.makeSucceededFuture(ready)
            case .connecting(let future):
                return future
            case .idle(let failures, let retryAt):
                if let retryAt, retryAt > .now() {
                    throw RPCError(.unavailable, "服务暂不可用")
                }
                let future = connect()
                state = .connecting(future)
                future.whenComplete { [self] result in
                    self.state.withLockedValue { state in
                        switch result {
                        // Runs on the channel's loop. A GoAway or close that came between the
                        // handshake and now found no `.ready` state to forget: do not keep it.
                        case .success(let ready) where ready.handler.value.isUsable: state = .ready(ready)
                        case .success: state = .idle(failures: 0, retryAt: nil)
                        case .failure:
                            let delay = configuration.backoff.delay(afterFailures: failures + 1)
                            state = .idle(failures: failures + 1, retryAt: .now() + delay)
                        }
                    }
                }
                return future
            }
        }
        do {
            return try await future.get()
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(.unavailable, "无法连接服务: \(error)")
        }
    }

    private func connect() -> EventLoopFuture<Ready> {
        let configuration = configuration
        let endpoint = endpoint
        let eventLoop = eventLoop
        let handshake = eventLoop.makePromise(of: PeerIdentity?.self)
        let connected = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(OpenSSLHandler(
                        context: configuration.tls, serverHostname: endpoint.serverHostname ?? endpoint.host))
                    try sync.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: configuration.maximumFrameSize)))
                    try sync.addHandler(EnvelopeCodec())
                    try sync.addHandler(ClientConnectionHandler(
                        handshake: handshake,
                        keepaliveInterval: configuration.keepaliveInterval,
                        keepaliveTimeout: configuration.keepaliveTimeout,
                        maximumFrameSize: configuration.maximumFrameSize))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
        connected.whenFailure { handshake.fail($0) }  // settled exactly once: later completions are ignored
        return connected.flatMap { channel in
            // A handshake refused at once may have torn the pipeline down already: report why.
            guard let handler = try? channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self) else {
                return handshake.futureResult.flatMapThrowing { _ in throw RPCError(.unavailable, "连接已关闭") }
            }
            // The handler lives in the channel's pipeline: it must not hold the channel itself.
            let id = ObjectIdentifier(channel)
            handler.onUnusable = { [weak self] in self?.forget(id) }
            channel.closeFuture.whenComplete { [weak self] _ in self?.forget(id) }
            let ready = Ready(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
            return handshake.futureResult.map { _ in ready }.flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
        }
    }

    /// The channel is closing or going away: the next call connects afresh.
    private func forget(_ channel: ObjectIdentifier) {
        state.withLockedValue { state in
            if case .ready(let ready) = state, ObjectIdentifier(ready.channel) == channel {
                state = .idle(failures: 0, retryAt: nil)
            }
        }
    }
}
