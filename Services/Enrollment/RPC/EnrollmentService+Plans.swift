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
        let name = request.name.trimmingSpaces
        guard (1...100).contains(name.count) else { throw EnrollmentError.nameRequired }
        guard let kind = PlanKindName.stored(request.kind) else {
            throw RPCError.invalidArgument("请选择计划类型", field: "kind")
        }
        let posts = Array(Set(request.posts.map(\.trimmingSpaces).filter { !$0.isEmpty })).sorted()
        guard !posts.isEmpty else { throw EnrollmentError.postsRequired }
        if let outside = posts.first(where: { !organisation.postScope.contains($0) }) { throw EnrollmentError.postOutsideScope(outside) }
        guard (1...100_000).contains(request.headcount) else { throw EnrollmentError.headcountInvalid }
        do {
            try PlanRules.checkWindow(start: request.startUnix, end: request.endUnix, maximumDays: settings.planMaximumDays)
        } catch { throw EnrollmentError.planWindow(error) }
        let purgeAfter = PlanRules.purgeDeadline(enrollmentEnd: request.endUnix, days: settings.classApplicationDays)
        let requiresApproval = request.kind == .continuingEducation || request.requiresApproval
        let values: [SQLValue] = [.text(name), .text(kind), .textArray(posts), .int(Int64(request.headcount)),
                                  .int(request.startUnix), .int(request.endUnix), .int(purgeAfter), .bool(requiresApproval)]

        return try await transaction(context) { tx in
            guard request.planID != 0 else {
                if let earlier = try OperationLog.earlierTarget("plan.create", key: request.requestID, in: tx), let plan = try PlanStore.load(earlier, tx) {
                    return plan
                }
                let id: Int64 = try tx.execute("""
                    INSERT INTO plans (name, kind, posts, headcount, start_at, end_at, purge_after, requires_approval,
                                       state, org_id, org_name, division_code, created_by)
                    VALUES ($1, $2, $3::text[], $4, to_timestamp($5), to_timestamp($6), to_timestamp($7), $8,
                            $9, $10, $11, $12, $13) RETURNING id
                    """, values + [.text(requiresApproval ? PlanStatus.draft.rawValue : PlanStatus.approved.rawValue),
                                   .int(orgID), .text(organisation.name), .text(String(organisation.divisionCode.prefix(4))),
                                   .int(caller.userID)]).first?.decode("id") ?? 0
                try Self.log("plan.create", "plan", id, by: caller, key: request.requestID, context, tx)
                return try PlanStore.load(id, tx)!
            }
            guard let plan = try PlanStore.load(request.planID, forUpdate: true, tx), plan.orgID == orgID else {
                throw EnrollmentError.notFound("报名计划")
            }
            let status = PlanStatus(plan.state) ?? .draft
            // A plan needing no approval stays editable while it runs: it may grow, not shrink.
            let liveEdit = status == .approved && !plan.requiresApproval && Self.now < plan.endUnix
            guard status.editable || liveEdit else { throw EnrollmentError.planNotEditable }
            if liveEdit {
                guard kind == PlanKindName.stored(plan.kind), requiresApproval == plan.requiresApproval else { throw EnrollmentError.planNotEditable }
                guard plan.posts.allSatisfy(posts.contains), request.headcount >= plan.enrolled else { throw EnrollmentError.planNotEditable }
            }
            try tx.execute("""
                UPDATE plans SET name = $1, kind = $2, posts = $3::text[], headcount = $4, start_at = to_timestamp($5),
                       end_at = to_timestamp($6), purge_after = to_timestamp($7), requires_approval = $8
                WHERE id = $9
                """, values + [.int(plan.id)])
            try Self.log("plan.update", "plan", plan.id, by: caller, context, tx)
            return try PlanStore.load(plan.id, tx)!
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
                try tx.execute("""
                    UPDATE plans SET end_at = to_timestamp($2), closed_early = true, purge_after = to_timestamp($3),
                           start_at = least(start_at, to_timestamp($2) - interval '1 second')
                    WHERE id = $1
                    """, [.int(plan.id), .int(now), .int(PlanRules.purgeDeadline(enrollmentEnd: now, days: days))])
                try Self.log("plan.close", "plan", plan.id, by: caller, context, tx)
                return try PlanStore.load(plan.id, tx)!
            }
        }
        let step: PlanStep
        switch request.action {
        case .submit: step = .submit
        case .withdraw: step = .withdraw
        case .accept: step = .accept
        case .approve: step = .approve
        case .reject: step = .reject
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
        try caller.require(step.byAuthority ? Permission.enrollmentPlanApprove : Permission.enrollmentPlanManage)
        if step == .reject, comment.isEmpty { throw EnrollmentError.commentRequired }
        let scope = step.byAuthority ? try await scope(orgID, context) : [orgID]
        return try await transaction(context) { tx in
            guard let plan = try PlanStore.load(request.planID, forUpdate: true, tx), scope.contains(plan.orgID),
                  step.byAuthority ? plan.orgID != orgID : plan.orgID == orgID else {
                throw EnrollmentError.notFound("报名计划")
            }
            guard plan.requiresApproval, let from = PlanStatus(plan.state), let next = step.next(from: from) else {
                throw EnrollmentError.planStepNotAllowed
            }
            try tx.execute("UPDATE plans SET state = $2, review_comment = $3 WHERE id = $1",
                           [.int(plan.id), .text(next.rawValue), .text(step.byAuthority ? comment : plan.reviewComment)])
            try Self.log("plan.\(step.rawValue)", "plan", plan.id, by: caller, context, tx)
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
        let orgs = SQLValue.intArray(scope)
        return try await transaction(context) { tx in
            try Self.plans(window.fetch(tx, columns: PlanStore.columns, from: """
                FROM plans p WHERE p.org_id = ANY($1::bigint[]) AND ($2 = '' OR p.state = $2)
                  AND ($3 = '' OR strpos(p.name, $3) > 0)
                """, parameters: [orgs, .text(state), .text(request.nameContains.trimmingSpaces)],
                id: "p.id", order: .newestFirst, PlanStore.plan) { $0.id })
        }
    }

    /// EN-3: plans taking enrollments now, for students choosing a city and an institution.
    public func listOpenPlans(_ request: Enrollment_V1_ListOpenPlansRequest, context: CallContext) async throws -> Enrollment_V1_ListPlansResponse {
        _ = try context.requireCaller()
        let window = try PageWindow(request.page)
        let kind = PlanKindName.stored(request.kind) ?? ""
        return try await transaction(context) { tx in
            try Self.plans(window.fetch(tx, columns: PlanStore.columns, from: """
                FROM plans p WHERE p.state = 'approved' AND p.start_at <= now() AND p.end_at > now()
                  AND ($1 = '' OR p.division_code = $1) AND ($2 = '' OR p.kind = $2) AND ($3 = '' OR $3 = ANY(p.posts))
                """, parameters: [.text(request.divisionCode), .text(kind), .text(request.post)],
                id: "p.id", order: .newestFirst, PlanStore.plan) { $0.id })
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
            response.submittedAtUnix = try tx.execute("""
                UPDATE plans SET class_application_at = now(), class_application_id = $2 WHERE id = $1
                RETURNING extract(epoch FROM class_application_at)::bigint AS at
                """, [.int(plan.id), .text(request.classApplicationID)]).first?.decode("at") ?? 0
            try Self.log("plan.class_application", "plan", plan.id, by: nil, context, tx)
            return response
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
