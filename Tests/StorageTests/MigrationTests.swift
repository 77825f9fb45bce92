import Foundation
import Logging
import RPCTestSupport
import ServiceHost
import Storage
import Testing

@Suite("Migrations")
struct MigrationTests {
    static let migrations = [
        Migration(version: 1, name: "people", sql: "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);"),
        Migration(version: 2, name: "seed", sql: "INSERT INTO people VALUES (1, '张三'); CREATE INDEX people_name ON people (name);"),
        Migration(version: 3, name: "more", sql: "ALTER TABLE people ADD COLUMN phone text;"),
    ]
    let logger = Logger(label: "test")

    @Test("two instances starting at once apply each migration exactly once")
    func concurrentStartUp() async throws {
        let (first, schema) = try await TestCluster.sharedStarted().freshPool()
        var configuration = DatabasePool.Configuration(url: first.configuration.url)
        configuration.maximumConnections = 2
        let second = DatabasePool(configuration)
        let migrator = Migrator(schema: schema, migrations: Self.migrations)
        async let a = migrator.migrate(first, logger: logger)
        async let b = migrator.migrate(second, logger: logger)
        let (appliedA, appliedB) = try await (a, b)
        #expect(Set(appliedA).isDisjoint(with: appliedB))
        #expect((appliedA + appliedB).sorted() == [1, 2, 3])
        let rows = try await first.transaction { try $0.execute("SELECT count(*) AS n FROM people")[0].decode("n", as: Int.self) }
        #expect(rows == 1)
        #expect(try await migrator.migrate(first, logger: logger) == [])
        await first.shutdown()
        await second.shutdown()
    }

    @Test("a migration changed after it was applied stops start-up with a clear error")
    func tampered() async throws {
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        try await Migrator(schema: schema, migrations: Self.migrations).migrate(pool, logger: logger)
        var tampered = Self.migrations
        tampered[1] = Migration(version: 2, name: "seed", sql: "INSERT INTO people VALUES (2, '李四');")
        let error = await #expect(throws: MigrationError.self) {
            try await Migrator(schema: schema, migrations: tampered).migrate(pool, logger: logger)
        }
        #expect(error == .checksumMismatch(version: 2, name: "seed"))
        #expect("\(error!)".contains("was changed after it was applied"))
        await pool.shutdown()
    }

    @Test("a failing migration leaves neither its changes nor its record")
    func failingMigration() async throws {
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        let broken = Self.migrations + [Migration(version: 4, name: "broken", sql: "CREATE TABLE x (id int); SELECT no_such_column FROM people;")]
        await #expect(throws: StorageError.self) {
            try await Migrator(schema: schema, migrations: broken).migrate(pool, logger: logger)
        }
        let state = try await pool.transaction { tx in
            (try tx.execute("SELECT max(version) AS v FROM schema_migrations")[0].decode("v", as: Int.self),
             try tx.execute("SELECT to_regclass('x') IS NULL AS absent")[0].decode("absent", as: Bool.self))
        }
        #expect(state.0 == 3)
        #expect(state.1)
        await pool.shutdown()
    }

    @Test("a service migration numbered below 0100 is refused: those versions are the host's")
    func serviceVersionsStartAt100() throws {
        let directory = Subprocess.temporaryDirectory + "service-migrations-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "SELECT 1;".write(toFile: directory + "/0100_first.sql", atomically: true, encoding: .utf8)
        #expect(try ServiceHost.migrations(serviceDirectory: directory).map(\.version) == [1, 2, 3, 4, 100])
        try "SELECT 2;".write(toFile: directory + "/0002_clash.sql", atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try ServiceHost.migrations(serviceDirectory: directory) }
    }

    @Test("the identity catalog ships Anhui's cities, the JGJ/T 250 posts, skill levels and province settings")
    func catalog() async throws {
        let root = DevCertificates.repositoryRoot()
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        try await Migrator(schema: schema, migrations: ServiceHost.migrations(serviceDirectory: "\(root)/Services/Identity/Store/Migrations"))
            .migrate(pool, logger: logger)
        let counts = try await pool.transaction { tx in
            (try tx.execute("SELECT count(*) AS n FROM divisions WHERE parent_code = '34'")[0].decode("n", as: Int.self),
             try tx.execute("SELECT count(DISTINCT name) AS n FROM catalog_in_force WHERE kind = 'post'")[0].decode("n", as: Int.self),
             try tx.execute("SELECT name FROM catalog_in_force WHERE kind = 'level' AND code = '5'")[0].decode("name", as: String.self),
             try tx.execute("SELECT value FROM province_settings_in_force WHERE key = 'ce.hours_per_year'")[0].decode("value", as: Int.self),
             try tx.execute("SELECT count(*) AS n FROM catalog_in_force WHERE kind = 'trade'")[0].decode("n", as: Int.self))
        }
        #expect(counts.0 == 16)
        #expect(counts.1 == 8)
        #expect(counts.2 == "初级工")
        #expect(counts.3 == 32)
        #expect(counts.4 == 10)
        await pool.shutdown()
    }

    @Test("SPEC §0: the in-force views answer the version of the latest date not after today; a later one waits")
    func inForceViews() async throws {
        let root = DevCertificates.repositoryRoot()
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        try await Migrator(schema: schema, migrations: ServiceHost.migrations(serviceDirectory: "\(root)/Services/Identity/Store/Migrations"))
            .migrate(pool, logger: logger)
        let seen = try await pool.transaction { tx in
            try tx.execute("""
                INSERT INTO province_settings (key, value, effective_from) VALUES
                    ('ce.hours_per_year', 30, province_today() - 10), ('ce.hours_per_year', 36, province_today()),
                    ('ce.hours_per_year', 40, province_today() + 1)
                """)
            try tx.execute("""
                INSERT INTO catalog_entries (kind, code, effective_from, name, required_hours) VALUES
                    ('trade', 'T03', province_today() + 1, '电焊工', 60), ('trade', 'T11', province_today() + 7, '电工', 48)
                """)
            return (try tx.execute("SELECT value FROM province_settings_in_force WHERE key = 'ce.hours_per_year'")[0].decode("value", as: Int.self),
                    try tx.execute("SELECT name FROM catalog_in_force WHERE kind = 'trade' AND code = 'T03'")[0].decode("name", as: String.self),
                    try tx.execute("SELECT count(*) AS n FROM catalog_in_force WHERE code = 'T11'")[0].decode("n", as: Int.self),
                    try tx.execute("SELECT province_today() = (now() AT TIME ZONE 'Asia/Shanghai')::date AS same")[0].decode("same", as: Bool.self))
        }
        #expect(seen.0 == 36)
        #expect(seen.1 == "焊工")
        #expect(seen.2 == 0)
        #expect(seen.3)
        await pool.shutdown()
    }

    @Test("migration files load in version order; badly named files are refused")
    func loading() throws {
        let directory = Subprocess.temporaryDirectory + "migrations-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "SELECT 2;".write(toFile: directory + "/0002_second.sql", atomically: true, encoding: .utf8)
        try "SELECT 1;".write(toFile: directory + "/0001_first.sql", atomically: true, encoding: .utf8)
        try "notes".write(toFile: directory + "/README.md", atomically: true, encoding: .utf8)
        #expect(try Migration.load(directory: directory).map(\.version) == [1, 2])
        try "SELECT 3;".write(toFile: directory + "/third.sql", atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("third.sql")) { try Migration.load(directory: directory) }
    }

    @Test("every service's shipped migrations load and apply to an empty schema", arguments: [
        "Identity", "Enrollment", "Classes", "Assessment", "Certificates",
    ])
    func shippedMigrations(service: String) async throws {
        let root = DevCertificates.repositoryRoot()
        let migrations = try ServiceHost.migrations(serviceDirectory: "\(root)/Services/\(service)/Store/Migrations")
        #expect(migrations.first?.name == "operation_log")
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool()
        #expect(try await Migrator(schema: schema, migrations: migrations).migrate(pool, logger: logger) == migrations.map(\.version))
        await pool.shutdown()
    }
}
