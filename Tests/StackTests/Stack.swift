import Foundation
@testable import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import AssessmentService
import CertificatesService
import ClassesService
import EnrollmentService
import IdentityService
import Logging
import NIOCore
import Proto
import RPC
import RPCTestSupport
import ServiceHost
import Storage
import Synchronization

/// The identity, enrollment, classes, assessment and certificates services on real TLS over 127.0.0.1, each with a fresh PostgreSQL
/// schema (identity's holding the demo data), enrollment asking identity's directory over mutual
/// TLS (and identity asking enrollment which organisations hold a student, ID-9), and the gateway
/// in front of both. One per test process; each test makes its own users,
/// students and plans where it changes state, so tests run in parallel.
final class Stack: Sendable {
    let database: DatabasePool
    let server: RPCServer
    let enrollmentDatabase: DatabasePool
    /// A URL of the enrollment schema, for more pools on it (a second instance's).
    let enrollmentURL: String
    let enrollmentServer: RPCServer
    let classesDatabase: DatabasePool
    let classesServer: RPCServer
    let assessmentDatabase: DatabasePool
    let assessmentServer: RPCServer
    let certificatesDatabase: DatabasePool
    let certificatesServer: RPCServer
    /// The authorities' signing keys (province 3400, 合肥 3401, 六安 3415), made for this process.
    let signingKeys: SigningKeys
    static let lookupURL = "https://zs.example.test/verify"
    /// Classes' client of enrollment, with failures tests can inject per plan.
    let enrollmentPlans: FaultyEnrollmentPlans
    let backends: Backends
    /// Identity's client of enrollment, bound once enrollment listens (it needs identity's port first).
    let studentEnrollments: LateStudentEnrollments

    static let shared = Task { try await Stack() }
    /// The gateway's bundled front-end files, read once.
    static let web = Result { try StaticFiles.bundled() }

    private init() async throws {
        let certificates = try await offload { try DevCertificates.make(repositoryRoot: DevCertificates.repositoryRoot()) }
        let (pool, schema) = try await TestCluster.sharedStarted().freshPool(maximumConnections: 8)
        let logger = Logger(label: "identity-test")
        let migrations = try ServiceHost.migrations(serviceDirectory: IdentityService.migrationsDirectory)
        _ = try await Migrator(schema: schema, migrations: migrations).migrate(pool, logger: logger)
        try await DemoData.seed(pool)
        database = pool

        self.certificates = certificates
        let studentEnrollments = LateStudentEnrollments()
        self.studentEnrollments = studentEnrollments
        server = try await Self.identityServer(database: pool, enrollments: studentEnrollments, certificates: certificates)

        let cluster = try await TestCluster.sharedStarted()
        let (enrollmentPool, enrollmentSchema) = try await cluster.freshPool(maximumConnections: 8)
        _ = try await Migrator(schema: enrollmentSchema, migrations: try ServiceHost.migrations(
            serviceDirectory: EnrollmentService.migrationsDirectory)).migrate(enrollmentPool, logger: logger)
        enrollmentDatabase = enrollmentPool
        enrollmentURL = cluster.url(schema: enrollmentSchema)
        let directory = try Self.client(as: "enrollment", to: server, hostname: "identity", certificates)
        let enrollmentLogger = Logger(label: "enrollment-test")
        let training = LateClassTraining()
        let tests = LateAssessmentLookup()
        let enrollment = EnrollmentService(database: enrollmentPool, identity: DirectoryIdentityFacts(client: directory),
                                           classTraining: training, assessments: tests, logger: enrollmentLogger)
        enrollmentServer = RPCServer(
            configuration: RPCServerConfiguration(port: 0, tls: try TLSContext(Self.tls("enrollment", certificates), role: .server)),
            services: [enrollment, enrollment.operationLog],
            logger: enrollmentLogger)
        try await enrollmentServer.start()
        studentEnrollments.bind(EnrollmentServiceStudentEnrollments(
            client: try Self.client(as: "identity", to: enrollmentServer, hostname: "enrollment", certificates)))

        let (classesPool, classesSchema) = try await cluster.freshPool(maximumConnections: 8)
        _ = try await Migrator(schema: classesSchema, migrations: try ServiceHost.migrations(
            serviceDirectory: ClassesService.migrationsDirectory)).migrate(classesPool, logger: logger)
        classesDatabase = classesPool
        let plans = FaultyEnrollmentPlans(EnrollmentServicePlans(
            client: try Self.client(as: "classes", to: enrollmentServer, hostname: "enrollment", certificates)))
        enrollmentPlans = plans
        let classes = ClassesService(database: classesPool,
                                     identity: DirectoryIdentityFacts(client: try Self.client(as: "classes", to: server, hostname: "identity", certificates)),
                                     enrollment: plans, logger: Logger(label: "classes-test"))
        classesServer = RPCServer(
            configuration: RPCServerConfiguration(port: 0, tls: try TLSContext(Self.tls("classes", certificates), role: .server)),
            services: [classes, classes.directory, classes.operationLog], logger: Logger(label: "classes-test"))
        try await classesServer.start()
        training.bind(ClassesDirectoryTraining(client: try Self.client(as: "enrollment", to: classesServer, hostname: "classes", certificates)))

        let (assessmentPool, assessmentSchema) = try await cluster.freshPool(maximumConnections: 8)
        _ = try await Migrator(schema: assessmentSchema, migrations: try ServiceHost.migrations(
            serviceDirectory: AssessmentService.migrationsDirectory)).migrate(assessmentPool, logger: logger)
        assessmentDatabase = assessmentPool
        let assessmentLogger = Logger(label: "assessment-test")
        let assessment = AssessmentService(
            database: assessmentPool,
            identity: DirectoryIdentityFacts(client: try Self.client(as: "assessment", to: server, hostname: "identity", certificates)),
            classes: ClassesDirectoryFacts(client: try Self.client(as: "assessment", to: classesServer, hostname: "classes", certificates)),
            logger: assessmentLogger)
        assessmentServer = RPCServer(
            configuration: RPCServerConfiguration(port: 0, tls: try TLSContext(Self.tls("assessment", certificates), role: .server)),
            services: [assessment, assessment.directory, assessment.operationLog], logger: assessmentLogger)
        try await assessmentServer.start()
        tests.bind(AssessmentDirectoryLookup(client: try Self.client(as: "enrollment", to: assessmentServer, hostname: "assessment", certificates)))

        let (certificatesPool, certificatesSchema) = try await cluster.freshPool(maximumConnections: 8)
        _ = try await Migrator(schema: certificatesSchema, migrations: try ServiceHost.migrations(
            serviceDirectory: CertificatesService.migrationsDirectory)).migrate(certificatesPool, logger: logger)
        certificatesDatabase = certificatesPool
        signingKeys = try SigningKeys(privateKeys: ["3400-2026a": .generate(), "3401-2026a": .generate(), "3415-2026a": .generate()])
        certificatesServer = try await Self.certificatesServer(database: certificatesPool, identity: server, assessment: assessmentServer,
                                                               keys: signingKeys, certificates: certificates)
        backends = try Self.backends(identity: [server], enrollment: enrollmentServer, classes: classesServer,
                                     assessment: assessmentServer, certificatesService: [certificatesServer], certificates: certificates)
    }

    /// A client that presents `name`'s certificate to `server` (verified as `hostname`).
    static func client(as name: String, to server: RPCServer, hostname: String, _ certificates: DevCertificates) throws -> RPCClient {
        RPCClient(endpoints: [RPCEndpoint(host: "127.0.0.1", port: server.localPort!, serverHostname: hostname)],
                  configuration: RPCClientConfiguration(tls: try TLSContext(tls(name, certificates), role: .client)),
                  logger: Logger(label: "test-client"))
    }

    /// A client of this stack's `server` presenting `name`'s certificate.
    func client(as name: String, to server: RPCServer, hostname: String) throws -> RPCClient {
        try Self.client(as: name, to: server, hostname: hostname, certificates)
    }

    private let certificates: DevCertificates
    /// The cluster's development CA and certificates (the registry simulator's among them).
    var devCertificates: DevCertificates { certificates }

    private static func tls(_ name: String, _ certificates: DevCertificates) -> TLSConfiguration {
        TLSConfiguration(certificateChainFile: certificates.path("\(name).pem"), privateKeyFile: certificates.path("\(name).key"),
                         trustRootsFile: certificates.path("ca.pem"))
    }

    /// A started certificates service instance on `database` (another instance: the same database).
    static func certificatesServer(database: DatabasePool, identity: RPCServer, assessment: RPCServer, keys: SigningKeys,
                                   certificates: DevCertificates) async throws -> RPCServer {
        let logger = Logger(label: "certificates-test")
        let service = CertificatesService(
            database: database,
            identity: DirectoryIdentityFacts(client: try client(as: "certificates", to: identity, hostname: "identity", certificates)),
            assessment: AssessmentDirectoryFacts(client: try client(as: "certificates", to: assessment, hostname: "assessment", certificates)),
            keys: keys, lookupURL: lookupURL, logger: logger)
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, tls: try TLSContext(tls("certificates", certificates), role: .server)),
            services: [service, service.lookup, service.operationLog], logger: logger)
        try await server.start()
        return server
    }

    /// A second certificates instance on the stack's database (CE-1's allocation across instances).
    func certificatesInstance() async throws -> RPCServer {
        try await Self.certificatesServer(database: certificatesDatabase, identity: server, assessment: assessmentServer,
                                          keys: signingKeys, certificates: certificates)
    }

    /// A started identity service instance over mutual TLS on a free port.
    private static func identityServer(database: DatabasePool, enrollments: any StudentEnrollments,
                                       certificates: DevCertificates) async throws -> RPCServer {
        let logger = Logger(label: "identity-test")
        let identity = IdentityService(database: database, enrollments: enrollments, logger: logger)
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, tls: try TLSContext(tls("identity", certificates), role: .server)),
            services: [identity, identity.operationLog, IdentityDirectory(database: database)], logger: logger)
        try await server.start()
        return server
    }

    private static func backends(identity: [RPCServer], enrollment: RPCServer, classes: RPCServer, assessment: RPCServer,
                                 certificatesService: [RPCServer], certificates: DevCertificates) throws -> Backends {
        let configuration = GatewayConfiguration(
            httpHost: "127.0.0.1", httpPort: 0, metricsHost: "127.0.0.1", metricsPort: 0, tls: tls("gateway", certificates),
            backends: ["identity": identity.map { RPCEndpoint(host: "127.0.0.1", port: $0.localPort!, serverHostname: "identity") },
                       "enrollment": [RPCEndpoint(host: "127.0.0.1", port: enrollment.localPort!, serverHostname: "enrollment")],
                       "classes": [RPCEndpoint(host: "127.0.0.1", port: classes.localPort!, serverHostname: "classes")],
                       "assessment": [RPCEndpoint(host: "127.0.0.1", port: assessment.localPort!, serverHostname: "assessment")],
                       "certificates": certificatesService.map {
                           RPCEndpoint(host: "127.0.0.1", port: $0.localPort!, serverHostname: "certificates")
                       }],
            logLevel: .info, logFormat: .text, rateLimits: [:])
        return try Backends(configuration: configuration, logger: Logger(label: "gateway-test"))
    }

    /// More identity instances on the same database, and backends balancing over them (GW-4).
    func instances(_ count: Int) async throws -> (servers: [RPCServer], backends: Backends) {
        var servers: [RPCServer] = []
        for _ in 0..<count {
            servers.append(try await Self.identityServer(database: database, enrollments: studentEnrollments, certificates: certificates))
        }
        return (servers, try Self.backends(identity: servers, enrollment: enrollmentServer, classes: classesServer,
                                               assessment: assessmentServer, certificatesService: [certificatesServer],
                                               certificates: certificates))
    }

    /// Backends whose certificates service is `instances` (several instances behind one gateway).
    func backends(certificatesInstances instances: [RPCServer]) throws -> Backends {
        try Self.backends(identity: [server], enrollment: enrollmentServer, classes: classesServer, assessment: assessmentServer,
                          certificatesService: instances, certificates: certificates)
    }

    /// Runs `body` against a live gateway on a free port (over `backends`, by default the stack's).
    func gateway<T: Sendable>(backends: Backends? = nil, rateLimits: [String: Int] = ["login": 100_000, "sms": 100_000],
                              web: StaticFiles? = nil,
                              accessLogger: Logger = Logger(label: "gateway.access") { _ in SwiftLogNoOpLogHandler() },
                              _ body: @escaping @Sendable (HTTP) async throws -> T) async throws -> T {
        let (router, _) = GatewayApplication.router(backends: backends ?? self.backends, rateLimits: rateLimits,
                                                    web: try web ?? Self.web.get(), accessLogger: accessLogger)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in try await body(HTTP(client: client)) }
    }

    /// The newest SMS code the outbox holds for `phone`.
    /// - Throws: `TestFailure` when no message went to it.
    func smsCode(to phone: String) async throws -> String {
        let text: String? = try await database.transaction { tx in
            try tx.execute("SELECT text FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1", [.text(phone)])
                .first?.decode("text")
        }
        guard let text else { throw TestFailure("no SMS was sent to \(phone)") }
        return String(text.filter(\.isNumber).prefix(6))
    }

    /// Operation-log entries a request left.
    func logEntries(requestID: String) async throws -> [String] {
        try await database.transaction { tx in
            try tx.execute("SELECT action FROM operation_log WHERE request_id = $1 ORDER BY id", [.text(requestID)])
                .map { try $0.decode("action", as: String.self) }
        }
    }

    /// An organisation's id by its code.
    func organisationID(code: String) async throws -> Int64 {
        try await database.transaction { tx in try tx.execute("SELECT id FROM organisations WHERE code = $1", [.text(code)])[0].decode("id") }
    }

    func userID(username: String) async throws -> Int64 {
        try await database.transaction { tx in try tx.execute("SELECT id FROM users WHERE username = $1", [.text(username)])[0].decode("id") }
    }
}

/// Classes' view of enrollment with failures injected per plan: the mark fails before it reaches
/// enrollment, or reaches it and the answer is lost (CL-2: "a retry never marks twice").
final class FaultyEnrollmentPlans: EnrollmentPlans {
    enum Fault: Sendable { case beforeMark, afterMark }
    private let plans: EnrollmentServicePlans
    private let faults = Mutex<[Int64: Fault]>([:])

    init(_ plans: EnrollmentServicePlans) { self.plans = plans }

    /// The next mark of `planID` fails this way (once).
    func inject(_ fault: Fault, planID: Int64) { faults.withLock { $0[planID] = fault } }

    func roster(planID: Int64, post: String, options: CallOptions) async throws -> Enrollment_V1_PlanRoster {
        try await plans.roster(planID: planID, post: post, options: options)
    }

    func markClassApplicationSubmitted(planID: Int64, classID: Int64, options: CallOptions) async throws -> Int64 {
        let fault = faults.withLock { $0.removeValue(forKey: planID) }
        if fault == .beforeMark { throw RPCError(.unavailable, "注入故障：未送达") }
        let time = try await plans.markClassApplicationSubmitted(planID: planID, classID: classID, options: options)
        if fault == .afterMark { throw RPCError(.unavailable, "注入故障：应答丢失") }
        return time
    }

    func deliver(_ messages: [OutboxMessage], options: CallOptions) async throws {
        try await plans.deliver(messages, options: options)
    }
}

/// `StudentEnrollments` bound after construction: the stack starts identity before enrollment.
final class LateStudentEnrollments: StudentEnrollments {
    private let bound = Mutex<EnrollmentServiceStudentEnrollments?>(nil)

    func bind(_ enrollments: EnrollmentServiceStudentEnrollments) {
        bound.withLock { $0 = enrollments }
    }

    func organisations(holdingStudent studentUserID: Int64, options: CallOptions) async throws -> [Int64] {
        guard let enrollments = bound.withLock({ $0 }) else { throw RPCError(.unavailable, "enrollment not started") }
        return try await enrollments.organisations(holdingStudent: studentUserID, options: options)
    }
}

/// A JSON-over-HTTP client for the gateway.
struct HTTP: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        let status: Int
        let headers: HTTPFields
        let data: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var code: String { json["code"] as? String ?? "" }
        var message: String { json["message"] as? String ?? "" }
        subscript(key: String) -> Any? { json[key] }
    }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: [String: Any]? = nil,
              raw: String? = nil, bytes: [UInt8]? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
        if let raw { body = ByteBuffer(string: raw) }
        if body != nil { headers[.contentType] = "application/json" }
        if let bytes {
            body = ByteBuffer(bytes: bytes)
            headers[.contentType] = "application/octet-stream"
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return Reply(status: Int(response.status.code), headers: response.headers,
                     data: Data(buffer: response.body))
    }

    /// Logs in and returns the bearer token (fails the test otherwise).
    func login(_ login: String, password: String = DemoData.password) async throws -> String {
        let reply = try await send(.post, "/api/v1/sessions", json: ["login": login, "password": password])
        guard reply.status == 200, let session = reply["session"] as? [String: Any], let token = session["token"] as? String else {
            throw TestFailure("login \(login) failed: \(reply.status) \(String(decoding: reply.data, as: UTF8.self))")
        }
        return token
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
