import Foundation
import RPCTestSupport
import Storage
import Synchronization

/// A temporary PostgreSQL cluster started by `scripts/pg-cluster.sh` on a free port and removed
/// when the test process exits. A cluster that will not start fails the tests (no skipping).
public final class TestCluster: Sendable {
    public let directory: String
    public let port: Int
    private static let root = DevCertificates.repositoryRoot()

    /// Shared by every test that does not restart its cluster; each test takes a fresh schema.
    public static let shared: TestCluster = {
        do { return try TestCluster() } catch { fatalError("PostgreSQL for tests did not start: \(error)") }
    }()

    public init() throws {
        directory = Subprocess.temporaryDirectory + "pg-test-\(UUID().uuidString.prefix(8))"
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = Int.random(in: 20_000..<60_000)
            do {
                try Self.script(["start", directory, String(candidate)])
                port = candidate
                TestCluster.register(directory)
                return
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    public func stop() throws { try Self.script(["stop", directory]) }
    public func start() throws { try Self.script(["start", directory, String(port)]) }

    /// A URL as the superuser, with `schema` first on the search path.
    public func url(schema: String? = nil) -> String {
        let options = schema.map { "?options=-csearch_path%3D\($0)" } ?? ""
        return "postgresql://postgres@127.0.0.1:\(port)/postgres\(options)"
    }

    /// The shared cluster, started off the cooperative pool on first use.
    public static func sharedStarted() async throws -> TestCluster {
        try await offload { TestCluster.shared }
    }

    /// A new, empty schema and a pool whose connections use it.
    public func freshPool(maximumConnections: Int = 4, configure: (inout DatabasePool.Configuration) -> Void = { _ in })
        async throws -> (pool: DatabasePool, schema: String) {
        let schema = "test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_")
        let adminURL = url()
        try await offload {
            let admin = try PostgresConnection(url: adminURL)
            try admin.execute("CREATE SCHEMA \(schema)")  // name made above from a UUID, not from input
        }
        var configuration = DatabasePool.Configuration(url: url(schema: schema))
        configuration.maximumConnections = maximumConnections
        configure(&configuration)
        return (DatabasePool(configuration), schema)
    }

    private static func script(_ arguments: [String]) throws {
        guard Subprocess.run(["/bin/bash", root + "/scripts/pg-cluster.sh"] + arguments) == 0 else {
            throw StorageError.connectionFailed("pg-cluster.sh \(arguments.joined(separator: " ")) failed")
        }
    }

    /// Clusters to stop and delete at exit.
    private static let started = Mutex<[String]>([])

    private static func register(_ directory: String) {
        let first = started.withLock { list in
            list.append(directory)
            return list.count == 1
        }
        if first {
            atexit {
                for directory in TestCluster.started.withLock({ $0 }) {
                    try? TestCluster.script(["stop", directory])
                    try? FileManager.default.removeItem(atPath: directory)
                }
            }
        }
    }
}

