import Foundation
import IdentityDomain
import Logging
import NIOPosix
import OpenSSLCrypto
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// The identity service (SPEC §1, ID-1 … ID-11): sessions, SMS codes, students, the
/// organisation tree, users and roles, enterprises, notices and the operation log. Handlers
/// live in `RPC/`, one file per area; SQL lives in `Store/`; rules in `Domain/`.
public final class IdentityService: Identity_V1_IdentityServiceService, DatabaseService {
    public let database: DatabasePool
    let sms: any SMSSender
    let realName: any RealNameVerifier
    let passwords: PasswordWork
    /// Random bytes for SMS codes: OpenSSL's CSPRNG (a test may give a source that runs dry).
    let randomBytes: @Sendable (Int) -> [UInt8]
    /// Which organisations hold a student's enrollments (ID-9), from the enrollment service.
    let enrollments: any StudentEnrollments
    let settings = SettingsCache()
    let logger: Logger

    public init(database: DatabasePool, enrollments: any StudentEnrollments, sms: any SMSSender = OutboxSMSSender(),
                realName: any RealNameVerifier = DevelopmentRealNameVerifier(),
                randomBytes: @escaping @Sendable (Int) -> [UInt8] = { Crypto.randomBytes($0) }, logger: Logger) {
        self.database = database
        self.enrollments = enrollments
        self.sms = sms
        self.realName = realName
        self.randomBytes = randomBytes
        self.passwords = PasswordWork()
        self.logger = logger
    }

    /// The service's own migrations (the host adds the shared ones).
    public static var migrationsDirectory: String {
        Bundle.module.path(forResource: "Migrations", ofType: nil)!
    }

    /// Now, as Unix seconds.
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

}

/// Password hashing and checking (scrypt, tens of milliseconds of CPU each) on NIO's shared
/// blocking-work threads, so they hold neither an event loop nor a database connection.
final class PasswordWork: Sendable {
    private let threads = NIOThreadPool.singleton
    private let hasher = PasswordHasher()
    /// Checked when the login is unknown, so that case takes as long as a wrong password (ID-1).
    private let decoy: String

    init() {
        decoy = hasher.hash(Crypto.hex(Crypto.randomBytes(16)))
    }

    func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await threads.runIfActive { hasher.hash(password) }
    }

    /// Checks `password` against `stored`, or against a decoy when there is no account.
    func verify(_ password: String, against stored: String?) async throws -> Bool {
        let hasher = self.hasher
        let target = stored ?? decoy
        let matches = try await threads.runIfActive { hasher.verify(password, against: target) }
        return matches && stored != nil
    }
}
