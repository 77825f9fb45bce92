import Foundation
import Logging
import NIOCore
import RPCTestSupport
import Storage
import Synchronization
import Testing

@Suite("Storage on a real PostgreSQL")
struct StorageTests {
    @Test("values travel as parameters: an injection-shaped string, Chinese, NULL, bytes and numbers round-trip")
    func parameters() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool()
        let nasty = "'); DROP TABLE people; -- 张三 \\ \" $1"
        let bytes: [UInt8] = [0, 1, 0xFF, 0x5C, 0x78]
        let row = try await pool.transaction { tx in
            try tx.execute("CREATE TABLE people (name text, photo bytea, age int, active bool, note text)")
            try tx.execute("INSERT INTO people VALUES ($1, $2, $3, $4, $5)",
                           [.text(nasty), .bytes(bytes), .int(42), .bool(true), .null])
            return try tx.execute("SELECT * FROM people")[0]
        }
        #expect(try row.decode("name", as: String.self) == nasty)
        #expect(try row.bytes("photo") == bytes)
        #expect(try row.decode("age", as: Int.self) == 42)
        #expect(try row.decode("active", as: Bool.self) == true)
        #expect(try row.decodeIfPresent("note", as: String.self) == nil)
        let count = try await pool.transaction { try $0.execute("SELECT count(*) AS n FROM people")[0].decode("n", as: Int.self) }
        #expect(count == 1)
        await pool.shutdown()
    }

    @Test("prepared statements outlive a rolled-back or failed transaction and tell NULL from bytea parameters apart")
    func preparedStatements() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool(maximumConnections: 1)  // one connection, one cache
        try await pool.transaction { try $0.execute("CREATE TABLE files (id int PRIMARY KEY, body bytea)") }
        struct Boom: Error {}
        let insert = "INSERT INTO files VALUES ($1, $2)"
        // Prepared first inside a transaction that rolls back …
        await #expect(throws: Boom.self) {
            try await pool.transaction { tx in
                try tx.execute(insert, [.int(1), .bytes([1, 2])])
                throw Boom()
            }
        }
        // … and inside one that fails on a statement error.
        await #expect(throws: StorageError.self) {
            try await pool.transaction { tx in
                try tx.execute("SELECT no_such_column FROM files")
            }
        }
        try await pool.transaction { tx in
            try tx.execute(insert, [.int(1), .bytes([1, 2])])
            try tx.execute(insert, [.int(2), .null])
        }
        let rows = try await pool.transaction { try $0.execute("SELECT id, body FROM files ORDER BY id") }
        #expect(rows.count == 2)
        #expect(try rows[0].bytes("body") == [1, 2])
        #expect(rows[1]["body"] == nil)
        let error = await #expect(throws: StorageError.self) {
            try await pool.transaction { try $0.execute("SELECT no_such_column FROM files") }
        }
        #expect(error.map { if case .query(sqlState: "42703", _, _) = $0 { true } else { false } } == true)
        await pool.shutdown()
    }

    @Test("a prepared statement's column layout, kept from its first run, names the columns of every later run")
    func columnLayoutReused() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool(maximumConnections: 1)  // one connection, one cache
        let sql = "SELECT $1::int AS a, $2::text AS b, 'first' AS dup, 'second' AS dup"
        for round in 0..<3 {
            let row = try await pool.withConnection { try $0.execute(sql, [.int(Int64(round)), .text("第\(round)")])[0] }
            #expect(try row.decode("a", as: Int.self) == round)
            #expect(row["b"] == "第\(round)")
            #expect(row["dup"] == "first", "a repeated name is its first column")
            #expect(row["missing"] == nil)
        }
        let empty = try await pool.withConnection { try $0.execute("SELECT 1 AS one WHERE $1::bool", [.bool(false)]) }
        #expect(empty.isEmpty && empty.columns == ["one"])
        await pool.shutdown()
    }

    @Test("text[] parameters and columns round-trip quotes, backslashes, commas, braces, NULL and Chinese")
    func textArrays() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool()
        let elements = ["管理员", "a,b", "say \"hi\"", "back\\slash", "{brace}", "NULL", "", " spaced "]
        let row = try await pool.transaction { tx in
            try tx.execute("SELECT $1::text[] AS given, '{}'::text[] AS empty, NULL::text[] AS missing, ARRAY['x', NULL] AS holes",
                           [.textArray(elements)])[0]
        }
        #expect(try row.strings("given") == elements)
        #expect(try row.strings("empty") == [])
        #expect(try row.strings("missing") == [])
        #expect(try row.strings("holes") == ["x"])
        await pool.shutdown()
    }

    @Test("a transaction that fails leaves nothing behind")
    func rollback() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool()
        try await pool.transaction { try $0.execute("CREATE TABLE items (id int PRIMARY KEY)") }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await pool.transaction { tx in
                try tx.execute("INSERT INTO items VALUES (1)")
                throw Boom()
            }
        }
        let error = await #expect(throws: StorageError.self) {
            try await pool.transaction { tx in
                try tx.execute("INSERT INTO items VALUES (2)")
                try tx.execute("INSERT INTO items VALUES (2)")
            }
        }
        #expect(error?.isUniqueViolation == true)
        let count = try await pool.transaction { try $0.execute("SELECT count(*) AS n FROM items")[0].decode("n", as: Int.self) }
        #expect(count == 0)
        await pool.shutdown()
    }

    @Test("serialization failures are retried until every concurrent increment lands")
    func serializationRetry() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool(maximumConnections: 4) { $0.transactionAttempts = 30 }
        try await pool.transaction { tx in
            try tx.execute("CREATE TABLE counter (n int)")
            try tx.execute("INSERT INTO counter VALUES (0)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.transaction(isolation: .serializable) { tx in
                        let n = try tx.execute("SELECT n FROM counter")[0].decode("n", as: Int.self)
                        try tx.execute("SELECT pg_sleep(0.01)")
                        try tx.execute("UPDATE counter SET n = $1", [.int(Int64(n + 1))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let n = try await pool.transaction { try $0.execute("SELECT n FROM counter")[0].decode("n", as: Int.self) }
        #expect(n == 12)
        await pool.shutdown()
    }

    @Test("an exhausted pool makes callers wait, then fail with a clear timeout")
    func poolExhaustion() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool(maximumConnections: 2) { $0.acquireTimeout = .milliseconds(300) }
        let holders = (0..<2).map { _ in Task { try await pool.withConnection { try $0.execute("SELECT pg_sleep(1.5)") } } }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        let error = await #expect(throws: StorageError.self) { try await pool.withConnection { try $0.execute("SELECT 1") } }
        let waited = ContinuousClock.now - started
        #expect(error == .poolTimeout(waited: .milliseconds(300)))
        #expect(waited >= .milliseconds(280) && waited < .seconds(1), "waited \(waited)")
        #expect("\(error!)".contains("no database connection free"))
        for holder in holders { _ = try await holder.value }
        // A waiter that is patient enough gets the connection a holder returns.
        // (Short holds: on a loaded machine a 0.15 s hold plus scheduling came near the 0.3 s limit.)
        let patient = Task { try await pool.withConnection { try $0.execute("SELECT pg_sleep(0.05)") } }
        let second = Task { try await pool.withConnection { try $0.execute("SELECT pg_sleep(0.05)") } }
        let third = Task { try await pool.withConnection { try $0.execute("SELECT 3 AS n")[0].decode("n", as: Int.self) } }
        #expect(try await third.value == 3)  // waited about 0.05 s for a returned connection
        _ = try await patient.value
        _ = try await second.value
        #expect(pool.openConnections <= 2)
        await pool.shutdown()
    }

    @Test("a deadline cancels a statement that runs past it")
    func statementTimeout() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool()
        let started = ContinuousClock.now
        let error = await #expect(throws: StorageError.self) {
            try await pool.transaction(deadline: .now() + .milliseconds(300)) { try $0.execute("SELECT pg_sleep(20)") }
        }
        #expect(error == .query(sqlState: "57014", constraint: nil, message: "canceling statement due to statement timeout"))
        #expect(ContinuousClock.now - started < .seconds(8), "the statement ran on past its deadline")
        #expect(try await pool.withConnection { try $0.execute("SELECT 1 AS one")[0].decode("one", as: Int.self) } == 1)
        await pool.shutdown()
    }

    @Test("a PostgreSQL restart mid-run is survived: calls fail fast while it is down, succeed after")
    func restart() async throws {
        let cluster = try await offload { try TestCluster() }
        var configuration = DatabasePool.Configuration(url: cluster.url())
        configuration.maximumConnections = 3
        let pool = DatabasePool(configuration)
        func one() async throws -> Int {
            try await pool.withConnection { try $0.execute("SELECT 1 AS one")[0].decode("one", as: Int.self) }
        }
        #expect(try await one() == 1)
        try await offload { try cluster.stop() }
        let started = ContinuousClock.now
        for _ in 0..<3 {
            await #expect(throws: StorageError.self) { _ = try await one() }
        }
        #expect(ContinuousClock.now - started < .seconds(5), "calls hung while the database was down")
        try await offload { try cluster.start() }
        var recovered = false
        for _ in 0..<20 where !recovered {
            recovered = (try? await one()) == 1
            if !recovered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(recovered)
        #expect(try await one() == 1)
        #expect(pool.openConnections >= 1)
        await pool.shutdown()
        try await offload { try cluster.stop() }
    }
}
