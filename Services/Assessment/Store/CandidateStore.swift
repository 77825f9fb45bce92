import AssessmentDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// SQL for a test plan's candidates: who they are, their tickets (AS-2) and scores (AS-3).
enum CandidateStore {
    /// A student to be seated, with the full ID number from identity.
    struct Seating: Sendable {
        let studentUserID: Int64
        let enrollmentID: Int64
        let name: String
        let idNumber: String
    }

    struct Exclusion: Sendable {
        let studentUserID: Int64
        let name: String
        let maskedIDNumber: String
        let reason: String
    }

    /// Replaces the plan's candidates (seats from 1 in the given order) and its exclusions.
    static func replace(planID: Int64, _ seated: [Seating], excluded: [Exclusion], _ tx: Transaction) throws {
        try tx.execute("DELETE FROM candidates WHERE test_plan_id = $1", [.int(planID)])
        try tx.execute("DELETE FROM excluded_candidates WHERE test_plan_id = $1", [.int(planID)])
        try tx.execute("""
            INSERT INTO candidates (test_plan_id, student_user_id, enrollment_id, name, id_number, seat)
            SELECT $1, u.student, u.enrollment, u.name, u.id_number, u.seat
            FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY AS u(student, enrollment, name, id_number, seat)
            """, [.int(planID), .intArray(seated.map(\.studentUserID)), .intArray(seated.map(\.enrollmentID)),
                  .textArray(seated.map(\.name)), .textArray(seated.map(\.idNumber))])
        try tx.execute("""
            INSERT INTO excluded_candidates (test_plan_id, student_user_id, name, id_number_masked, reason)
            SELECT $1, u.student, u.name, u.masked, u.reason FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(student, name, masked, reason)
            """, [.int(planID), .intArray(excluded.map(\.studentUserID)), .textArray(excluded.map(\.name)),
                  .textArray(excluded.map(\.maskedIDNumber)), .textArray(excluded.map(\.reason))])
    }

    static func excluded(planID: Int64, _ tx: some SQLExecutor) throws -> [Assessment_V1_ExcludedCandidate] {
        try tx.execute("SELECT student_user_id, name, id_number_masked, reason FROM excluded_candidates WHERE test_plan_id = $1 ORDER BY name",
                       [.int(planID)]).map { row in
            var item = Assessment_V1_ExcludedCandidate()
            item.studentUserID = try row.decode("student_user_id")
            item.name = try row.decode("name")
            item.idNumber = try row.decode("id_number_masked")
            item.reason = try row.decode("reason")
            return item
        }
    }

    static let columns = """
        c.id, c.student_user_id, c.enrollment_id, c.name, c.id_number, c.seat, coalesce(c.ticket_number, '') AS ticket_number,
        coalesce(c.sitting, '') AS sitting, coalesce(c.theory_tenths, 0) AS theory, coalesce(c.practice_tenths, 0) AS practice,
        coalesce(c.result, '') AS result
        """

    static func candidate(_ row: Row, fullIDNumber: Bool) throws -> Assessment_V1_Candidate {
        var item = Assessment_V1_Candidate()
        item.studentUserID = try row.decode("student_user_id")
        item.enrollmentID = try row.decode("enrollment_id")
        item.name = try row.decode("name")
        let number: String = try row.decode("id_number")
        item.idNumber = fullIDNumber ? number : Masking.idNumber(number)
        item.seat = try row.decode("seat")
        item.ticketNumber = try row.decode("ticket_number")
        item.sitting = Sitting(rawValue: try row.decode("sitting"))?.proto ?? .unspecified
        item.theoryTenths = try row.decode("theory")
        item.practiceTenths = try row.decode("practice")
        item.result = AssessmentResult(rawValue: try row.decode("result"))?.proto ?? .unspecified
        return item
    }

    /// A page of the plan's candidates in seat order, filtered by name, ID number or ticket and by result.
    static func list(_ window: PageWindow, planID: Int64, query: String, result: String, fullIDNumbers: Bool,
                     _ tx: some SQLExecutor) throws -> Page<Assessment_V1_Candidate> {
        try window.fetch(tx, columns: columns, from: """
            FROM candidates c WHERE c.test_plan_id = $1 AND ($2 = '' OR strpos(c.name, $2) > 0 OR c.id_number = upper($2)
              OR c.ticket_number = $2) AND ($3 = '' OR c.result = $3)
            """, parameters: [.int(planID), .text(query), .text(result)], id: "c.id",
            { try candidate($0, fullIDNumber: fullIDNumbers) }, itemID: { Int64($0.seat) })
    }

    /// Every candidate of the plan, in seat order, full ID numbers (tickets, sheets, the template).
    static func all(planID: Int64, _ tx: some SQLExecutor) throws -> [Assessment_V1_Candidate] {
        try tx.execute("SELECT \(columns) FROM candidates c WHERE c.test_plan_id = $1 ORDER BY c.seat", [.int(planID)])
            .map { try candidate($0, fullIDNumber: true) }
    }

    /// One candidate of the plan, row-locked for the rest of the transaction; nil when the student
    /// is not a candidate of it.
    static func one(planID: Int64, studentUserID: Int64, _ tx: Transaction) throws -> Assessment_V1_Candidate? {
        try tx.execute("SELECT \(columns) FROM candidates c WHERE c.test_plan_id = $1 AND c.student_user_id = $2 FOR UPDATE",
                       [.int(planID), .int(studentUserID)]).first.map { try candidate($0, fullIDNumber: false) }
    }

    /// CE-2: the plan's passed candidates in seat order, full ID numbers.
    static func passed(planID: Int64, _ tx: some SQLExecutor) throws -> [Assessment_V1_PassedCandidate] {
        try tx.execute("""
            SELECT student_user_id, enrollment_id, name, id_number, coalesce(ticket_number, '') AS ticket_number
            FROM candidates WHERE test_plan_id = $1 AND result = $2 ORDER BY seat
            """, [.int(planID), .text(AssessmentResult.passed.rawValue)]).map { row in
            var candidate = Assessment_V1_PassedCandidate()
            candidate.studentUserID = try row.decode("student_user_id")
            candidate.enrollmentID = try row.decode("enrollment_id")
            candidate.name = try row.decode("name")
            candidate.idNumber = try row.decode("id_number")
            candidate.ticketNumber = try row.decode("ticket_number")
            return candidate
        }
    }

    /// The full ID numbers of some of the plan's candidates.
    static func idNumbers(planID: Int64, students: [Int64], _ tx: some SQLExecutor) throws -> [Int64: String] {
        var numbers: [Int64: String] = [:]
        for row in try tx.execute("SELECT student_user_id, id_number FROM candidates WHERE test_plan_id = $1 AND student_user_id = ANY($2::bigint[])",
                                  [.int(planID), .intArray(students)]) {
            numbers[try row.decode("student_user_id")] = try row.decode("id_number")
        }
        return numbers
    }

    /// AS-2: numbers every seat's ticket.
    static func setTickets(planID: Int64, seats: [Int], tickets: [String], _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE candidates c SET ticket_number = u.ticket
            FROM unnest($2::bigint[], $3::text[]) AS u(seat, ticket) WHERE c.test_plan_id = $1 AND c.seat = u.seat
            """, [.int(planID), .intArray(seats.map(Int64.init)), .textArray(tickets)])
    }

    /// AS-3: saves entries (imported or one by one) with their results, in one statement.
    static func saveScores(planID: Int64, _ entries: [ScoreSheet.Entry], rule: PassRule, by userID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE candidates c SET sitting = u.sitting, theory_tenths = nullif(u.theory, -1), practice_tenths = nullif(u.practice, -1),
                result = u.result, entered_at = now(), entered_by = $7
            FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS u(student, sitting, theory, practice, result)
            WHERE c.test_plan_id = $1 AND c.student_user_id = u.student
            """, [.int(planID), .intArray(entries.map(\.studentUserID)), .textArray(entries.map(\.sitting.rawValue)),
                  .intArray(entries.map { $0.sitting == .present ? Int64($0.theoryTenths) : -1 }),
                  .intArray(entries.map { $0.sitting == .present ? Int64($0.practiceTenths) : -1 }),
                  .textArray(entries.map { rule.result($0.sitting, theoryTenths: $0.theoryTenths, practiceTenths: $0.practiceTenths).rawValue }),
                  .int(userID)])
    }

    /// Candidates without a sitting entered.
    static func missingScores(planID: Int64, _ tx: some SQLExecutor) throws -> Int {
        Int(try tx.execute("SELECT count(*) AS n FROM candidates WHERE test_plan_id = $1 AND sitting IS NULL", [.int(planID)])
            .first!.decode("n", as: Int64.self))
    }

    /// Enrollments that may not be seated again: passed in approved scores, or in another plan
    /// whose scores are not approved yet; with the reason.
    static func taken(enrollmentIDs: [Int64], exceptPlan: Int64, _ tx: some SQLExecutor) throws -> [Int64: String] {
        var reasons: [Int64: String] = [:]
        for row in try tx.execute("""
            SELECT c.enrollment_id, p.name, p.score_state, coalesce(c.result, '') AS result FROM candidates c JOIN test_plans p ON p.id = c.test_plan_id
            WHERE c.enrollment_id = ANY($1::bigint[]) AND p.id <> $2 AND (p.score_state <> 'approved' OR c.result = 'passed')
            """, [.intArray(enrollmentIDs), .int(exceptPlan)]) {
            let id: Int64 = try row.decode("enrollment_id")
            let name: String = try row.decode("name")
            reasons[id] = try row.decode("result") == "passed" && row.decode("score_state") == "approved"
                ? "已考核合格" : "已在考核计划“\(name)”中"
        }
        return reasons
    }

    /// EN-5 / AS-4: the latest test of each enrollment.
    static func byEnrollments(_ ids: [Int64], _ tx: some SQLExecutor) throws -> [Assessment_V1_EnrollmentAssessment] {
        try tx.execute("""
            SELECT DISTINCT ON (c.enrollment_id) c.enrollment_id, p.id, p.name, p.state, p.score_state, p.place,
                   extract(epoch FROM p.exam_start_at)::bigint AS exam_start, coalesce(c.ticket_number, '') AS ticket_number,
                   coalesce(c.sitting, '') AS sitting, coalesce(c.theory_tenths, 0) AS theory, coalesce(c.practice_tenths, 0) AS practice,
                   coalesce(c.result, '') AS result
            FROM candidates c JOIN test_plans p ON p.id = c.test_plan_id
            WHERE c.enrollment_id = ANY($1::bigint[]) ORDER BY c.enrollment_id, p.id DESC
            """, [.intArray(ids)]).map { row in
            var item = Assessment_V1_EnrollmentAssessment()
            item.enrollmentID = try row.decode("enrollment_id")
            item.testPlanID = try row.decode("id")
            item.testPlanName = try row.decode("name")
            item.testPlanState = TestPlanStatus(rawValue: try row.decode("state"))?.proto ?? .unspecified
            let scores = ScoreStatus(rawValue: try row.decode("score_state")) ?? .notReported
            item.scoreState = scores.proto
            item.examStartUnix = try row.decode("exam_start")
            item.place = try row.decode("place")
            item.ticketNumber = try row.decode("ticket_number")
            if scores == .approved {
                item.sitting = Sitting(rawValue: try row.decode("sitting"))?.proto ?? .unspecified
                item.theoryTenths = try row.decode("theory")
                item.practiceTenths = try row.decode("practice")
                item.result = AssessmentResult(rawValue: try row.decode("result"))?.proto ?? .unspecified
            }
            return item
        }
    }

    /// A student's own candidacies, newest plan first, with the plan id for loading the plans.
    static func mine(studentUserID: Int64, _ tx: some SQLExecutor) throws -> [(planID: Int64, candidate: Assessment_V1_Candidate)] {
        try tx.execute("""
            SELECT c.test_plan_id, \(columns) FROM candidates c WHERE c.student_user_id = $1 ORDER BY c.test_plan_id DESC LIMIT 50
            """, [.int(studentUserID)]).map { (try $0.decode("test_plan_id"), try candidate($0, fullIDNumber: true)) }
    }
}

/// Exam discipline's record: no-shows and cheating by ID number, from approved scores.
enum DisciplineStore {
    /// The marks of each ID number.
    static func marks(_ idNumbers: [String], _ tx: some SQLExecutor) throws -> [String: [DisciplineRules.Mark]] {
        var marks: [String: [DisciplineRules.Mark]] = [:]
        for row in try tx.execute("""
            SELECT id_number, sitting, extract(epoch FROM exam_at)::bigint AS at FROM discipline_marks WHERE id_number = ANY($1::text[])
            """, [.textArray(idNumbers)]) {
            guard let sitting = Sitting(rawValue: try row.decode("sitting")) else { continue }
            marks[try row.decode("id_number"), default: []].append(DisciplineRules.Mark(sitting, atUnix: try row.decode("at")))
        }
        return marks
    }

    /// Records the plan's no-shows and cheating (once: a plan's marks are unique per ID number).
    /// - Returns: how many marks were written.
    @discardableResult
    static func record(planID: Int64, _ tx: Transaction) throws -> Int {
        try tx.execute("""
            INSERT INTO discipline_marks (id_number, sitting, test_plan_id, exam_at)
            SELECT c.id_number, c.sitting, p.id, p.exam_start_at FROM candidates c JOIN test_plans p ON p.id = c.test_plan_id
            WHERE p.id = $1 AND c.sitting IN ('absent', 'cheated') ON CONFLICT (test_plan_id, id_number) DO NOTHING
            RETURNING id
            """, [.int(planID)]).count
    }
}
