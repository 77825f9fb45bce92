import ClassesDomain
import CommonRules
import Foundation
import Logging
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// The classes service (SPEC §3, CL-1 … CL-6, B-2): teachers and assessors, course templates,
/// classes with their review, schedules and rosters, attendance with its anti-fraud checks, and
/// the hours ledger. Handlers live in `RPC/`, one file per area; SQL in `Store/`; rules in
/// `Domain/`. Identity facts come from identity's directory (`IdentityFacts`), plans and rosters
/// from enrollment (`EnrollmentPlans`): classes never reads another service's schema.
public final class ClassesService: Classes_V1_ClassesServiceService, IdentityScopedService {
    public let database: DatabasePool
    public let identity: any IdentityFacts
    let enrollment: any EnrollmentPlans
    /// Services allowed to read the directory (assessment, certificates; enrollment for EN-5 rows).
    let directoryPeers: Set<String>
    let logger: Logger

    public init(database: DatabasePool, identity: any IdentityFacts, enrollment: any EnrollmentPlans,
                directoryPeers: Set<String> = ["assessment", "certificates", "enrollment"], logger: Logger) {
        self.database = database
        self.identity = identity
        self.enrollment = enrollment
        self.directoryPeers = directoryPeers
        self.logger = logger
    }

    /// The service's own migrations (the host adds the shared ones).
    public static var migrationsDirectory: String {
        Bundle.module.path(forResource: "Migrations", ofType: nil)!
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// The approval flows this service keeps (B-6), for the reminder job.
    public static let approvalFlows = [ClassStatus.flow(reviewDays: 0)]

    /// The province settings classes uses, with their defaults (SPEC §0).
    func settings(_ context: CallContext) async throws -> ClassesSettings {
        ClassesSettings(try await identity.settings(deadline: context.forwarded))
    }

}

/// The province numbers classes follows, each with its default (SPEC §0; the names and ranges
/// are identity's `ProvinceSetting.all`).
struct ClassesSettings: Sendable {
    let values: [String: Int]

    init(_ values: [String: Int]) { self.values = values }

    private func value(_ key: String, _ fallback: Int) -> Int { values[key] ?? fallback }

    /// EN-2: natural days after enrollment ends to submit a class application.
    var applicationDays: Int { value("enrollment.class_application_days", 3) }
    /// CL-2: natural days from an application's creation to the first lesson.
    var trainingStartDays: Int { value("classes.training_start_min_days", 7) }
    /// CL-4: teachers a class needs.
    var minimumSafetyTeachers: Int { value("classes.min_safety_teachers", 2) }
    var minimumTheoryTeachers: Int { value("classes.min_theory_teachers", 1) }
    /// B-6: days the city has to decide before it is reminded.
    var reviewDays: Int { value("classes.review_days", 5) }
    /// CL-5: the sign-in and sign-out windows.
    var attendance: AttendanceSettings {
        AttendanceSettings(signInOpensBeforeMinutes: value("attendance.sign_in_before_minutes", 30),
                           signInClosesAfterMinutes: value("attendance.sign_in_after_minutes", 15),
                           signOutOpensBeforeMinutes: value("attendance.sign_out_before_minutes", 10),
                           signOutClosesAfterMinutes: value("attendance.sign_out_after_minutes", 30))
    }
    /// B-2: which checks run.
    var checks: CheckSwitches {
        CheckSwitches(venueCode: value("attendance.check_venue_code", 1) != 0, geofence: value("attendance.check_geofence", 1) != 0,
                      photo: value("attendance.check_photo", 1) != 0, device: value("attendance.check_device", 1) != 0,
                      travel: value("attendance.check_travel", 1) != 0)
    }
    var maximumTravelKmh: Int { value("attendance.max_travel_kmh", 300) }
    var photoMatchBits: Int { value("attendance.photo_match_bits", 6) }
}
