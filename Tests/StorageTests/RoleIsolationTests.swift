import Foundation
import RPCTestSupport
import Storage
import Testing

@Suite("Schema ownership")
struct RoleIsolationTests {
    @Test("scripts/db-init.sql: each service role works in its own schema and is refused another's")
    func rolesOwnOnlyTheirSchema() async throws {
        let cluster = try await TestCluster.sharedStarted()
        let root = DevCertificates.repositoryRoot()
        let script = try String(contentsOfFile: root + "/scripts/db-init.sql", encoding: .utf8)
        let base = "postgresql://%@@127.0.0.1:\(cluster.port)/%@"
        try await offload {
            let admin = try PostgresConnection(url: String(format: base, "postgres", "postgres"))
            try admin.executeScript("CREATE DATABASE training")
            let training = try PostgresConnection(url: String(format: base, "postgres", "training"))
            try training.executeScript(script)
            try training.executeScript(script)  // safe to run again
        }
        let outcome = try await offload { () -> (schema: String, refused: StorageError?) in
            let identity = try PostgresConnection(url: String(format: base, "identity", "training"))
            try identity.execute("CREATE TABLE users (id int)")
            let schema: String = try identity.execute("SELECT current_schema() AS s")[0].decode("s")
            do {
                try identity.execute("SELECT * FROM enrollment.operation_log")
                return (schema, nil)
            } catch let error as StorageError {
                return (schema, error)
            }
        }
        #expect(outcome.schema == "identity")
        guard case .query(let state, _, _)? = outcome.refused else {
            Issue.record("identity could read the enrollment schema")
            return
        }
        #expect(state == "42501")  // insufficient_privilege
    }
}
