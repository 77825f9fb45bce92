import CommonRules
import EnrollmentDomain
import Proto
import RPC
import ServiceHost
import Storage

/// EN-3 (new-certificate enrollment), EN-7 (continuing education) and the student's side of
/// EN-4 (resubmit after a rejection, delete before confirmation).
extension EnrollmentService {
    /// EN-3, EN-7: a real-name-verified student enrolls in an open plan. Idempotent by `request_id`.
    public func submitEnrollment(_ request: Enrollment_V1_SubmitEnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let caller = try Self.student(context)
        let facts = try await identity.student(caller.userID, deadline: context.forwarded)
        guard facts.realNameVerified else { throw EnrollmentError.realNameRequired }
        let form = try ValidForm(request.form ?? Enrollment_V1_EnrollmentForm())
        let verified = try await verifyCertificate(form, caller, context)
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("enrollment.submit", key: request.requestID, in: tx),
               let enrollment = try EnrollmentStore.load(earlier, tx) { return enrollment }
            let plan = try Self.openPlan(for: form, tx)
            try form.checkFiles(owner: caller.userID, tx)
            let id: Int64
            do {
                id = try tx.execute("""
                    INSERT INTO enrollments (student_user_id, plan_id, org_id, kind, post, state, name, id_number, phone,
                        commitment_notice_accepted, employment_status, employer_division_code, employer_name, gender, education,
                        school, major, work_history, achievements, personal_commitment, id_front_file_id, id_back_file_id,
                        education_file_id, certificate_number, certificate_verified)
                    VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8, true, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                            $19, $20, $21, $22, $23) RETURNING id
                    """, [.int(caller.userID), .int(plan.id), .int(plan.orgID), .text(PlanKindName.stored(plan.kind) ?? ""),
                          .text(form.post), .text(facts.name), .text(facts.idNumber), .text(facts.phone)]
                    + form.columns + [.bool(verified)]).first?.decode("id") ?? 0
            } catch let error as StorageError where error.isUniqueViolation {
                throw EnrollmentError.alreadyEnrolled
            }
            try Self.log("enrollment.submit", "enrollment", id, by: caller, key: request.requestID, context, tx)
            return try EnrollmentStore.load(id, tx)!
        }
    }

    /// EN-4: a rejected enrollment, edited, goes back for review (same plan).
    public func resubmitEnrollment(_ request: Enrollment_V1_ResubmitEnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let caller = try Self.student(context)
        let form = try ValidForm(request.form ?? Enrollment_V1_EnrollmentForm())
        let verified = try await verifyCertificate(form, caller, context)
        return try await transaction(context) { tx in
            let current = try Self.ownEnrollment(request.enrollmentID, caller, tx)
            guard current.planID == form.planID else { throw EnrollmentError.planKindMismatch }
            guard let from = EnrollmentStatus(current.state), EnrollmentStep.resubmit.next(from: from) != nil else {
                throw EnrollmentError.enrollmentStepNotAllowed
            }
            _ = try Self.openPlan(for: form, counting: false, tx)
            try form.checkFiles(owner: caller.userID, tx)
            do {
                try tx.execute("""
                    UPDATE enrollments SET state = 'submitted', employment_status = $2, employer_division_code = $3,
                        employer_name = $4, gender = $5, education = $6, school = $7, major = $8, work_history = $9,
                        achievements = $10, personal_commitment = $11, id_front_file_id = $12, id_back_file_id = $13,
                        education_file_id = $14, certificate_number = $15, certificate_verified = $16, post = $17,
                        reject_reasons = '{}', reject_comment = '', submitted_at = now(), reviewed_at = NULL, reviewed_by = NULL
                    WHERE id = $1
                    """, [.int(current.id)] + form.columns + [.bool(verified), .text(form.post)])
            } catch let error as StorageError where error.isUniqueViolation {
                throw EnrollmentError.alreadyEnrolled
            }
            try Self.log("enrollment.resubmit", "enrollment", current.id, by: caller, context, tx)
            return try EnrollmentStore.load(current.id, tx)!
        }
    }

    /// EN-4: the student deletes an enrollment the institution has not confirmed (or cancels a
    /// rejected one). It stays on record as withdrawn and frees the post.
    public func withdrawEnrollment(_ request: Enrollment_V1_EnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let caller = try Self.student(context)
        return try await transaction(context) { tx in
            let current = try Self.ownEnrollment(request.enrollmentID, caller, tx)
            guard let from = EnrollmentStatus(current.state), let next = EnrollmentStep.withdraw.next(from: from) else {
                throw EnrollmentError.enrollmentStepNotAllowed
            }
            try tx.execute("UPDATE enrollments SET state = $2 WHERE id = $1", [.int(current.id), .text(next.rawValue)])
            try Self.log("enrollment.withdraw", "enrollment", current.id, by: caller, context, tx)
            return try EnrollmentStore.load(current.id, tx)!
        }
    }

    /// One enrollment: the student's own, or one in an org user's scope (full ID number and
    /// phone: a detail view for an authorised user, X-1).
    public func getEnrollment(_ request: Enrollment_V1_EnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let caller = try context.requireCaller()
        guard let orgID = caller.orgID else {
            try caller.require(Permission.studentSelf)
            return try await transaction(context) { tx in try Self.ownEnrollment(request.enrollmentID, caller, tx) }
        }
        _ = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove, Permission.enrollmentPlanManage)
        let scope = try await scope(orgID, context)
        return try await transaction(context) { tx in
            guard let enrollment = try EnrollmentStore.load(request.enrollmentID, tx), scope.contains(enrollment.orgID) else {
                throw EnrollmentError.notFound("报名")
            }
            return enrollment
        }
    }

    /// The student's own enrollments, newest first, by state and kind (报名记录查询; EN-7's
    /// continuing-education records).
    public func listMyEnrollments(_ request: Enrollment_V1_ListEnrollmentsRequest, context: CallContext) async throws -> Enrollment_V1_ListEnrollmentsResponse {
        let caller = try Self.student(context)
        let window = try PageWindow(request.page)
        let state = EnrollmentStatus(request.state)?.rawValue ?? ""
        let kind = PlanKindName.stored(request.kind) ?? ""
        return try await transaction(context) { tx in
            try Self.enrollments(window.fetch(tx, columns: EnrollmentStore.columns, from: """
                \(EnrollmentStore.from) WHERE e.student_user_id = $1 AND ($2 = '' OR e.state = $2) AND ($3 = '' OR e.kind = $3)
                """, parameters: [.int(caller.userID), .text(state), .text(kind)], id: "e.id", order: .newestFirst,
                { try EnrollmentStore.enrollment($0, .own) }) { $0.id })
        }
    }

    static func enrollments(_ page: Page<Enrollment_V1_Enrollment>) -> Enrollment_V1_ListEnrollmentsResponse {
        var response = Enrollment_V1_ListEnrollmentsResponse()
        response.enrollments = page.items
        response.page = page.info
        return response
    }

    /// The student's own enrollment, locked; another student's is "not found".
    static func ownEnrollment(_ id: Int64, _ caller: Caller, _ tx: Transaction) throws -> Enrollment_V1_Enrollment {
        guard let enrollment = try EnrollmentStore.load(id, forUpdate: true, tx), enrollment.studentUserID == caller.userID else {
            throw EnrollmentError.notFound("报名")
        }
        return enrollment
    }

    /// The form's plan, locked, when it takes enrollments now for the form's post and kind and
    /// (when `counting`) still has room.
    static func openPlan(for form: ValidForm, counting: Bool = true, _ tx: Transaction) throws -> Enrollment_V1_Plan {
        guard let plan = try PlanStore.load(form.planID, forUpdate: true, tx), plan.state == .approved else {
            throw EnrollmentError.notFound("报名计划")
        }
        guard PlanRules.isOpen(state: .approved, start: plan.startUnix, end: plan.endUnix, now: now) else { throw EnrollmentError.planNotOpen }
        guard plan.kind == form.kind else { throw EnrollmentError.planKindMismatch }
        guard plan.posts.contains(form.post) else { throw EnrollmentError.postNotInPlan }
        if counting, plan.enrolled >= plan.headcount { throw EnrollmentError.planFull }
        return plan
    }

    /// EN-7: a continuing-education form's certificate, through the certificates lookup.
    func verifyCertificate(_ form: ValidForm, _ caller: Caller, _ context: CallContext) async throws -> Bool {
        guard form.kind == .continuingEducation else { return false }
        return try await certificates.verify(number: form.certificateNumber, holderUserID: caller.userID,
                                             province: String(form.employerDivisionCode.prefix(2)))
    }
}

/// An enrollment form that passed the checks that need no database (EN-3 steps 1–9, EN-7).
/// A form with a certificate number is a continuing-education enrollment.
struct ValidForm: Sendable {
    let planID: Int64
    let post: String
    let kind: Enrollment_V1_PlanKind
    let employerDivisionCode: String
    let certificateNumber: String
    let idFront: Int64, idBack: Int64, education: Int64
    /// `employment_status` … `certificate_number`, in the column order the statements use.
    let columns: [SQLValue]

    init(_ form: Enrollment_V1_EnrollmentForm) throws {
        guard form.commitmentNoticeAccepted else { throw EnrollmentError.commitmentRequired }
        let employment: String
        switch form.employmentStatus {
        case .employed: employment = "employed"
        case .unemployed: employment = "unemployed"
        default: throw EnrollmentError.employmentStatusRequired
        }
        let division = form.employerDivisionCode.trimmingSpaces
        // GB/T 2260 cities of the province, from the same table the organisation tree uses (ID-5).
        guard Division.city(division) != nil else { throw EnrollmentError.divisionInvalid }
        let employer = form.employerName.trimmingSpaces
        if form.employmentStatus == .employed, !(1...100).contains(employer.count) {
            throw RPCError.invalidArgument("请填写工作单位", field: "form.employerName")
        }
        guard ["", "男", "女"].contains(form.gender) else { throw RPCError.invalidArgument("性别应为男或女", field: "form.gender") }
        for (field, text, limit) in [("form.education", form.education, 50), ("form.school", form.school, 100),
                                     ("form.major", form.major, 100), ("form.workHistory", form.workHistory, 2000),
                                     ("form.achievements", form.achievements, 2000),
                                     ("form.personalCommitment", form.personalCommitment, 2000)]
        where text.count > limit { throw EnrollmentError.textTooLong(field) }
        guard form.planID > 0 else { throw RPCError.invalidArgument("请选择培训机构的报名计划", field: "form.planId") }
        let post = form.post.trimmingSpaces
        guard !post.isEmpty else { throw RPCError.invalidArgument("请选择专业及岗位", field: "form.post") }
        let certificate = form.certificateNumber.trimmingSpaces.uppercased()
        kind = certificate.isEmpty ? .newCertificate : .continuingEducation
        if kind == .newCertificate, form.personalCommitment.trimmingSpaces.isEmpty {
            throw RPCError.invalidArgument("请填写个人报名承诺", field: "form.personalCommitment")
        }
        if form.workHistory.trimmingSpaces.isEmpty { throw RPCError.invalidArgument("请填写工作简历", field: "form.workHistory") }
        planID = form.planID
        self.post = post
        employerDivisionCode = division
        certificateNumber = certificate
        idFront = form.idFrontFileID
        idBack = form.idBackFileID
        education = form.educationFileID
        let optionalFile = { (id: Int64) -> SQLValue in id > 0 ? .int(id) : .null }
        columns = [.text(employment), .text(division), .text(employer), .text(form.gender),
                   .text(form.education.trimmingSpaces), .text(form.school.trimmingSpaces), .text(form.major.trimmingSpaces),
                   .text(form.workHistory.trimmingSpaces), .text(form.achievements.trimmingSpaces),
                   .text(form.personalCommitment.trimmingSpaces), optionalFile(idFront), optionalFile(idBack),
                   optionalFile(education), .text(certificate)]
    }

    /// New-certificate enrollments need the three scans (seed 001 steps 7–9), each the student's
    /// own upload of its kind; continuing education needs none, but any given must be theirs.
    func checkFiles(owner: Int64, _ tx: Transaction) throws {
        for (id, purpose, field) in [(idFront, UploadPurpose.idFront, "form.idFrontFileId"),
                                     (idBack, .idBack, "form.idBackFileId"), (education, .education, "form.educationFileId")]
        where kind == .newCertificate || id != 0 {
            try EnrollmentService.requireOwnFile(id, purpose, owner: owner, field: field, tx)
        }
    }
}
