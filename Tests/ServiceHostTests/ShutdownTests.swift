import Foundation
import Logging
import NIOCore
import Proto
import ProtoServices
import RPC
import RPCTestSupport
@testable import ServiceHost
import ServiceLifecycle
import ServiceLifecycleTestKit
import Storage
import Synchronization
import Testing

/// Graceful shutdown of a service process: background jobs stop at once, the RPC server drains
/// (calls in flight finish, new ones are refused), and the process ends well inside the grace
/// period a container gets.
@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("a periodic job ends as soon as graceful shutdown is triggered, not at the end of its interval")
    func periodicJobStopsAtOnce() async {
        let rounds = Atomic<Int>(0)
        await testGracefulShutdown { trigger in
            let job = Task { @Sendable in await runPeriodically(every: .seconds(300)) { rounds.add(1, ordering: .relaxed) } }
            #expect(await eventually { rounds.load(ordering: .relaxed) == 1 })
            let started = ContinuousClock.now
            trigger.triggerGracefulShutdown()
            await job.value
            #expect(ContinuousClock.now - started < .seconds(2), "the job slept through the shutdown")
            #expect(rounds.load(ordering: .relaxed) == 1)
        }
    }

    @Test("the host's service group drains the RPC server: calls in flight finish, new ones get UNAVAILABLE, and a 5-minute job does not hold it up")
    func serviceGroupDrains() async throws {
        let certificates = try await offload { try DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot()) }
        let sleeping = Atomic<Int>(0)
        let logger = Logger(label: "shutdown-test")
        let server = RPCServer(
            configuration: RPCServerConfiguration(
                port: 0, tls: try TLSContext(.directory(certificates.directory, name: "server"), role: .server)),
            services: [EchoService(onSleep: { _ in sleeping.add(1, ordering: .relaxed) })], logger: logger)
        try await server.start()
        // A real job with a long interval: the database probe, against a database that is not there.
        let unreachable = DatabasePool(DatabasePool.Configuration(url: "postgresql://nobody@127.0.0.1:1/none"))
        let monitor = DatabaseMonitor(pool: unreachable, health: HealthState(), interval: .seconds(300), logger: logger)
        let group = ServiceHost.serviceGroup([server, monitor], shutdownTimeout: .seconds(20), logger: logger)
        let running = Task { try await group.run() }

        var configuration = RPCClientConfiguration(
            tls: try TLSContext(.directory(certificates.directory, name: "client"), role: .client))
        configuration.maximumAttempts = 1
        let client = RPCClient(endpoints: [RPCEndpoint(host: "127.0.0.1", port: server.localPort!, serverHostname: "server")],
                               configuration: configuration, logger: logger)
        let echo = Testing_V1_EchoClient(client)
        let calls = (0..<5).map { index in
            Task { try await echo.echoOnce(.with { $0.payload = [UInt8(index)]; $0.sleepMs = 800 }) }
        }
        #expect(await eventually { sleeping.load(ordering: .relaxed) == 5 })

        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        for (index, call) in calls.enumerated() {
            #expect(try await call.value.payload == [UInt8(index)])
        }
        let refused = await #expect(throws: RPCError.self) { _ = try await echo.echoOnce(Testing_V1_EchoRequest()) }
        #expect(refused?.code == .unavailable)
        try await running.value
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(10), "shutdown took \(elapsed)")
        #expect(server.connectionCount == 0)
        await client.close()
        await unreachable.shutdown()
    }

    @Test("SIGTERM ends the enrollment executable well within the grace period, its 5-minute purge job included")
    func processExitsOnSIGTERM() async throws {
        let certificates = try await offload { try DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot()) }
        let cluster = try await TestCluster.sharedStarted()
        let (pool, schema) = try await cluster.freshPool(maximumConnections: 1)
        await pool.shutdown()
        let executable = try Self.productPath("enrollment")
        let port = Int.random(in: 20_000..<30_000)
        let output = Subprocess.temporaryDirectory + "enrollment-shutdown-\(UUID().uuidString.prefix(8)).log"
        let environment = [
            "DATABASE_URL": cluster.url(schema: schema), "RPC_PORT": String(port), "METRICS_PORT": String(port + 1),
            "TLS_DIR": certificates.directory, "PURGE_INTERVAL_SECONDS": "300", "IDENTITY_ENDPOINTS": "127.0.0.1:1",
            "LOG_FORMAT": "text", "LOG_LEVEL": "debug",
        ]
        guard let child = Subprocess.spawn([executable], environment: environment, outputFile: output) else {
            Issue.record("cannot start \(executable)")
            return
        }
        defer { if child.poll() == nil { child.send(SIGKILL); _ = child.wait() } }
        let log = { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

        let client = RPCClient(
            endpoints: [RPCEndpoint(host: "127.0.0.1", port: port, serverHostname: "enrollment")],
            configuration: RPCClientConfiguration(tls: try TLSContext(.directory(certificates.directory, name: "gateway"), role: .client)),
            logger: Logger(label: "shutdown-test"))
        var serving = false
        for _ in 0..<300 where !serving && child.poll() == nil {
            serving = (try? await Health_V1_HealthClient(client).check(Health_V1_CheckRequest()))?.status == .serving
            if !serving { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(serving, "enrollment never served:\n\(log())")
        #expect(log().contains("sl-service=PurgeJob("), "the purge job was not started:\n\(log())")

        let started = ContinuousClock.now
        child.send(SIGTERM)
        var status: Int32?
        while status == nil, ContinuousClock.now - started < .seconds(30) {
            status = child.poll()
            if status == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let elapsed = ContinuousClock.now - started
        #expect(status == 0, "exit status \(String(describing: status)):\n\(log())")
        #expect(elapsed < .seconds(10), "SIGTERM took \(elapsed) to end the process:\n\(log())")
        #expect(log().contains("rpc server drained"), "the RPC server did not drain:\n\(log())")
        await client.close()
        try? FileManager.default.removeItem(atPath: output)
    }

    /// The path of an executable product built beside this test bundle.
    /// - Throws: when it is not there (build with `swift build --build-tests` first).
    static func productPath(_ name: String) throws -> String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let path = bundle.deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no \(name) beside \(bundle.path)"])
        }
        return path
    }
}

/// Waits up to `seconds` for `condition`.
func eventually(seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
