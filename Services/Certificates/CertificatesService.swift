import CertificatesDomain
import CommonRules
import Foundation
import Logging
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// The certificates service (SPEC §5, CE-1, CE-2, CE-4; B-1, B-3): number segments, generation
/// from a test plan's approved scores, the library with cancel and re-activate, signed
/// e-certificates with their published keys and revocation status, and the national registry's
/// outbox. Handlers live in `RPC/`, SQL in `Store/`, rules in `Domain/`; identity's facts come
/// from its directory, a test plan's passed candidates from assessment's.
public final class CertificatesService: Certificates_V1_CertificateServiceService, IdentityScopedService {
    public let database: DatabasePool
    public let identity: any IdentityFacts
    let assessment: any AssessmentFacts
    let keys: SigningKeys
    /// Where the QR code leads: the public lookup page (CE-7).
    let lookupURL: String
    /// Services allowed to ask `CertificateLookup` (enrollment, EN-7).
    let lookupPeers: Set<String>
    /// B-4: the public lookup's challenge and per-ID-number limits.
    let lookupLimits: LookupLimits
    /// B-4: the HMAC key of the ID numbers the lookup log counts (LOOKUP_LOG_KEY).
    let lookupKey: [UInt8]
    /// CE-6: draws the PDF e-certificates.
    let pdfRenderer: CertificatePDF
    let logger: Logger

    public init(database: DatabasePool, identity: any IdentityFacts, assessment: any AssessmentFacts, keys: SigningKeys,
                lookupURL: String, lookupPeers: Set<String> = ["enrollment"], lookupLimits: LookupLimits = LookupLimits(),
                lookupKey: [UInt8] = Array("development-lookup-log-key".utf8), pdf: CertificatePDF = CertificatePDF(),
                logger: Logger) {
        self.database = database
        self.identity = identity
        self.assessment = assessment
        self.keys = keys
        self.lookupURL = lookupURL
        self.lookupPeers = lookupPeers
        self.lookupLimits = lookupLimits
        self.lookupKey = lookupKey
        self.pdfRenderer = pdf
        self.logger = logger
    }

    public static var migrationsDirectory: String {
        Bundle.module.path(forResource: "Migrations", ofType: nil)!
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// A request's optional date (`2026-01-31`): nil when empty.
    /// - Throws: INVALID_ARGUMENT naming `field` when it is not a date.
    static func day(_ text: String, field: String) throws -> CivilDate? {
        guard !text.isEmpty else { return nil }
        guard let day = CivilDate(text) else { throw RPCError.invalidArgument("日期格式应为 2026-01-31", field: field) }
        return day
    }

    /// Refuses callers whose organisation is not the province, with `message`.
    func requireProvince(_ orgID: Int64, _ context: CallContext, _ message: String) async throws {
        guard try await identity.scope(of: orgID, deadline: context.forwarded).organisation?.kind == .province else {
            throw RPCError(.permissionDenied, message)
        }
    }

    func settings(_ context: CallContext) async throws -> CertificateSettings {
        CertificateSettings(try await identity.settings(deadline: context.forwarded))
    }

    /// The 4-digit region of an authority: its division code's first four digits (34 → 3400).
    static func region(of organisation: Identity_V1_Organisation) -> String {
        let digits = String(organisation.divisionCode.prefix(4))
        return digits + String(repeating: "0", count: max(0, 4 - digits.count))
    }
}

/// The province numbers certificates follow, each with its default (identity's `ProvinceSetting.all`).
struct CertificateSettings: Sendable {
    let values: [String: Int]

    init(_ values: [String: Int]) { self.values = values }

    /// CE-4: years a new certificate is valid.
    var validityYears: Int { max(1, values["certificates.validity_years"] ?? 3) }
    /// CE-5, B-6: days each stop of a business has to review it.
    var reviewDays: Int { max(1, values["certificates.review_days"] ?? 5) }
    /// CE-5: employer changes per certificate in a calendar year (a Beijing rule).
    var employerChangesPerYear: Int { max(1, values["certificates.employer_changes_per_year"] ?? 5) }
}
