import CommonRules
import EnrollmentDomain
import Proto
import ServiceHost
import Storage

/// SQL and row mapping for enrollments (EN-3 … EN-5, EN-7), joined with their plan.
enum EnrollmentStore {
    static let columns = """
        e.id, e.student_user_id, e.name, e.id_number, e.phone, e.kind, e.plan_id, p.name AS plan_name, e.org_id,
        p.org_name, e.state, e.post, e.commitment_notice_accepted, e.employment_status, e.employer_division_code,
        e.employer_name, e.gender, e.education, e.school, e.major, e.work_history, e.achievements,
        e.personal_commitment, coalesce(e.id_front_file_id, 0) AS id_front, coalesce(e.id_back_file_id, 0) AS id_back,
        coalesce(e.education_file_id, 0) AS education_file, e.certificate_number, e.certificate_verified,
        e.reject_reasons, e.reject_comment, extract(epoch FROM e.submitted_at)::bigint AS submitted_unix,
        coalesce(extract(epoch FROM e.reviewed_at)::bigint, 0) AS reviewed_unix,
        p.class_application_at IS NOT NULL AS class_applied
        """
    static let from = "FROM enrollments e JOIN plans p ON p.id = e.plan_id"

    /// How much of an enrollment a response carries.
    enum View {
        /// An organisation's list: ID number and phone masked, no long texts.
        case list
        /// The student's own list: their own numbers, no long texts.
        case own
        /// One enrollment: everything.
        case detail
    }

    /// An enrollment as `view` shows it. Lists leave out work history, achievements and the
    /// personal commitment (up to 2,000 characters each), so a 200-row page stays far inside the
    /// RPC's 4 MiB frame.
    static func enrollment(_ row: Row, _ view: View) throws -> Enrollment_V1_Enrollment {
        let unmasked = view != .list
        var enrollment = Enrollment_V1_Enrollment()
        enrollment.id = try row.decode("id")
        enrollment.studentUserID = try row.decode("student_user_id")
        enrollment.name = try row.decode("name")
        let idNumber: String = try row.decode("id_number"), phone: String = try row.decode("phone")
        enrollment.idNumber = unmasked ? idNumber : Masking.idNumber(idNumber)
        enrollment.phone = unmasked ? phone : Masking.phone(phone)
        enrollment.kind = PlanKind.proto(stored: try row.decode("kind"))
        enrollment.planID = try row.decode("plan_id")
        enrollment.planName = try row.decode("plan_name")
        enrollment.orgID = try row.decode("org_id")
        enrollment.orgName = try row.decode("org_name")
        enrollment.state = status(try row.decode("state")).proto
        var form = Enrollment_V1_EnrollmentForm()
        form.planID = enrollment.planID
        form.post = try row.decode("post")
        form.commitmentNoticeAccepted = try row.decode("commitment_notice_accepted")
        form.employmentStatus = try row.decode("employment_status") == "employed" ? .employed : .unemployed
        form.employerDivisionCode = try row.decode("employer_division_code")
        form.employerName = try row.decode("employer_name")
        form.gender = try row.decode("gender")
        form.education = try row.decode("education")
        form.school = try row.decode("school")
        form.major = try row.decode("major")
        if view == .detail {
            form.workHistory = try row.decode("work_history")
            form.achievements = try row.decode("achievements")
            form.personalCommitment = try row.decode("personal_commitment")
        }
        form.idFrontFileID = try row.decode("id_front")
        form.idBackFileID = try row.decode("id_back")
        form.educationFileID = try row.decode("education_file")
        form.certificateNumber = try row.decode("certificate_number")
        enrollment.form = form
        enrollment.rejectReasons = try row.strings("reject_reasons")
        enrollment.rejectComment = try row.decode("reject_comment")
        enrollment.certificateVerified = try row.decode("certificate_verified")
        enrollment.submittedAtUnix = try row.decode("submitted_unix")
        enrollment.reviewedAtUnix = try row.decode("reviewed_unix")
        enrollment.classApplicationSubmitted = try row.decode("class_applied")
        return enrollment
    }

    /// One enrollment with everything (`View.detail`), locked for the rest of the transaction
    /// when `forUpdate`.
    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: Transaction) throws -> Enrollment_V1_Enrollment? {
        try tx.execute("SELECT \(columns) \(from) WHERE e.id = $1" + (forUpdate ? " FOR UPDATE OF e" : ""), [.int(id)])
            .first.map { try enrollment($0, .detail) }
    }

    /// EN-3, EN-7: inserts a submitted enrollment of student `userID` in `plan`, with the form and
    /// the student's name, ID number and phone as identity has them now (the form as signed).
    /// - Returns: its id.
    /// - Throws: `EnrollmentError.alreadyEnrolled` when the student holds an active enrollment
    ///   for the post (the partial unique index).
    static func insert(_ form: ValidForm, student: Identity_V1_Student, userID: Int64, plan: Enrollment_V1_Plan,
                       certificateVerified: Bool, _ tx: Transaction) throws -> Int64 {
        do {
            return try tx.execute("""
                INSERT INTO enrollments (student_user_id, plan_id, org_id, kind, post, state, name, id_number, phone,
                    commitment_notice_accepted, employment_status, employer_division_code, employer_name, gender, education,
                    school, major, work_history, achievements, personal_commitment, id_front_file_id, id_back_file_id,
                    education_file_id, certificate_number, certificate_verified)
                VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8, true, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                        $19, $20, $21, $22, $23) RETURNING id
                """, [.int(userID), .int(plan.id), .int(plan.orgID), .text(PlanKind(plan.kind)?.rawValue ?? ""),
                      .text(form.post), .text(student.name), .text(student.idNumber), .text(student.phone)]
                + formColumns(form) + [.bool(certificateVerified)]).first?.decode("id") ?? 0
        } catch let error as StorageError where error.isUniqueViolation {
            throw EnrollmentError.alreadyEnrolled
        }
    }

    /// EN-4: enrollment `id`, edited, goes back to submitted: the form replaced, the last
    /// review's reasons, comment and reviewer cleared, submitted now.
    /// - Throws: `EnrollmentError.alreadyEnrolled` when the new post is already held.
    static func resubmit(_ id: Int64, _ form: ValidForm, certificateVerified: Bool, _ tx: Transaction) throws {
        do {
            try tx.execute("""
                UPDATE enrollments SET state = 'submitted', employment_status = $2, employer_division_code = $3,
                    employer_name = $4, gender = $5, education = $6, school = $7, major = $8, work_history = $9,
                    achievements = $10, personal_commitment = $11, id_front_file_id = $12, id_back_file_id = $13,
                    education_file_id = $14, certificate_number = $15, certificate_verified = $16, post = $17,
                    reject_reasons = '{}', reject_comment = '', submitted_at = now(), reviewed_at = NULL, reviewed_by = NULL
                WHERE id = $1
                """, [.int(id)] + formColumns(form) + [.bool(certificateVerified), .text(form.post)])
        } catch let error as StorageError where error.isUniqueViolation {
            throw EnrollmentError.alreadyEnrolled
        }
    }

    /// `employment_status` … `certificate_number`, in the column order `insert` and `resubmit` use
    /// (a file not given is NULL).
    private static func formColumns(_ form: ValidForm) -> [SQLValue] {
        let optionalFile = { (id: Int64) -> SQLValue in id > 0 ? .int(id) : .null }
        return [.text(form.employmentStatus.rawValue), .text(form.employerDivisionCode), .text(form.employerName),
                .text(form.gender), .text(form.education), .text(form.school), .text(form.major), .text(form.workHistory),
                .text(form.achievements), .text(form.personalCommitment), optionalFile(form.idFrontFileID),
                optionalFile(form.idBackFileID), optionalFile(form.educationFileID), .text(form.certificateNumber)]
    }

    /// EN-4: moves enrollment `id` to `state` (the student's withdrawal).
    static func setState(_ id: Int64, _ state: EnrollmentStatus, _ tx: Transaction) throws {
        try tx.execute("UPDATE enrollments SET state = $2 WHERE id = $1", [.int(id), .text(state.rawValue)])
    }

    /// EN-4: records the institution's review of enrollment `id`: the new state, the reason
    /// codes and free text of a rejection (empty on approval), who reviewed and when (now).
    static func review(_ id: Int64, _ state: EnrollmentStatus, reasons codes: [String], comment: String,
                       by reviewer: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE enrollments SET state = $2, reject_reasons = $3::text[], reject_comment = $4, reviewed_at = now(),
                   reviewed_by = $5 WHERE id = $1
            """, [.int(id), .text(state.rawValue), .textArray(codes), .text(comment), .int(reviewer)])
    }

    /// The student's own enrollments (`View.own`), newest first, by state and kind (stored
    /// values, "" for any).
    static func listOwn(_ window: PageWindow, studentUserID: Int64, state: String, kind: String,
                        _ tx: Transaction) throws -> Page<Enrollment_V1_Enrollment> {
        try window.fetch(tx, columns: columns, from: """
            \(from) WHERE e.student_user_id = $1 AND ($2 = '' OR e.state = $2) AND ($3 = '' OR e.kind = $3)
            """, parameters: [.int(studentUserID), .text(state), .text(kind)], id: "e.id", order: .newestFirst,
            { try enrollment($0, .own) }) { $0.id }
    }

    /// EN-6: whether the student has an enrollment (not withdrawn) with one of `orgs`.
    static func isEnrolled(_ studentUserID: Int64, with orgs: [Int64], _ tx: Transaction) throws -> Bool {
        try !tx.execute("""
            SELECT 1 FROM enrollments WHERE student_user_id = $1 AND org_id = ANY($2::bigint[]) AND state <> 'withdrawn' LIMIT 1
            """, [.int(studentUserID), .intArray(orgs)]).isEmpty
    }

    /// CL-2: the approved enrollments of a plan (of one post, or every post when `post` is
    /// empty), by enrollment id, ID numbers masked: the class's roster.
    static func roster(planID: Int64, post: String, _ tx: some SQLExecutor) throws -> [Enrollment_V1_RosterStudent] {
        try tx.execute("""
            SELECT id, student_user_id, name, id_number, post FROM enrollments
            WHERE plan_id = $1 AND state = 'approved' AND ($2 = '' OR post = $2) ORDER BY id
            """, [.int(planID), .text(post)]).map { row in
            var student = Enrollment_V1_RosterStudent()
            student.enrollmentID = try row.decode("id")
            student.studentUserID = try row.decode("student_user_id")
            student.name = try row.decode("name")
            student.idNumber = Masking.idNumber(try row.decode("id_number"))
            student.post = try row.decode("post")
            return student
        }
    }

    static func status(_ text: String) -> EnrollmentStatus { EnrollmentStatus(rawValue: text) ?? .submitted }

    /// The organisations (plan institutions) holding an enrollment of `studentUserID` that is not
    /// withdrawn, ascending (ID-9: who may see the student's WeChat accounts).
    static func organisations(holdingStudent studentUserID: Int64, _ tx: some SQLExecutor) throws -> [Int64] {
        try tx.execute("""
            SELECT DISTINCT org_id FROM enrollments WHERE student_user_id = $1 AND state <> 'withdrawn' ORDER BY org_id
            """, [.int(studentUserID)]).map { try $0.decode("org_id") }
    }
}

extension EnrollmentStatus {
    var proto: Enrollment_V1_EnrollmentState {
        switch self {
        case .submitted: .submitted
        case .approved: .approved
        case .rejected: .rejected
        case .withdrawn: .withdrawn
        }
    }

    init?(_ proto: Enrollment_V1_EnrollmentState) {
        switch proto {
        case .submitted: self = .submitted
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .withdrawn: self = .withdrawn
        default: return nil
        }
    }
}
