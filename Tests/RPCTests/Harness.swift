import InMemoryLogging
import Logging
import NIOCore
import NIOPosix
import Proto
import ProtoServices
@testable import RPC
import RPCTestSupport

/// Certificates shared by every test in the process (made once by scripts/dev-certs.sh).
let certificates: DevCertificates = {
    do { return try DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot()) } catch {
        fatalError("cannot create test certificates: \(error)")
    }
}()

func tlsContext(_ name: String, role: TLSRole, foreign: Bool = false,
                configure: (inout TLSConfiguration) -> Void = { _ in }) throws -> TLSContext {
    let directory = foreign ? certificates.foreignDirectory : certificates.directory
    var configuration = TLSConfiguration(
        certificateChainFile: "\(directory)/\(name).pem", privateKeyFile: "\(directory)/\(name).key",
        trustRootsFile: "\(directory)/ca.pem")
    configure(&configuration)
    return try TLSContext(configuration, role: role)
}

/// A server on 127.0.0.1 with a free port, its captured logs, and a client for it.
struct Harness {
    let server: RPCServer
    let logs: InMemoryLogHandler
    let port: Int

    static func start(services: [any RPCService] = [EchoService()], port: Int = 0,
                      configure: (inout RPCServerConfiguration) -> Void = { _ in }) async throws -> Harness {
        _ = try await offload { certificates }  // made once, off the cooperative pool
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "test-server") { _ in logs }
        logger.logLevel = .debug
        var configuration = RPCServerConfiguration(port: port, tls: try tlsContext("server", role: .server))
        configure(&configuration)
        let server = RPCServer(configuration: configuration, services: services, logger: logger)
        try await server.start()
        return Harness(server: server, logs: logs, port: server.localPort!)
    }

    func client(certificate: String = "client", serverHostname: String = "server", foreign: Bool = false,
                configureTLS: (inout TLSConfiguration) -> Void = { _ in },
                configure: (inout RPCClientConfiguration) -> Void = { _ in }) throws -> RPCClient {
        var configuration = RPCClientConfiguration(
            tls: try tlsContext(certificate, role: .client, foreign: foreign, configure: configureTLS))
        configuration.maximumAttempts = 1
        configure(&configuration)
        return RPCClient(endpoints: [RPCEndpoint(host: "127.0.0.1", port: port, serverHostname: serverHostname)],
                         configuration: configuration, logger: Logger(label: "test-client"))
    }

    func echo(_ configure: (inout RPCClientConfiguration) -> Void = { _ in }) throws -> Testing_V1_EchoClient {
        Testing_V1_EchoClient(try client(configure: configure))
    }

    /// Whether the server logged a TLS failure whose reason contains `text`.
    func serverLoggedTLSFailure(containing text: String) -> Bool {
        logs.entries.contains { entry in
            entry.message.description == "tls failure" && "\(entry.metadata["tls.error"] ?? "")".contains(text)
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }
}

/// A TLS connection that sends raw bytes and collects whole envelopes, for protocol tests.
final class RawConnection {
    let channel: any Channel
    private var envelopes: AsyncStream<Rpc_V1_Envelope>.Iterator

    init(port: Int) async throws {
        let (stream, continuation) = AsyncStream<Rpc_V1_Envelope>.makeStream()
        envelopes = stream.makeAsyncIterator()
        let tls = try tlsContext("client", role: .client)
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OpenSSLHandler(context: tls, serverHostname: "server"))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func send(_ envelope: Rpc_V1_Envelope) async throws {
        try await channel.writeAndFlush(EnvelopeCodec.frame(envelope, allocator: ByteBufferAllocator()))
    }

    /// The next envelope, or nil once the server closed the connection.
    func next() async -> Rpc_V1_Envelope? {
        var iterator = envelopes
        defer { envelopes = iterator }
        return await iterator.next()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var decoder = FrameDecoder()
        private var buffered = ByteBuffer()
        private let continuation: AsyncStream<Rpc_V1_Envelope>.Continuation

        init(_ continuation: AsyncStream<Rpc_V1_Envelope>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffered.writeBuffer(&bytes)
            while let frame = try? decoder.nextFrame(&buffered) {
                if let envelope = try? frame.withUnsafeReadableBytes({ try Rpc_V1_Envelope(protobuf: $0) }) {
                    continuation.yield(envelope)
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
        }
    }
}

extension Rpc_V1_Envelope {
    static func request(_ callID: UInt64, method: String, payload: [UInt8] = []) -> Rpc_V1_Envelope {
        .with {
            $0.callID = callID
            $0.kind = .request(.with { $0.method = method; $0.payload = payload })
        }
    }

    var responseCode: RPCCode? {
        if case .response(let response)? = kind { return response.status?.code ?? .ok }
        return nil
    }

    var goAway: Rpc_V1_GoAway? {
        if case .goAway(let goAway)? = kind { return goAway }
        return nil
    }
}
