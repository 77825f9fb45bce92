import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Where and how a server listens.
public struct RPCServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); read it back from `RPCServer.localPort`.
    public var port: Int
    public var tls: TLSContext
    public var maximumFrameSize = FrameDecoder.defaultMaximumFrameSize
    public var maximumConcurrentCallsPerConnection = 10_000
    /// Connections held at once, handshaking ones included. One accepted beyond it is closed at
    /// once, before TLS, and counted in `rpc_server_connections_rejected_total`.
    public var maximumConnections = 1024
    /// Time from accept to a completed TLS handshake; a slower peer is disconnected.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Time a connection may have no call in flight before the server sends GoAway and closes
    /// it (gRPC's MAX_CONNECTION_IDLE); the clock restarts whenever the last call in flight
    /// ends. nil: idle connections stay open.
    public var idleTimeout: Duration? = .seconds(300)
    /// How long a drain waits for in-flight calls before closing connections anyway.
    public var drainTimeout: Duration = .seconds(30)
    /// The `server` dimension of this server's metrics (the service name).
    public var metricsName = "rpc"

    public init(host: String = "127.0.0.1", port: Int, tls: TLSContext) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}

/// An RPC server over mutual TLS (docs/PROTOCOL.md). As a `Service` it serves until graceful
/// shutdown, then drains: stops accepting, sends GoAway, finishes in-flight calls, closes.
public final class RPCServer: Service, Sendable {
    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var draining = false
    }

    /// Whether an accepted connection may stay.
    private enum Admission {
        case accepted, draining, full
    }

    private let configuration: RPCServerConfiguration
    private let methods: [String: RPCMethod]
    private let metrics: [String: MethodMetrics]
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let rejectedConnections: Counter

    public init(configuration: RPCServerConfiguration, services: [any RPCService],
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        var methods: [String: RPCMethod] = [:]
        for service in services {
            for method in service.methods { methods[method.name] = method }
        }
        self.methods = methods
        self.metrics = methods.mapValues { MethodMetrics(method: $0.name, server: configuration.metricsName) }
        self.rejectedConnections = Counter(
            label: "rpc_server_connections_rejected_total", dimensions: [("server", configuration.metricsName)])
    }

    /// Binds and starts accepting connections.
    /// - Throws: when the address cannot be bound.
    public func start() async throws {
        let configuration = configuration
        let methods = methods
        let metrics = metrics
        let logger = logger
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { [weak self] channel in
                guard let self, self.admit(channel) == .accepted else { return channel.close() }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(OpenSSLHandler(context: configuration.tls))
                    try sync.addHandler(HandshakeTimeoutHandler(timeout: TimeAmount(configuration.handshakeTimeout), logger: logger))
                    try sync.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameSize: configuration.maximumFrameSize)))
                    try sync.addHandler(EnvelopeCodec())
                    try sync.addHandler(ServerConnectionHandler(
                        methods: methods, metrics: metrics, logger: logger,
                        maximumConcurrentCalls: configuration.maximumConcurrentCallsPerConnection,
                        maximumFrameSize: configuration.maximumFrameSize,
                        idleTimeout: configuration.idleTimeout.map(TimeAmount.init)))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        state.withLockedValue { $0.listener = listener }
        logger.info("rpc server listening", metadata: ["address": "\(listener.localAddress.map { "\($0)" } ?? "?")"])
    }

    /// The bound port (after `start`).
    public var localPort: Int? {
        state.withLockedValue { $0.listener?.localAddress?.port }
    }

    /// Client connections open now.
    public var connectionCount: Int {
        state.withLockedValue { $0.connections.count }
    }

    /// Serves until graceful shutdown or cancellation, then drains.
    public func run() async throws {
        if state.withLockedValue({ $0.listener == nil }) { try await start() }
        try? await gracefulShutdown()
        await drain()
    }

    /// Stops accepting, asks every connection to drain, and waits until they have closed
    /// (at most `drainTimeout`, after which the rest are closed).
    public func drain() async {
        let (listener, connections) = state.withLockedValue { state in
            state.draining = true
            return (state.listener, Array(state.connections.values))
        }
        try? await listener?.close()
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(DrainEvent(reason: "server shutting down"))
        }
        let closed = connections.map { $0.closeFuture }
        let allClosed = EventLoopFuture.andAllComplete(closed, on: group.any())
        let timeout = group.any().scheduleTask(in: .nanoseconds(Int64(configuration.drainTimeout.nanoseconds))) {
            for connection in connections { connection.close(promise: nil) }
        }
        try? await allClosed.get()
        timeout.cancel()
        logger.info("rpc server drained", metadata: ["connections": "\(connections.count)"])
    }

    /// Registers an accepted connection unless the server is draining or full; a registered
    /// one is forgotten when it closes.
    private func admit(_ channel: any Channel) -> Admission {
        let id = ObjectIdentifier(channel)
        let admission = state.withLockedValue { state -> Admission in
            if state.draining { return .draining }
            if state.connections.count >= configuration.maximumConnections { return .full }
            state.connections[id] = channel
            return .accepted
        }
        switch admission {
        case .accepted:
            channel.closeFuture.whenComplete { [weak self] _ in
                _ = self?.state.withLockedValue { $0.connections.removeValue(forKey: id) }
            }
        case .full:
            rejectedConnections.increment()
            logger.debug("connection limit reached: closing new connection",
                         metadata: ["limit": "\(configuration.maximumConnections)"])
        case .draining:
            break
        }
        return admission
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
