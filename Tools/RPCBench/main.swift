// rpc-bench: echo calls over mutual TLS, one connection, and their rate and latency.
//
//   swift run -c release rpc-bench --concurrency 64 --duration 10       # server and client in one process
//   rpc-bench --server-only --port 7199 --certificates DIR               # server alone, until SIGINT/SIGTERM
//   rpc-bench --connect 127.0.0.1:7199 --certificates DIR --concurrency 64   # client alone
//
// Prints one line per run: RESULT concurrency=N calls_per_s=X p50_us=Y p99_us=Z. The server
// alone prints LISTENING port=N certificates=DIR once it accepts connections.
import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Proto
import ProtoServices
import RPC
import RPCTestSupport
import ServiceLifecycle

@main
struct RPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-bench", abstract: "Echo-call throughput and latency over mutual TLS.")

    @Option(help: "Calls in flight at once on the one connection; repeat for several runs.")
    var concurrency: [Int] = [1]

    @Option(help: "Seconds each run lasts.")
    var duration: Double = 10

    @Option(help: "Request payload bytes (echoed back).")
    var payload: Int = 100

    @Option(help: "Event loop threads (of this process: shared by server and client when both run here).")
    var threads: Int = System.coreCount

    @Flag(help: "Run only the echo server and serve until SIGINT or SIGTERM.")
    var serverOnly = false

    @Option(help: "With --server-only: the port to listen on (0 picks a free one; the port is printed).")
    var port = 0

    @Option(help: "Run only the client, against a server at HOST:PORT (e.g. one started with --server-only).")
    var connect: String?

    @Option(help: "Directory with ca.pem, server.pem/.key and client.pem/.key (scripts/dev-certs.sh DIR server client); required with --connect, made afresh otherwise.")
    var certificates: String?

    func validate() throws {
        if serverOnly, connect != nil { throw ValidationError("--server-only and --connect exclude each other") }
        if connect != nil, certificates == nil { throw ValidationError("--connect needs --certificates (the server's CA)") }
        if let connect, Self.endpoint(connect) == nil { throw ValidationError("--connect expects HOST:PORT, got \(connect)") }
    }

    func run() async throws {
        let logger = Logger(label: "rpc-bench")
        let directory = try certificates ?? DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot()).directory
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        if serverOnly {
            try await serve(certificates: directory, group: group, logger: logger)
        } else if let connect, let (host, port) = Self.endpoint(connect) {
            try await measure(host: host, port: port, certificates: directory, group: group, logger: logger)
        } else {
            let server = try makeServer(port: 0, certificates: directory, group: group, logger: logger)
            try await server.start()
            try await measure(host: "127.0.0.1", port: server.localPort!, certificates: directory, group: group, logger: logger)
            await server.drain()
        }
        try await group.shutdownGracefully()
    }

    private func makeServer(port: Int, certificates: String, group: any EventLoopGroup, logger: Logger) throws -> RPCServer {
        RPCServer(
            configuration: RPCServerConfiguration(
                host: "127.0.0.1", port: port, tls: try TLSContext(.directory(certificates, name: "server"), role: .server)),
            services: [EchoService()], group: group, logger: logger)
    }

    /// The server alone, until SIGINT or SIGTERM; then it drains.
    private func serve(certificates: String, group: any EventLoopGroup, logger: Logger) async throws {
        let server = try makeServer(port: port, certificates: certificates, group: group, logger: logger)
        try await server.start()
        // Unbuffered, so a script reading a pipe sees it at once.
        FileHandle.standardOutput.write(Data("LISTENING port=\(server.localPort!) certificates=\(certificates)\n".utf8))
        try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigint, .sigterm], logger: logger).run()
    }

    /// One client connection to `host:port`, a run per `concurrency`.
    private func measure(host: String, port: Int, certificates: String, group: any EventLoopGroup, logger: Logger) async throws {
        let client = RPCClient(
            endpoints: [RPCEndpoint(host: host, port: port, serverHostname: "server")],
            configuration: RPCClientConfiguration(tls: try TLSContext(.directory(certificates, name: "client"), role: .client)),
            group: group, logger: logger)
        let echo = Testing_V1_EchoClient(client)
        let request = Testing_V1_EchoRequest.with { $0.payload = [UInt8](repeating: 7, count: payload) }
        _ = try await echo.echo(request)  // connect and handshake outside the measurement
        for concurrency in concurrency {
            print(try await measure(concurrency: concurrency, echo: echo, request: request))
        }
        await client.close()
    }

    private func measure(concurrency: Int, echo: Testing_V1_EchoClient,
                         request: Testing_V1_EchoRequest) async throws -> String {
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(duration * 1000))
        let started = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var samples: [Int] = []
                    samples.reserveCapacity(200_000)
                    while clock.now < end {
                        let before = clock.now
                        let response = try await echo.echo(request)
                        precondition(response.payload.count == request.payload.count, "echo mismatch")
                        let elapsed = before.duration(to: clock.now)
                        samples.append(Int(elapsed.components.attoseconds / 1_000_000_000_000)
                                       + Int(elapsed.components.seconds) * 1_000_000)
                    }
                    return samples
                }
            }
            var all: [Int] = []
            for try await samples in group { all += samples }
            return all.sorted()
        }
        let seconds = Double(started.duration(to: clock.now).components.attoseconds) / 1e18
            + Double(started.duration(to: clock.now).components.seconds)
        let rate = Double(latencies.count) / seconds
        func percentile(_ p: Double) -> Int { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return "RESULT concurrency=\(concurrency) calls_per_s=\(Int(rate)) p50_us=\(percentile(0.50)) p99_us=\(percentile(0.99))"
    }

    /// `HOST:PORT` split, or nil when it is not that.
    static func endpoint(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              colon > text.startIndex else { return nil }
        return (String(text[..<colon]), port)
    }
}
