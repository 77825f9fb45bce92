import AssessmentDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// SQL for test plans (AS-1) and their ticket numbering (AS-2).
enum TestPlanStore {
    static let columns = """
        p.id, p.org_id, p.org_name, p.division_code, p.class_id, p.class_name, p.post, p.post_name, p.name, p.place,
        extract(epoch FROM p.exam_start_at)::bigint AS exam_start, extract(epoch FROM p.exam_end_at)::bigint AS exam_end,
        p.state, p.score_state, p.review_comment, p.score_review_comment, p.assessors, p.pass_theory, p.pass_practice,
        extract(epoch FROM p.created_at)::bigint AS created_unix,
        coalesce(extract(epoch FROM p.submitted_at)::bigint, 0) AS submitted_unix,
        coalesce(extract(epoch FROM p.approved_at)::bigint, 0) AS approved_unix,
        k.candidates, k.entered, k.passed, k.failed, k.absent,
        coalesce((SELECT a.route_orgs[1] FROM approvals a WHERE a.flow = 'test_plan' AND a.item_id = p.id), 0) AS reviewer_org
        """

    /// The counts of a plan's candidates, joined as `k`.
    static let counts = """
        CROSS JOIN LATERAL (SELECT count(*) AS candidates, count(c.sitting) AS entered,
            count(*) FILTER (WHERE c.result = 'passed') AS passed,
            count(*) FILTER (WHERE c.result IN ('failed', 'cheated')) AS failed,
            count(*) FILTER (WHERE c.result = 'absent') AS absent
            FROM candidates c WHERE c.test_plan_id = p.id) k
        """

    static func row(_ row: Row) throws -> Assessment_V1_TestPlan {
        var plan = Assessment_V1_TestPlan()
        plan.id = try row.decode("id")
        plan.orgID = try row.decode("org_id")
        plan.orgName = try row.decode("org_name")
        plan.divisionCode = try row.decode("division_code")
        plan.classID = try row.decode("class_id")
        plan.className = try row.decode("class_name")
        plan.post = try row.decode("post")
        plan.postName = try row.decode("post_name")
        plan.name = try row.decode("name")
        plan.place = try row.decode("place")
        plan.examStartUnix = try row.decode("exam_start")
        plan.examEndUnix = try row.decode("exam_end")
        plan.state = TestPlanStatus(rawValue: try row.decode("state"))?.proto ?? .unspecified
        plan.scoreState = ScoreStatus(rawValue: try row.decode("score_state"))?.proto ?? .unspecified
        plan.reviewComment = try row.decode("review_comment")
        plan.scoreReviewComment = try row.decode("score_review_comment")
        plan.assessors = try row.decode("assessors")
        plan.passTheory = try row.decode("pass_theory")
        plan.passPractice = try row.decode("pass_practice")
        plan.createdAtUnix = try row.decode("created_unix")
        plan.submittedAtUnix = try row.decode("submitted_unix")
        plan.approvedAtUnix = try row.decode("approved_unix")
        plan.candidateCount = try row.decode("candidates")
        plan.enteredCount = try row.decode("entered")
        plan.passedCount = try row.decode("passed")
        plan.failedCount = try row.decode("failed")
        plan.absentCount = try row.decode("absent")
        plan.reviewerOrgID = try row.decode("reviewer_org")
        return plan
    }

    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: some SQLExecutor) throws -> Assessment_V1_TestPlan? {
        if forUpdate { _ = try tx.execute("SELECT id FROM test_plans WHERE id = $1 FOR UPDATE", [.int(id)]) }
        return try tx.execute("SELECT \(columns) FROM test_plans p \(counts) WHERE p.id = $1", [.int(id)]).first.map(row)
    }

    struct NewPlan {
        let orgID: Int64
        let orgName: String
        let divisionCode: String
        let classID: Int64
        let className: String
        let post: String
        let postName: String
        let form: TestPlanForm
        let rule: PassRule
        let createdBy: Int64
    }

    static func insert(_ plan: NewPlan, _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            INSERT INTO test_plans (org_id, org_name, division_code, class_id, class_name, post, post_name, name,
                                    exam_start_at, exam_end_at, place, pass_theory, pass_practice, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), to_timestamp($10), $11, $12, $13, $14) RETURNING id
            """, [.int(plan.orgID), .text(plan.orgName), .text(plan.divisionCode), .int(plan.classID), .text(plan.className),
                  .text(plan.post), .text(plan.postName), .text(plan.form.name), .double(Double(plan.form.examStartUnix)),
                  .double(Double(plan.form.examEndUnix)), .text(plan.form.place), .int(Int64(plan.rule.theory)),
                  .int(Int64(plan.rule.practice)), .int(plan.createdBy)]).first!.decode("id")
    }

    static func update(_ id: Int64, _ form: TestPlanForm, rule: PassRule, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE test_plans SET name = $2, place = $3, exam_start_at = to_timestamp($4), exam_end_at = to_timestamp($5),
                pass_theory = $6, pass_practice = $7 WHERE id = $1
            """, [.int(id), .text(form.name), .text(form.place), .double(Double(form.examStartUnix)), .double(Double(form.examEndUnix)),
                  .int(Int64(rule.theory)), .int(Int64(rule.practice))])
    }

    /// The plan's state, its review comment and, when given, a time column set to now.
    static func setState(_ id: Int64, _ state: TestPlanStatus, comment: String? = nil, stamp: String? = nil, assessors: Int? = nil,
                         _ tx: Transaction) throws {
        precondition(stamp == nil || ["submitted_at", "approved_at"].contains(stamp!))
        try tx.execute("""
            UPDATE test_plans SET state = $2, review_comment = coalesce($3, review_comment), assessors = coalesce($4, assessors)
            \(stamp.map { ", \($0) = now()" } ?? "") WHERE id = $1
            """, [.int(id), .text(state.rawValue), comment.map(SQLValue.text) ?? .null, assessors.map { .int(Int64($0)) } ?? .null])
    }

    static func setScoreState(_ id: Int64, _ state: ScoreStatus, comment: String? = nil, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE test_plans SET score_state = $2, score_review_comment = coalesce($3, score_review_comment),
                scores_approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE scores_approved_at END WHERE id = $1
            """, [.int(id), .text(state.rawValue), comment.map(SQLValue.text) ?? .null])
    }

    static func delete(_ id: Int64, _ tx: Transaction) throws {
        try tx.execute("DELETE FROM test_plans WHERE id = $1", [.int(id)])
    }

    /// The plans of `orgs`, newest first; with a reviewer, only those waiting at its stop in the flow.
    static func list(_ window: PageWindow, orgs: [Int64], state: String, scoreState: String, name: String, classID: Int64,
                     awaiting: (flow: ApprovalFlow, orgID: Int64)?, _ tx: some SQLExecutor) throws -> Page<Assessment_V1_TestPlan> {
        let condition = Approvals.awaitingReviewCondition(flow: awaiting?.flow ?? TestPlanStatus.flow(reviewDays: 0), idColumn: "p.id",
                                                          orgParameter: 7)
        return try window.fetch(tx, columns: columns, from: """
            FROM test_plans p \(counts) WHERE p.org_id = ANY($1::bigint[]) AND ($2 = '' OR p.state = $2)
              AND ($3 = '' OR p.score_state = $3) AND ($4 = '' OR strpos(p.name, $4) > 0) AND ($5::bigint = 0 OR p.class_id = $5)
              AND ($6 OR \(condition))
            """, parameters: [.intArray(orgs), .text(state), .text(scoreState), .text(name), .int(classID),
                              .bool(awaiting == nil), .int(awaiting?.orgID ?? 0)],
            id: "p.id", order: .newestFirst, row, itemID: { $0.id })
    }

    /// AS-2: the next plan number (PPPP) of a city in a year, the counter row locked until the
    /// approval commits (a rolled-back approval gives its number back).
    static func nextTicketSequence(year: Int, division: String, _ tx: Transaction) throws -> Int {
        let last: Int64 = try tx.execute("""
            INSERT INTO ticket_sequences (year, division_code, last) VALUES ($1, $2, 1)
            ON CONFLICT (year, division_code) DO UPDATE SET last = ticket_sequences.last + 1 RETURNING last
            """, [.int(Int64(year)), .text(division)]).first!.decode("last")
        return Int(last)
    }

    static func setTicketSequence(_ id: Int64, _ sequence: Int, _ tx: Transaction) throws {
        try tx.execute("UPDATE test_plans SET ticket_sequence = $2 WHERE id = $1", [.int(id), .int(Int64(sequence))])
    }
}

extension TestPlanStatus {
    var proto: Assessment_V1_TestPlanState {
        switch self {
        case .draft: .draft
        case .submitted: .submitted
        case .accepted: .accepted
        case .approved: .approved
        case .rejected: .rejected
        }
    }

    init?(_ proto: Assessment_V1_TestPlanState) {
        guard let status = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = status
    }
}

extension ScoreStatus {
    var proto: Assessment_V1_ScoreState {
        switch self {
        case .notReported: .notReported
        case .reported: .reported
        case .accepted: .accepted
        case .approved: .approved
        case .notApproved: .notApproved
        }
    }

    init?(_ proto: Assessment_V1_ScoreState) {
        guard let status = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = status
    }
}

extension Sitting {
    var proto: Assessment_V1_Sitting {
        switch self {
        case .present: .present
        case .absent: .absent
        case .cheated: .cheated
        }
    }

    init?(_ proto: Assessment_V1_Sitting) {
        guard let sitting = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = sitting
    }
}

extension AssessmentResult {
    var proto: Assessment_V1_Result {
        switch self {
        case .passed: .passed
        case .failed: .failed
        case .absent: .absent
        case .cheated: .cheated
        }
    }

    init?(_ proto: Assessment_V1_Result) {
        guard let result = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = result
    }
}
