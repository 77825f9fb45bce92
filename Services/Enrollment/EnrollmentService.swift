import CommonRules
import EnrollmentDomain
import Foundation
import Logging
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// The enrollment service (SPEC §2, EN-1 … EN-8): plans and their approval, the purge of plans
/// without a class application, uploads, student enrollment, review, personnel search, photos
/// and printable forms. Handlers live in `RPC/`, one file per area; SQL and row mappings in `Store/`;
/// rules in `Domain/`. Identity facts come from the identity service (`IdentityFacts`).
public final class EnrollmentService: Enrollment_V1_EnrollmentServiceService, IdentityScopedService {
    public let database: DatabasePool
    public let identity: any IdentityFacts
    let certificates: any CertificateLookup
    let notifier: any StudentNotifier
    /// EN-5: the students' training, from the classes service.
    let classTraining: any ClassTraining
    /// EN-5, AS-4: the enrollments' tests, from the assessment service.
    let assessments: any AssessmentLookup
    /// Services allowed to report class applications (EN-2), by certificate name.
    let classApplicationPeers: Set<String>
    /// Services allowed to ask which organisations hold a student's enrollments (ID-9).
    let directoryPeers: Set<String>
    let logger: Logger

    public init(database: DatabasePool, identity: any IdentityFacts,
                certificates: any CertificateLookup = FormatOnlyCertificateLookup(),
                notifier: any StudentNotifier = OutboxStudentNotifier(),
                classTraining: any ClassTraining = LateClassTraining(),
                assessments: any AssessmentLookup = LateAssessmentLookup(),
                classApplicationPeers: Set<String> = ["classes"], directoryPeers: Set<String> = ["identity"],
                logger: Logger) {
        self.database = database
        self.identity = identity
        self.certificates = certificates
        self.notifier = notifier
        self.classTraining = classTraining
        self.assessments = assessments
        self.classApplicationPeers = classApplicationPeers
        self.directoryPeers = directoryPeers
        self.logger = logger
    }

    /// The service's own migrations (the host adds the shared ones).
    public static var migrationsDirectory: String {
        Bundle.module.path(forResource: "Migrations", ofType: nil)!
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// The approval flows this service keeps (B-6), for the reminder job.
    public static let approvalFlows = [PlanStatus.flow(reviewDays: 0)]

    /// The province settings enrollment uses, with their defaults (SPEC §0).
    func settings(_ context: CallContext) async throws -> EnrollmentSettings {
        EnrollmentSettings(try await identity.settings(deadline: context.forwarded))
    }
}

/// The province numbers enrollment follows, each with its default (SPEC §0).
struct EnrollmentSettings: Sendable {
    let values: [String: Int]

    init(_ values: [String: Int]) { self.values = values }

    /// EN-1: the longest enrollment window, in days ("one month").
    var planMaximumDays: Int { values["enrollment.plan_max_days"] ?? 31 }
    /// EN-2: natural days after enrollment ends to submit a class application.
    var classApplicationDays: Int { values["enrollment.class_application_days"] ?? 3 }
    /// EN-3: the largest image upload.
    var imageMaximumBytes: Int { (values["enrollment.image_max_kb"] ?? 2048) * 1024 }
    /// EN-3: the largest PDF upload (education certificates).
    var documentMaximumBytes: Int { (values["enrollment.document_max_kb"] ?? 3072) * 1024 }
    /// EN-3: uploads one student may make in 24 hours (an enrollment takes three or four; the
    /// limit keeps one account from filling the database).
    var uploadsPerDay: Int { values["enrollment.uploads_per_day"] ?? 30 }
    /// B-6: natural days an authority has to decide on a plan before it is reminded.
    var planReviewDays: Int { values["enrollment.plan_review_days"] ?? 5 }
}
