// rpc-bench: echo calls over mutual TLS on loopback, one connection, and their rate and latency.
//
//   swift run -c release rpc-bench --concurrency 64 --duration 10
//
// Prints one line per run: RESULT concurrency=N calls_per_s=X p50_us=Y p99_us=Z
import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Proto
import ProtoServices
import RPC
import RPCTestSupport

@main
struct RPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-bench", abstract: "Echo-call throughput and latency over mutual TLS on loopback.")

    @Option(help: "Calls in flight at once on the one connection; repeat for several runs.")
    var concurrency: [Int] = [1]

    @Option(help: "Seconds each run lasts.")
    var duration: Double = 10

    @Option(help: "Request payload bytes (echoed back).")
    var payload: Int = 100

    @Option(help: "Event loop threads (shared by server and client).")
    var threads: Int = System.coreCount

    func run() async throws {
        let logger = Logger(label: "rpc-bench")
        let certificates = try DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot())
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let server = RPCServer(
            configuration: RPCServerConfiguration(
                port: 0, tls: try TLSContext(.directory(certificates.directory, name: "server"), role: .server)),
            services: [EchoService()], group: group, logger: logger)
        try await server.start()
        let client = RPCClient(
            endpoints: [RPCEndpoint(host: "127.0.0.1", port: server.localPort!, serverHostname: "server")],
            configuration: RPCClientConfiguration(
                tls: try TLSContext(.directory(certificates.directory, name: "client"), role: .client)),
            group: group, logger: logger)
        let echo = Testing_V1_EchoClient(client)
        let request = Testing_V1_EchoRequest.with { $0.payload = [UInt8](repeating: 7, count: payload) }
        _ = try await echo.echo(request)  // connect and handshake outside the measurement

        for concurrency in concurrency {
            let result = try await measure(concurrency: concurrency, echo: echo, request: request)
            print(result)
        }
        await client.close()
        await server.drain()
        try await group.shutdownGracefully()
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
}
