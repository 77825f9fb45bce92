import Foundation
import Logging
import NIOCore
import RPC
import RPCTestSupport
import ServiceHost
import Storage
import Testing

@Suite("Caller and operation log")
struct OperationLogTests {
    private func context(_ metadata: [String: String]) -> CallContext {
        CallContext(method: "x.v1.X/Y", callID: 1, metadata: metadata, deadline: nil, peer: nil, logger: Logger(label: "test"))
    }

    @Test("ID-7: the forwarded caller round-trips through metadata; permissions are checked")
    func caller() throws {
        let caller = Caller(userID: 9, orgID: 4, roles: ["机构管理员"], permissions: ["enrollment.review"])
        let parsed = try context(caller.metadata).requireCaller()
        #expect(parsed == caller)
        #expect(throws: Never.self) { try parsed.require("enrollment.review") }
        #expect(throws: RPCError(.permissionDenied, "没有权限执行此操作")) { try parsed.require("certificate.cancel") }
    }

    @Test("ID-7: no caller, or a malformed one, is UNAUTHENTICATED", arguments: [
        [:], ["caller-user-id": "abc"], ["caller-user-id": "0"], ["caller-user-id": "3", "caller-org-id": "-1"],
    ] as [[String: String]])
    func missingCaller(metadata: [String: String]) {
        #expect(throws: RPCError(.unauthenticated, "请先登录")) { try context(metadata).requireCaller() }
    }

    @Test("ID-8: a change and its log entry commit together, or neither does")
    func atomic() async throws {
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        let noServiceMigrations = Subprocess.temporaryDirectory + "no-migrations-\(schema)"
        try FileManager.default.createDirectory(atPath: noServiceMigrations, withIntermediateDirectories: true)
        try await Migrator(schema: schema, migrations: ServiceHost.migrations(serviceDirectory: noServiceMigrations))
            .migrate(pool, logger: Logger(label: "test"))
        let caller = Caller(userID: 9, orgID: 4, roles: [], permissions: [])
        try await pool.transaction { tx in
            try tx.execute("CREATE TABLE things (id int PRIMARY KEY)")
        }
        try await pool.transaction { tx in
            try tx.execute("INSERT INTO things VALUES (1)")
            try OperationLog.append(.init(action: "thing.create", targetType: "thing", targetID: "1"),
                                    by: caller, requestID: "r-1", clientIP: "10.0.0.8", in: tx)
        }
        await #expect(throws: StorageError.self) {
            try await pool.transaction { tx in
                try OperationLog.append(.init(action: "thing.create", targetType: "thing", targetID: "1"),
                                        by: caller, requestID: "r-2", in: tx)
                try tx.execute("INSERT INTO things VALUES (1)")  // duplicate key: the whole change fails
            }
        }
        let rows = try await pool.transaction { try $0.execute("SELECT request_id, actor_org_id, host(client_ip) AS ip FROM operation_log") }
        #expect(rows.count == 1)
        #expect(rows.first?["request_id"] == "r-1")
        #expect(rows.first?["actor_org_id"] == "4")
        #expect(rows.first?["ip"] == "10.0.0.8")
        await pool.shutdown()
    }
}
