#if canImport(Glibc)
import Glibc
#endif
import Logging
import Proto
import ProtoServices
import RPC
@testable import ServiceHost
import RPCTestSupport
import Storage
import Testing

@Suite("Service host")
struct ServiceHostTests {
    @Test("health follows the database: SERVING when reachable, NOT_SERVING when not")
    func healthFollowsDatabase() async throws {
        let (reachable, _) = try await TestCluster.sharedStarted().freshPool()
        var deadConfiguration = DatabasePool.Configuration(url: "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2")
        deadConfiguration.maximumConnections = 1
        let unreachable = DatabasePool(deadConfiguration)
        for (pool, expected) in [(reachable, Health_V1_CheckResponse.ServingStatus.serving), (unreachable, .notServing)] {
            let state = HealthState(serving: expected != .serving)
            await DatabaseMonitor(pool: pool, health: state, logger: Logger(label: "test")).probe()
            let response = try await HealthService(state: state, serviceNames: ["identity.v1.IdentityService"])
                .check(Health_V1_CheckRequest(), context: .testing)
            #expect(response.status == expected)
            await pool.shutdown()
        }
    }

    @Test("health answers SERVICE_UNKNOWN for a service the process does not host")
    func unknownService() async throws {
        let response = try await HealthService(state: HealthState(serving: true), serviceNames: ["a.v1.A"])
            .check(.with { $0.service = "b.v1.B" }, context: .testing)
        #expect(response.status == .serviceUnknown)
    }

    @Test("configuration comes from the environment with local defaults; bad values are named")
    func configuration() throws {
        let defaults = try ServiceConfiguration.fromEnvironment(name: "identity", rpcPort: 7101, metricsPort: 9101, environment: [:])
        #expect(defaults.rpcHost == "127.0.0.1")
        #expect(defaults.rpcPort == 7101)
        #expect(defaults.databaseURL == "postgresql://identity@127.0.0.1:55432/training")
        #expect(defaults.certificateFile == ".dev/certs/identity.pem")
        let custom = try ServiceConfiguration.fromEnvironment(
            name: "identity", rpcPort: 7101, metricsPort: 9101,
            environment: ["RPC_PORT": "8000", "TLS_DIR": "/certs", "LOG_LEVEL": "debug", "DATABASE_URL": "postgresql://x@db/training"])
        #expect(custom.rpcPort == 8000)
        #expect(custom.trustRootsFile == "/certs/ca.pem")
        #expect(custom.logLevel == .debug)
        #expect(custom.databaseURL == "postgresql://x@db/training")
        #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.fromEnvironment(name: "identity", rpcPort: 1, metricsPort: 1, environment: ["RPC_PORT": "eighty"])
        }
        #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.fromEnvironment(name: "identity", rpcPort: 1, metricsPort: 1, environment: ["LOG_LEVEL": "loud"])
        }
    }

    @Test("JSON log lines escape quotes, newlines and control characters")
    func jsonLogLine() {
        let line = String(decoding: JSONLogHandler.encode([("time", "t"), ("level", "info"), ("label", "l"), ("message", "a \"b\"\n\u{1}"), ("x.y", "值")]), as: UTF8.self)
        #expect(line == #"{"time":"t","level":"info","label":"l","message":"a \"b\"\n\u0001","x.y":"值"}"#)
    }

    @Test("log lines are batched in order, warnings and flushes write at once")
    func logOutputBatches() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        func readAll() -> String {
            var bytes = [UInt8](repeating: 0, count: 65_536)
            let count = read(fds[0], &bytes, bytes.count)
            return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : ""
        }
        let output = LogOutput(descriptor: fds[1])
        output.write(Array("one\n".utf8), urgent: false)
        output.write(Array("two\n".utf8), urgent: false)
        #expect(readAll() == "", "a line that is not urgent waits for its batch")
        output.write(Array("three\n".utf8), urgent: true)
        #expect(readAll() == "one\ntwo\nthree\n", "an urgent line takes everything before it along, in order")
        output.write(Array("four\n".utf8), urgent: false)
        output.flush()
        #expect(readAll() == "four\n")
    }

    @Test("a JSON log line has time, level, label, message, then both metadata sets sorted, the event's value winning")
    func jsonLogLineMetadata() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let output = LogOutput(descriptor: fds[1])
        var handler = JSONLogHandler(label: "gateway", level: .info, output: output)
        handler[metadataKey: "log"] = "access"
        handler[metadataKey: "zone"] = "handler"
        var logger = Logger(label: "gateway") { _ in handler }
        logger.logLevel = .info
        logger.warning("http request", metadata: ["zone": "event", "http.status": .stringConvertible(200), "time": "ignored"])
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(fds[0], &bytes, bytes.count)
        let line = String(decoding: bytes[..<max(count, 0)], as: UTF8.self)
        #expect(line.hasPrefix(#"{"time":"20"#))
        #expect(line.hasSuffix(#","level":"warning","label":"gateway","message":"http request","http.status":"200","log":"access","zone":"event"}"# + "\n"),
                "got \(line)")
        #expect(line.utf8.count == 24 + #"{"time":"","level":"warning","label":"gateway","message":"http request","http.status":"200","log":"access","zone":"event"}"#.utf8.count + 1)
    }

    @Test("database failures become the right call statuses")
    func storageErrorMapping() {
        #expect(StorageError.connectionLost.rpcError.code == .unavailable)
        #expect(StorageError.poolTimeout(waited: .seconds(1)).rpcError.code == .unavailable)
        #expect(StorageError.query(sqlState: "57014", constraint: nil, message: "").rpcError.code == .deadlineExceeded)
        #expect(StorageError.query(sqlState: "23505", constraint: "k", message: "dup").rpcError == RPCError(.internal, "服务器内部错误"))
    }
}

extension CallContext {
    static var testing: CallContext {
        CallContext(method: "health.v1.Health/Check", callID: 1, metadata: [:], deadline: nil, peer: nil,
                    logger: Logger(label: "test"))
    }
}
