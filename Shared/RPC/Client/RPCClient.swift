import Logging
import NIOCore
import NIOPosix
import Proto
import Synchronization

/// One server instance to call.
public struct RPCEndpoint: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The name the server's certificate must carry; defaults to `host`.
    public var serverHostname: String?

    public init(host: String, port: Int, serverHostname: String? = nil) {
        self.host = host
        self.port = port
        self.serverHostname = serverHostname
    }
}

/// Reconnect delays: exponential with jitter (as gRPC's connection backoff).
public struct Backoff: Sendable {
    public var initial: TimeAmount = .milliseconds(100)
    public var multiplier = 1.6
    public var maximum: TimeAmount = .seconds(10)
    /// ± this fraction of the delay, at random.
    public var jitter = 0.2

    public init() {}

    func delay(afterFailures failures: Int) -> TimeAmount {
        var base = Double(initial.nanoseconds)
        for _ in 1..<max(failures, 1) where base < Double(maximum.nanoseconds) { base *= multiplier }
        let jittered = base * Double.random(in: (1 - jitter)...(1 + jitter))
        return .nanoseconds(Int64(min(jittered, Double(maximum.nanoseconds))))
    }
}

/// How a client connects and calls.
public struct RPCClientConfiguration: Sendable {
    public var tls: TLSContext
    /// Connections kept to each endpoint, on the group's event loops in turn; calls spread over
    /// them. One per loop lets callers running on those loops (the gateway's handlers) call
    /// without thread hops.
    public var connectionsPerEndpoint = 1
    /// Deadline for calls whose options name none.
    public var defaultTimeout: Duration = .seconds(30)
    public var connectTimeout: TimeAmount = .seconds(5)
    public var keepaliveInterval: TimeAmount = .seconds(30)
    public var keepaliveTimeout: TimeAmount = .seconds(10)
    public var maximumFrameSize = FrameDecoder.defaultMaximumFrameSize
    public var backoff = Backoff()
    /// Attempts of an idempotent call that meets UNAVAILABLE, first one included.
    public var maximumAttempts = 5

    public init(tls: TLSContext) {
        self.tls = tls
    }
}

/// Per-call options.
public struct CallOptions: Sendable {
    /// Time for the whole call, retries included; nil uses the client's default.
    public var timeout: Duration?
    /// Sent to the server as call metadata (request id, caller identity …).
    public var metadata: [String: String] = [:]

    public init(timeout: Duration? = nil, metadata: [String: String] = [:]) {
        self.timeout = timeout
        self.metadata = metadata
    }
}

/// A client for one service, with a pool of connections over its endpoints (instances).
/// Calls go round-robin over connections not backing off; an idempotent call that meets UNAVAILABLE
/// is retried on another connection, with backoff, while its deadline allows. A call the server
/// never saw (its connection went away first, e.g. on the server's idle GoAway) is sent again
/// at once, whatever the method, up to `maximumResends` times.
public final class RPCClient: Sendable {
    private let configuration: RPCClientConfiguration
    private let connections: [ClientConnection]
    private let next = Atomic<Int>(0)
    private let logger: Logger
    /// How many times a call the server never saw is sent again (each on a fresh connection
    /// when the old one went away), before its UNAVAILABLE is the caller's.
    static let maximumResends = 3

    public init(endpoints: [RPCEndpoint], configuration: RPCClientConfiguration,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        precondition(!endpoints.isEmpty, "an RPC client needs at least one endpoint")
        self.configuration = configuration
        self.logger = logger
        // Each endpoint's connections go round the group's loops from the first, so with one per
        // loop every loop has a connection to every instance.
        let loops = Array(group.makeIterator())
        self.connections = endpoints.flatMap { endpoint in
            (0..<max(configuration.connectionsPerEndpoint, 1)).map { index in
                ClientConnection(endpoint: endpoint, configuration: configuration, eventLoop: loops[index % loops.count])
            }
        }
    }

    /// Calls `method` and returns its decoded response.
    /// - Throws: `RPCError` with the server's status, or UNAVAILABLE / DEADLINE_EXCEEDED /
    ///   CANCELLED from the client side.
    @inlinable
    public func call<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>, _ request: Request, options: CallOptions = CallOptions()
    ) async throws -> Response {
        let payload = try await call(method.name, payload: request.serializedBytes(),
                                     idempotent: method.idempotent, options: options)
        do {
            return try Response(protobuf: payload)
        } catch {
            throw RPCError(.internal, "响应格式错误: \(method.name)")
        }
    }

    /// Calls a method by name with an encoded request (for generic callers such as the gateway).
    public func call(_ method: String, payload: [UInt8], idempotent: Bool, options: CallOptions) async throws -> [UInt8] {
        let timeout = options.timeout ?? configuration.defaultTimeout
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        var request = Rpc_V1_Request()
        request.method = method
        request.metadata = options.metadata
        request.payload = payload
        var attempt = 1
        var resends = 0
        while true {
            let remaining = deadline - .now()
            guard remaining > .zero else { throw RPCError(.deadlineExceeded, "调用超时") }
            request.timeoutUs = UInt64(max(remaining.nanoseconds / 1000, 1))
            do {
                let response = try await pick().call(request, deadline: deadline)
                let status = response.status ?? Rpc_V1_Status()  // absent status means OK
                guard status.code == .ok else { throw RPCError(status: status) }
                return response.payload
            } catch is UnprocessedCall where resends < Self.maximumResends {
                resends += 1  // not run by the server: no pause, not an attempt
                logger.debug("sending again a call the server did not see", metadata: ["rpc.method": "\(method)"])
            } catch {
                let failure = (error as? UnprocessedCall)?.error ?? error
                guard let rpcError = failure as? RPCError, rpcError.code == .unavailable, idempotent,
                      attempt < configuration.maximumAttempts else { throw failure }
                let pause = configuration.backoff.delay(afterFailures: attempt)
                guard NIODeadline.now() + pause < deadline else { throw rpcError }
                logger.debug("retrying idempotent call", metadata: ["rpc.method": "\(method)", "attempt": "\(attempt)"])
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(pause.nanoseconds))
            }
        }
    }

    /// Closes every connection.
    public func close() async {
        for connection in connections { await connection.close() }
    }

    /// For a caller running on one of the client's event loops, the next connection in turn on
    /// that loop that is not backing off. Otherwise the next connection in turn that is not
    /// backing off after a failure (a ready one, or one that connects on this call), so calls
    /// spread over every instance and skip unreachable ones; when all are backing off, the next
    /// in turn.
    private func pick() -> ClientConnection {
        let start = next.add(1, ordering: .relaxed).newValue
        let count = connections.count
        // A caller on one of our loops takes a connection of that loop: no thread hop either way.
        for offset in 0..<count {
            let connection = connections[(start + offset) % count]
            if connection.eventLoop.inEventLoop, !connection.isBackingOff { return connection }
        }
        for offset in 0..<count where !connections[(start + offset) % count].isBackingOff {
            return connections[(start + offset) % count]
        }
        return connections[start % count]
    }
}
