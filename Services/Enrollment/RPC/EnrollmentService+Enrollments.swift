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
        let form = try EnrollmentForm(request.form ?? Enrollment_V1_EnrollmentForm()).validated()
        let verified = try await verifyCertificate(form, caller, context)
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("enrollment.submit", key: request.requestID, in: tx),
               let enrollment = try EnrollmentStore.load(earlier, tx) { return enrollment }
            let plan = try Self.openPlan(for: form, tx)
            try Self.checkUploads(of: form, owner: caller.userID, tx)
            let id = try EnrollmentStore.insert(form, student: facts, userID: caller.userID, plan: plan,
                                                certificateVerified: verified, tx)
            try Self.log("enrollment.submit", "enrollment", id, by: caller, key: request.requestID, context, tx)
            return try EnrollmentStore.load(id, tx)!
        }
    }

    /// EN-4: a rejected enrollment, edited, goes back for review (same plan).
    public func resubmitEnrollment(_ request: Enrollment_V1_ResubmitEnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let caller = try Self.student(context)
        let form = try EnrollmentForm(request.form ?? Enrollment_V1_EnrollmentForm()).validated()
        let verified = try await verifyCertificate(form, caller, context)
        return try await transaction(context) { tx in
            let current = try Self.ownEnrollment(request.enrollmentID, caller, tx)
            guard current.planID == form.planID else { throw EnrollmentError.planKindMismatch }
            guard let from = EnrollmentStatus(current.state), EnrollmentStep.resubmit.next(from: from) != nil else {
                throw EnrollmentError.enrollmentStepNotAllowed
            }
            _ = try Self.openPlan(for: form, counting: false, tx)
            try Self.checkUploads(of: form, owner: caller.userID, tx)
            try EnrollmentStore.resubmit(current.id, form, certificateVerified: verified, tx)
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
            try EnrollmentStore.setState(current.id, next, tx)
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
            let own = try await transaction(context) { tx in try Self.ownEnrollment(request.enrollmentID, caller, tx) }
            return await withProgress([own], context)[0]
        }
        _ = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove, Permission.enrollmentPlanManage)
        let scope = try await scope(orgID, context)
        let enrollment = try await transaction(context) { tx in
            guard let enrollment = try EnrollmentStore.load(request.enrollmentID, tx), scope.contains(enrollment.orgID) else {
                throw EnrollmentError.notFound("报名")
            }
            return enrollment
        }
        return await withProgress([enrollment], context)[0]
    }

    /// The student's own enrollments, newest first, by state and kind (报名记录查询; EN-7's
    /// continuing-education records).
    public func listMyEnrollments(_ request: Enrollment_V1_ListEnrollmentsRequest, context: CallContext) async throws -> Enrollment_V1_ListEnrollmentsResponse {
        let caller = try Self.student(context)
        let window = try PageWindow(request.page)
        let state = EnrollmentStatus(request.state)?.rawValue ?? ""
        let kind = PlanKind(request.kind)?.rawValue ?? ""
        var response = try await transaction(context) { tx in
            try Self.enrollments(EnrollmentStore.listOwn(window, studentUserID: caller.userID, state: state, kind: kind, tx))
        }
        response.enrollments = await withProgress(response.enrollments, context)
        return response
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
    /// (when `counting`) still has room (`ValidForm.checkPlan`).
    static func openPlan(for form: ValidForm, counting: Bool = true, _ tx: Transaction) throws -> Enrollment_V1_Plan {
        guard let plan = try PlanStore.load(form.planID, forUpdate: true, tx) else { throw EnrollmentError.notFound("报名计划") }
        try form.checkPlan(PlanSnapshot(plan), now: now, counting: counting)
        return plan
    }

    /// The form's uploads (`ValidForm.uploadsToCheck`), each the student's own of its kind.
    /// - Throws: `fileMissing(field)` for the first that is not.
    static func checkUploads(of form: ValidForm, owner: Int64, _ tx: Transaction) throws {
        for upload in form.uploadsToCheck {
            try requireOwnFile(upload.fileID, upload.purpose, owner: owner, field: upload.field, tx)
        }
    }

    /// EN-7: a continuing-education form's certificate, through the certificates lookup.
    func verifyCertificate(_ form: ValidForm, _ caller: Caller, _ context: CallContext) async throws -> Bool {
        guard form.kind == .continuingEducation else { return false }
        return try await certificates.verify(number: form.certificateNumber, holderUserID: caller.userID,
                                             province: String(form.employerDivisionCode.prefix(2)))
    }
}
