import EnrollmentDomain
import Proto
import ServiceHost
import Storage

/// SQL and row mapping for plans (EN-1, EN-2).
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
        plan.kind = PlanKind.proto(stored: try row.decode("kind"))
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

    /// EN-1: inserts a new plan of `orgID` in `state`, keeping the institution's name and city.
    /// - Returns: its id.
    static func insert(_ plan: ValidPlan, state: PlanStatus, orgID: Int64, orgName: String, divisionCode: String,
                       createdBy userID: Int64, _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            INSERT INTO plans (name, kind, posts, headcount, start_at, end_at, purge_after, requires_approval,
                               state, org_id, org_name, division_code, created_by)
            VALUES ($1, $2, $3::text[], $4, to_timestamp($5), to_timestamp($6), to_timestamp($7), $8,
                    $9, $10, $11, $12, $13) RETURNING id
            """, values(plan) + [.text(state.rawValue), .int(orgID), .text(orgName), .text(divisionCode), .int(userID)])
            .first?.decode("id") ?? 0
    }

    /// EN-1: replaces plan `id`'s content (name, kind, posts, headcount, window, purge deadline,
    /// approval) with `plan`; its state is left as it is.
    static func update(_ id: Int64, to plan: ValidPlan, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE plans SET name = $1, kind = $2, posts = $3::text[], headcount = $4, start_at = to_timestamp($5),
                   end_at = to_timestamp($6), purge_after = to_timestamp($7), requires_approval = $8
            WHERE id = $9
            """, values(plan) + [.int(id)])
    }

    /// `$1` … `$8` of `insert` and `update`.
    private static func values(_ plan: ValidPlan) -> [SQLValue] {
        [.text(plan.name), .text(plan.kind.rawValue), .textArray(plan.posts), .int(Int64(plan.headcount)),
         .int(plan.startUnix), .int(plan.endUnix), .int(plan.purgeAfterUnix), .bool(plan.requiresApproval)]
    }

    /// EN-1, EN-2: closes plan `id` early: enrollment ends at `now` (the start moved before it if
    /// need be) and the purge deadline becomes `purgeAfter`.
    static func close(_ id: Int64, now: Int64, purgeAfter: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE plans SET end_at = to_timestamp($2), closed_early = true, purge_after = to_timestamp($3),
                   start_at = least(start_at, to_timestamp($2) - interval '1 second')
            WHERE id = $1
            """, [.int(id), .int(now), .int(purgeAfter)])
    }

    /// EN-1: moves plan `id` to `state` with the authority's `reviewComment`.
    static func setState(_ id: Int64, _ state: PlanStatus, reviewComment: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE plans SET state = $2, review_comment = $3 WHERE id = $1",
                       [.int(id), .text(state.rawValue), .text(reviewComment)])
    }

    /// EN-2: records the classes service's class application `classApplicationID` on plan `id`.
    /// - Returns: the time recorded (Unix seconds).
    static func markClassApplication(_ id: Int64, classApplicationID: String, _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            UPDATE plans SET class_application_at = now(), class_application_id = $2 WHERE id = $1
            RETURNING extract(epoch FROM class_application_at)::bigint AS at
            """, [.int(id), .text(classApplicationID)]).first?.decode("at") ?? 0
    }

    /// EN-1: one page of the plans of `orgs`, newest first, by state ("" any) and a part of the
    /// name ("" any).
    static func list(_ window: PageWindow, orgs: [Int64], state: String, nameContains: String,
                     _ tx: Transaction) throws -> Page<Enrollment_V1_Plan> {
        try window.fetch(tx, columns: columns, from: """
            FROM plans p WHERE p.org_id = ANY($1::bigint[]) AND ($2 = '' OR p.state = $2)
              AND ($3 = '' OR strpos(p.name, $3) > 0)
            """, parameters: [.intArray(orgs), .text(state), .text(nameContains)],
            id: "p.id", order: .newestFirst, plan) { $0.id }
    }

    /// EN-3: one page of the plans taking enrollments now, newest first, by city, kind and post
    /// ("" any of each).
    static func listOpen(_ window: PageWindow, divisionCode: String, kind: String, post: String,
                         _ tx: Transaction) throws -> Page<Enrollment_V1_Plan> {
        try window.fetch(tx, columns: columns, from: """
            FROM plans p WHERE p.state = 'approved' AND p.start_at <= now() AND p.end_at > now()
              AND ($1 = '' OR p.division_code = $1) AND ($2 = '' OR p.kind = $2) AND ($3 = '' OR $3 = ANY(p.posts))
            """, parameters: [.text(divisionCode), .text(kind), .text(post)],
            id: "p.id", order: .newestFirst, plan) { $0.id }
    }

    static func status(_ text: String) -> PlanStatus { PlanStatus(rawValue: text) ?? .draft }
}

extension PlanKind {
    /// A stored kind (`plans.kind`, `enrollments.kind`) in proto; anything unknown reads as new-certificate.
    static func proto(stored text: String) -> Enrollment_V1_PlanKind {
        text == PlanKind.continuingEducation.rawValue ? .continuingEducation : .newCertificate
    }

    /// Nil for `unspecified`.
    init?(_ proto: Enrollment_V1_PlanKind) {
        switch proto {
        case .newCertificate: self = .newCertificate
        case .continuingEducation: self = .continuingEducation
        default: return nil
        }
    }

    var proto: Enrollment_V1_PlanKind {
        switch self {
        case .newCertificate: .newCertificate
        case .continuingEducation: .continuingEducation
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
