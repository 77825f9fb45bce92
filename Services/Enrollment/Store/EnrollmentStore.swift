import CommonRules
import EnrollmentDomain
import Proto
import Storage

/// Row mapping for enrollments (EN-3 … EN-5, EN-7), joined with their plan.
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
        enrollment.kind = PlanKindName.proto(try row.decode("kind"))
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

    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: Transaction) throws -> Enrollment_V1_Enrollment? {
        try tx.execute("SELECT \(columns) \(from) WHERE e.id = $1" + (forUpdate ? " FOR UPDATE OF e" : ""), [.int(id)])
            .first.map { try enrollment($0, .detail) }
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
