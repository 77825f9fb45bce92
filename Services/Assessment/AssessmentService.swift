import AssessmentDomain
import CommonRules
import Foundation
import Logging
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// The assessment service (SPEC §4, AS-1 … AS-4): test plans for finished classes with their
/// review, tickets and printable sheets, scores with their import, entry and review, the pass
/// rule and exam discipline. Handlers live in `RPC/`, SQL in `Store/`, rules in `Domain/`;
/// identity facts come from identity's directory, classes' facts from classes' directory.
public final class AssessmentService: Assessment_V1_AssessmentServiceService, IdentityScopedService {
    public let database: DatabasePool
    public let identity: any IdentityFacts
    let classes: any ClassesFacts
    /// Services allowed to read the directory (enrollment's EN-5 detail; certificates, CE-2).
    let directoryPeers: Set<String>
    let logger: Logger

    public init(database: DatabasePool, identity: any IdentityFacts, classes: any ClassesFacts,
                directoryPeers: Set<String> = ["enrollment", "certificates"], logger: Logger) {
        self.database = database
        self.identity = identity
        self.classes = classes
        self.directoryPeers = directoryPeers
        self.logger = logger
    }

    public static var migrationsDirectory: String {
        Bundle.module.path(forResource: "Migrations", ofType: nil)!
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// The approval flows this service keeps (B-6), for the reminder job.
    public static let approvalFlows = [TestPlanStatus.flow(reviewDays: 0), ScoreStatus.flow(reviewDays: 0)]

    func settings(_ context: CallContext) async throws -> AssessmentSettings {
        AssessmentSettings(try await identity.settings(deadline: context.forwarded))
    }
}

/// The province numbers assessment follows, each with its default (SPEC §0; the names and
/// ranges are identity's `ProvinceSetting.all`).
struct AssessmentSettings: Sendable {
    let values: [String: Int]

    init(_ values: [String: Int]) { self.values = values }

    private func value(_ key: String, _ fallback: Int) -> Int { values[key] ?? fallback }

    /// CL-4: assessors of the post an institution needs to submit a test plan.
    var minimumAssessors: Int { value("classes.min_assessors", 8) }
    /// AS-1: test plans go to the city authority (1) instead of the province (0).
    var reviewByCity: Bool { value("assessment.review_by_city", 0) != 0 }
    /// B-6: natural days a reviewer has before a reminder.
    var reviewDays: Int { value("assessment.review_days", 5) }
    /// AS-3: the pass rule (a post's own rule in the catalog takes precedence).
    var passRule: PassRule { PassRule(theory: value("assessment.pass_theory", 60), practice: value("assessment.pass_practice", 60)) }
    /// Exam discipline.
    var discipline: DisciplineRules {
        DisciplineRules(cheatingBarDays: value("assessment.cheating_bar_days", 365), noShowLimit: value("assessment.no_show_limit", 3),
                        noShowWindowDays: value("assessment.no_show_window_days", 365),
                        noShowLockDays: value("assessment.no_show_lock_days", 365))
    }
}
