import OpenSSLCrypto
import Foundation
import Logging

/// One schema change: `NNNN_name.sql`, applied once, in order, never edited after it shipped.
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String

    /// SHA-256 of the SQL text; a changed file no longer matches what the database recorded.
    public var checksum: String { Crypto.sha256Hex(Array(sql.utf8)) }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads `NNNN_name.sql` files from a directory, ordered by version.
    /// - Throws: `MigrationError.badFileName` for a `.sql` file not named that way, or a duplicate version.
    public static func load(directory: String) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for name in names {
            let parts = name.dropLast(4).split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let version = Int(parts[0]), version > 0 else {
                throw MigrationError.badFileName(name)
            }
            let sql = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError.badFileName("two migrations with version \(next.version)")
        }
        return migrations
    }
}

/// Why start-up stopped while migrating.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// An applied migration's file changed since: restore it and add a new migration instead.
    case checksumMismatch(version: Int, name: String)
    /// The database has a migration this build does not know (a newer build ran against it).
    case unknownApplied(version: Int)
    case badFileName(String)

    public var description: String {
        switch self {
        case .checksumMismatch(let version, let name):
            "migration \(version)_\(name) was changed after it was applied; restore the original file and add a new migration"
        case .unknownApplied(let version):
            "the database has migration \(version), which this build does not have; deploy the newer build"
        case .badFileName(let name):
            "bad migration file \(name): expected NNNN_name.sql with a unique version"
        }
    }
}

/// Applies a service's migrations to its own schema at start-up. Several instances may start
/// at once: a PostgreSQL advisory lock (per schema) makes them take turns, so each migration is
/// applied exactly once; each migration and its bookkeeping row commit together.
public struct Migrator: Sendable {
    public let schema: String
    public let migrations: [Migration]

    public init(schema: String, migrations: [Migration]) {
        self.schema = schema
        self.migrations = migrations
    }

    /// Applies what is missing; returns the versions applied by this call.
    /// - Throws: `MigrationError` (start-up must stop), or `StorageError`.
    @discardableResult
    public func migrate(_ pool: DatabasePool, logger: Logger) async throws -> [Int] {
        let schema = schema
        let migrations = migrations
        let applied = try await pool.withConnection { connection in
            // Session-level lock: held across the per-migration transactions below.
            try connection.execute("SELECT pg_advisory_lock(hashtext($1))", [.text("migrate:" + schema)])
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock(hashtext($1))", [.text("migrate:" + schema)]) }
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            var applied: [Int: String] = [:]
            for row in try connection.execute("SELECT version, checksum FROM schema_migrations") {
                applied[try row.decode("version")] = try row.decode("checksum", as: String.self)
            }
            let known = Set(migrations.map(\.version))
            if let unknown = applied.keys.sorted().first(where: { !known.contains($0) }) {
                throw MigrationError.unknownApplied(version: unknown)
            }
            var newlyApplied: [Int] = []
            for migration in migrations {
                if let checksum = applied[migration.version] {
                    guard checksum == migration.checksum else {
                        throw MigrationError.checksumMismatch(version: migration.version, name: migration.name)
                    }
                    continue
                }
                try connection.execute("BEGIN")
                do {
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                        [.int(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
                    try connection.execute("COMMIT")
                } catch {
                    _ = try? connection.execute("ROLLBACK")
                    throw error
                }
                newlyApplied.append(migration.version)
            }
            return newlyApplied
        }
        for version in applied {
            logger.info("migration applied", metadata: ["db.schema": "\(schema)", "migration.version": "\(version)"])
        }
        return applied
    }
}
