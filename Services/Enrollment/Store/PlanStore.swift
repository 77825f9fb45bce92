import EnrollmentDomain
import Proto
import Storage

/// Row mapping for plans (EN-1, EN-2).
enum PlanStore {
    static let columns = """
        p.id, p.org_id, p.org_name, p.division_code, p.name, p.kind, p.posts, p.headcount,
        extract(epoch FROM p.start_at)::bigint AS start_unix, extract(epoch FROM p.end_at)::bigint AS end_unix,
        p.state, p.requires_approval, p.closed_early, p.review_comment,
        coalesce(extract(epoch FROM p.class_application_at)::bigint, 0) AS class_application_unix,
        extract(epoch FROM p.purge_after)::bigint AS purge_unix,
        (SELECT count(*) FROM enrollments e WHERE e.plan_id = p.id AND e.state <> 'withdrawn') AS enrolled,
        extract(epoch FROM p.created_at)::bigint AS created_unix
        """

    static func plan(_ row: Row) throws -> Enrollment_V1_Plan {
        var plan = Enrollment_V1_Plan()
        plan.id = try row.decode("id")
        plan.orgID = try row.decode("org_id")
        plan.orgName = try row.decode("org_name")
        plan.divisionCode = try row.decode("division_code")
        plan.name = try row.decode("name")
        plan.kind = PlanKindName.proto(try row.decode("kind"))
        plan.posts = try row.strings("posts")
        plan.headcount = try row.decode("headcount")
        plan.startUnix = try row.decode("start_unix")
        plan.endUnix = try row.decode("end_unix")
        plan.state = status(try row.decode("state")).proto
        plan.requiresApproval = try row.decode("requires_approval")
        plan.closedEarly = try row.decode("closed_early")
        plan.reviewComment = try row.decode("review_comment")
        plan.classApplicationSubmittedUnix = try row.decode("class_application_unix")
        plan.purgeAfterUnix = try row.decode("purge_unix")
        plan.enrolled = try row.decode("enrolled")
        plan.createdAtUnix = try row.decode("created_unix")
        return plan
    }

    /// One plan, locked for the rest of the transaction when `forUpdate`.
    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: Transaction) throws -> Enrollment_V1_Plan? {
        try tx.execute("SELECT \(columns) FROM plans p WHERE p.id = $1" + (forUpdate ? " FOR UPDATE OF p" : ""), [.int(id)])
            .first.map(plan)
    }

    static func status(_ text: String) -> PlanStatus { PlanStatus(rawValue: text) ?? .draft }
}

/// Plan kinds as stored (`plans.kind`, `enrollments.kind`) and in proto.
enum PlanKindName {
    static func proto(_ text: String) -> Enrollment_V1_PlanKind {
        text == "continuing_education" ? .continuingEducation : .newCertificate
    }

    static func stored(_ kind: Enrollment_V1_PlanKind) -> String? {
        switch kind {
        case .newCertificate: "new_certificate"
        case .continuingEducation: "continuing_education"
        default: nil
        }
    }
}

extension PlanStatus {
    var proto: Enrollment_V1_PlanState {
        switch self {
        case .draft: .draft
        case .submitted: .submitted
        case .accepted: .accepted
        case .approved: .approved
        case .rejected: .rejected
        }
    }

    init?(_ proto: Enrollment_V1_PlanState) {
        switch proto {
        case .draft: self = .draft
        case .submitted: self = .submitted
        case .accepted: self = .accepted
        case .approved: self = .approved
        case .rejected: self = .rejected
        default: return nil
        }
    }
}
