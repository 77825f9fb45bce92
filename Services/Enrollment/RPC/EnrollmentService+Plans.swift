import CommonRules
import EnrollmentDomain
import Proto
import RPC
import ServiceHost
import Storage

/// EN-1 (plans and their approval) and the class-application mark of EN-2.
extension EnrollmentService {
    /// EN-1: an institution creates a plan (idempotent by `request_id`) or edits one it may still
    /// edit. Posts must be within the institution's scope; the window at most one month.
    public func savePlan(_ request: Enrollment_V1_SavePlanRequest, context: CallContext) async throws -> Enrollment_V1_Plan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentPlanManage)
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        guard [.trainingInstitution, .provinceDirect, .ceBase].contains(organisation.kind) else { throw EnrollmentError.notAnInstitution }
        let settings = try await settings(context)
        let plan = try PlanDraft(request).validate(postScope: organisation.postScope, maximumDays: settings.planMaximumDays,
                                                   classApplicationDays: settings.classApplicationDays)
        return try await transaction(context) { tx in
            guard request.planID != 0 else {
                if let earlier = try OperationLog.earlierTarget("plan.create", key: request.requestID, in: tx),
                   let created = try PlanStore.load(earlier, tx) { return created }
                let id = try PlanStore.insert(plan, state: plan.initialState, orgID: orgID, orgName: organisation.name,
                                              divisionCode: String(organisation.divisionCode.prefix(4)), createdBy: caller.userID, tx)
                try Self.log("plan.create", "plan", id, by: caller, key: request.requestID, context, tx)
                return try PlanStore.load(id, tx)!
            }
            guard let current = try PlanStore.load(request.planID, forUpdate: true, tx), current.orgID == orgID else {
                throw EnrollmentError.notFound("报名计划")
            }
            try plan.checkReplaces(PlanSnapshot(current), now: Self.now)
            try PlanStore.update(current.id, to: plan, tx)
            try Self.log("plan.update", "plan", current.id, by: caller, context, tx)
            return try PlanStore.load(current.id, tx)!
        }
    }

    /// EN-1: submit, withdraw and close (the institution); accept, approve and reject (an
    /// authority above the institution).
    public func actOnPlan(_ request: Enrollment_V1_PlanActionRequest, context: CallContext) async throws -> Enrollment_V1_Plan {
        let caller = try context.requireCaller()
        guard let orgID = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 500 else { throw EnrollmentError.textTooLong("comment") }
        if request.action == .close {
            try caller.require(Permission.enrollmentPlanManage)
            let days = try await settings(context).classApplicationDays
            return try await transaction(context) { tx in
                let plan = try Self.ownPlan(request.planID, orgID, tx)
                let now = Self.now
                guard plan.state == .approved, now < plan.endUnix else { throw EnrollmentError.planStepNotAllowed }
                try PlanStore.close(plan.id, now: now, purgeAfter: PlanRules.purgeDeadline(enrollmentEnd: now, days: days), tx)
                try Self.log("plan.close", "plan", plan.id, by: caller, context, tx)
                return try PlanStore.load(plan.id, tx)!
            }
        }
        let action: ApprovalAction
        switch request.action {
        case .submit: action = .submit
        case .withdraw: action = .withdraw
        case .accept: action = .accept
        case .approve: action = .approve
        case .reject: action = .reject
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
        try caller.require(action.byAuthority ? Permission.enrollmentPlanApprove : Permission.enrollmentPlanManage)
        if action == .reject, comment.isEmpty { throw EnrollmentError.commentRequired }
        let scope = action.byAuthority ? try await scope(orgID, context) : [orgID]
        let route = action == .submit
            ? approvalRoute(of: try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()) : []
        let flow = PlanStatus.flow(reviewDays: try await settings(context).planReviewDays)
        return try await transaction(context) { tx in
            guard let plan = try PlanStore.load(request.planID, forUpdate: true, tx), scope.contains(plan.orgID),
                  action.byAuthority ? plan.orgID != orgID : plan.orgID == orgID else {
                throw EnrollmentError.notFound("报名计划")
            }
            guard plan.requiresApproval, let from = PlanStatus(plan.state) else { throw EnrollmentError.planStepNotAllowed }
            let stage = try Approvals.apply(action, flow: flow, itemID: plan.id, applicantOrgID: plan.orgID, current: from.stage,
                                            route: route, actorUserID: caller.userID, reviewerOrgID: action.byAuthority ? orgID : nil,
                                            reason: comment, now: Self.now, tx)
            try PlanStore.setState(plan.id, PlanStatus(stage), reviewComment: action.byAuthority ? comment : plan.reviewComment, tx)
            try Self.log("plan.\(action.rawValue)", "plan", plan.id, by: caller, context, tx)
            return try PlanStore.load(plan.id, tx)!
        }
    }

    /// A plan of the caller's own institution, locked.
    static func ownPlan(_ id: Int64, _ orgID: Int64, _ tx: Transaction) throws -> Enrollment_V1_Plan {
        guard let plan = try PlanStore.load(id, forUpdate: true, tx), plan.orgID == orgID else { throw EnrollmentError.notFound("报名计划") }
        return plan
    }

    /// A plan in the caller's scope; students see approved plans only.
    public func getPlan(_ request: Enrollment_V1_PlanRequest, context: CallContext) async throws -> Enrollment_V1_Plan {
        let caller = try context.requireCaller()
        let scope = try await caller.orgID.asyncMap { try await self.scope($0, context) }
        if scope == nil { try caller.require(Permission.studentSelf) }
        return try await transaction(context) { tx in
            guard let plan = try PlanStore.load(request.planID, tx),
                  scope.map({ $0.contains(plan.orgID) }) ?? (plan.state == .approved) else {
                throw EnrollmentError.notFound("报名计划")
            }
            return plan
        }
    }

    /// EN-1: the plans of the caller's organisation and, for authorities, those below it.
    public func listPlans(_ request: Enrollment_V1_ListPlansRequest, context: CallContext) async throws -> Enrollment_V1_ListPlansResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentPlanManage, Permission.enrollmentPlanApprove, Permission.enrollmentReview)
        var scope = try await scope(orgID, context)
        if request.orgID != 0 { scope = scope.contains(request.orgID) ? [request.orgID] : [] }
        let window = try PageWindow(request.page)
        let state = PlanStatus(request.state)?.rawValue ?? ""
        let orgs = scope
        return try await transaction(context) { tx in
            try Self.plans(PlanStore.list(window, orgs: orgs, state: state, nameContains: request.nameContains.trimmingSpaces, tx))
        }
    }

    /// EN-3: plans taking enrollments now, for students choosing a city and an institution.
    public func listOpenPlans(_ request: Enrollment_V1_ListOpenPlansRequest, context: CallContext) async throws -> Enrollment_V1_ListPlansResponse {
        _ = try context.requireCaller()
        let window = try PageWindow(request.page)
        let kind = PlanKind(request.kind)?.rawValue ?? ""
        return try await transaction(context) { tx in
            try Self.plans(PlanStore.listOpen(window, divisionCode: request.divisionCode, kind: kind, post: request.post, tx))
        }
    }

    static func plans(_ page: Page<Enrollment_V1_Plan>) -> Enrollment_V1_ListPlansResponse {
        var response = Enrollment_V1_ListPlansResponse()
        response.plans = page.items
        response.page = page.info
        return response
    }

    /// EN-2: the classes service reports a class application for the plan. Idempotent: the first
    /// report's time is kept and returned to every repeat.
    public func markClassApplicationSubmitted(_ request: Enrollment_V1_MarkClassApplicationRequest, context: CallContext) async throws -> Enrollment_V1_MarkClassApplicationResponse {
        try context.requirePeer(in: classApplicationPeers)
        return try await transaction(context) { tx in
            guard let plan = try PlanStore.load(request.planID, forUpdate: true, tx) else { throw EnrollmentError.notFound("报名计划") }
            guard plan.state == .approved else { throw EnrollmentError.planStepNotAllowed }
            var response = Enrollment_V1_MarkClassApplicationResponse()
            if plan.classApplicationSubmittedUnix != 0 {
                response.submittedAtUnix = plan.classApplicationSubmittedUnix
                return response
            }
            response.submittedAtUnix = try PlanStore.markClassApplication(plan.id, classApplicationID: request.classApplicationID, tx)
            try Self.log("plan.class_application", "plan", plan.id, by: nil, context, tx)
            return response
        }
    }
    /// CL-2, asked by the classes service only: a plan with its approved roster. Classes checks
    /// the plan's state and dates itself; a read, no log entry.
    public func getPlanRoster(_ request: Enrollment_V1_PlanRosterRequest, context: CallContext) async throws -> Enrollment_V1_PlanRoster {
        try context.requirePeer(in: classApplicationPeers)
        return try await transaction(context) { tx in
            guard let plan = try PlanStore.load(request.planID, tx) else { throw EnrollmentError.notFound("报名计划") }
            var roster = Enrollment_V1_PlanRoster()
            roster.plan = plan
            roster.students = try EnrollmentStore.roster(planID: plan.id, post: request.post, tx)
            return roster
        }
    }

    /// ID-9, asked by the identity service only (its client certificate): the organisations that
    /// hold an enrollment (not withdrawn) of a student. Identity lets those organisations and the
    /// authorities above them see and re-bind the student's WeChat accounts. A read: no log entry.
    public func listStudentOrganisations(_ request: Enrollment_V1_StudentOrganisationsRequest, context: CallContext) async throws -> Enrollment_V1_StudentOrganisationsResponse {
        try context.requirePeer(in: directoryPeers)
        let student = request.studentUserID
        var response = Enrollment_V1_StudentOrganisationsResponse()
        response.orgIds = try await database.withConnection { db in
            try EnrollmentStore.organisations(holdingStudent: student, db)
        }
        return response
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
