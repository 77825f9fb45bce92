import ClassesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// CL-3: the actions on a class, each allowed only in the states `ClassAction.next` lists.
extension ClassesService {
    public func actOnClass(_ request: Classes_V1_ClassActionRequest, context: CallContext) async throws -> Classes_V1_Class {
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 500 else { throw RPCError.invalidArgument("审核意见不能超过500字", field: "comment") }
        switch request.action {
        case .submit: return try await submit(request.classID, context)
        case .approve, .reject: return try await review(request.classID, approve: request.action == .approve, comment: comment, context)
        case .withdraw: return try await institutionStep(.withdraw, request.classID, context)
        case .start: return try await institutionStep(.start, request.classID, context)
        case .finish: return try await institutionStep(.finish, request.classID, context)
        case .confirmAttendance: return try await institutionStep(.confirmAttendance, request.classID, context)
        case .delete: return try await institutionStep(.delete, request.classID, context)
        case .markReported: return try await markReported(request.classID, context)
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
    }

    /// B-6 batch approval: each class decided on its own; one refusal leaves the others decided.
    public func batchReviewClasses(_ request: Classes_V1_BatchReviewRequest, context: CallContext) async throws -> Classes_V1_BatchReviewResponse {
        _ = try Self.orgCaller(context, anyOf: Permission.classReview)
        guard (1...100).contains(request.classIds.count) else { throw RPCError.invalidArgument("一次可审核1至100个班级", field: "classIds") }
        let comment = request.comment.trimmingSpaces
        if !request.approve, comment.isEmpty { throw ApprovalRefusal.reasonRequired }
        let results = await Approvals.batch(request.classIds) { id in
            _ = try await review(id, approve: request.approve, comment: comment, context)
        }
        var response = Classes_V1_BatchReviewResponse()
        response.results = results.map { id, failure in
            var result = Classes_V1_BatchItemResult()
            result.id = id
            result.ok = failure == nil
            result.message = failure ?? ""
            return result
        }
        return response
    }

    /// CL-2: submission. Everything is checked first; then enrollment is told (idempotent there:
    /// a retry marks nothing twice), and only after it answered does the class change state,
    /// so a failed call leaves the application unsubmitted.
    func submit(_ classID: Int64, _ context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let settings = try await settings(context)
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        let current = try await transaction(context) { tx in try ClassStore.load(classID, tx) }
        guard let current, current.orgID == orgID else { throw ClassesError.notFound("班级") }
        let state = ClassStatus(current.state) ?? .draft
        guard ClassAction.submit.next(from: state) != nil else { throw ClassesError.stepNotAllowed(state) }
        let roster = try await enrollment.roster(planID: current.planID, post: current.post, options: context.forwarded)
        let required = try await requiredHours(current.post, context)
        let now = Self.now
        let lessons = current.lessons.map(Self.lessonPlan)
        let counts = try await transaction(context) { tx in
            try TeacherStore.counts(ids: Array(Set(lessons.compactMap(\.teacherID))), orgID: orgID, specialty: current.post, tx)
        }
        try ApplicationRules.checkSubmission(now: now, enrollmentEnd: roster.plan?.endUnix ?? 0, applicationDays: settings.applicationDays,
                                             createdAt: current.createdAtUnix, startDays: settings.trainingStartDays, lessons: lessons,
                                             requiredHours: required, students: roster.students.count,
                                             safetyTeachers: counts.safety, theoryTeachers: counts.theory,
                                             minimumSafety: settings.minimumSafetyTeachers, minimumTheory: settings.minimumTheoryTeachers)
        let route = approvalRoute(of: organisation)
        _ = try await enrollment.markClassApplicationSubmitted(planID: current.planID, classID: current.id, options: context.forwarded)
        return try await transaction(context) { tx in
            let locked = try Self.ownClass(classID, orgID, tx)
            let from = ClassStatus(locked.state) ?? .draft
            guard ClassAction.submit.next(from: from) != nil else { throw ClassesError.stepNotAllowed(from) }
            try Approvals.apply(.submit, flow: ClassStatus.flow(reviewDays: settings.reviewDays), itemID: locked.id, applicantOrgID: orgID,
                                current: from.stage, route: route, actorUserID: caller.userID, reviewerOrgID: nil, reason: "", now: now, tx)
            try ClassStore.setRoster(classID: locked.id, roster.students, tx)
            try ClassStore.setState(locked.id, .submitted, stamp: "submitted_at", tx)
            try ClassStore.stamp(locked.id, "enrollment_marked_at", tx)
            try Self.log("class.submit", "class", locked.id, by: caller, context, tx)
            return try ClassStore.load(locked.id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }

    /// CL-2: the authority at the class's stop approves or rejects (a reason required).
    func review(_ classID: Int64, approve: Bool, comment: String, _ context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classReview)
        let orgs = try await scope(orgID, context)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            guard let item = try ClassStore.load(classID, forUpdate: true, tx), orgs.contains(item.orgID), item.orgID != orgID else {
                throw ClassesError.notFound("班级")
            }
            let from = ClassStatus(item.state) ?? .draft
            guard (approve ? ClassAction.approve : .reject).next(from: from) != nil else { throw ClassesError.stepNotAllowed(from) }
            let stage = try Approvals.apply(approve ? .approve : .reject, flow: ClassStatus.flow(reviewDays: settings.reviewDays),
                                            itemID: item.id, applicantOrgID: item.orgID, current: from.stage, route: [],
                                            actorUserID: caller.userID, reviewerOrgID: orgID, reason: comment, now: now, tx)
            try ClassStore.setState(item.id, ClassStatus(stage), stamp: stage == .pending(stop: 0) ? nil : "reviewed_at",
                                    reviewComment: comment, tx)
            try Self.log(approve ? "class.approve" : "class.reject", "class", item.id, by: caller, context, tx)
            return try ClassStore.load(item.id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }

    /// The institution's own steps: withdraw (before review), start, finish (all lessons over),
    /// confirm attendance (no sign-in left to review; freezes hours), delete (drafts).
    func institutionStep(_ action: ClassAction, _ classID: Int64, _ context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            let item = try Self.ownClass(classID, orgID, tx)
            let from = ClassStatus(item.state) ?? .draft
            guard let next = action.next(from: from) else { throw ClassesError.stepNotAllowed(from) }
            switch action {
            case .withdraw:
                try Approvals.apply(.withdraw, flow: ClassStatus.flow(reviewDays: settings.reviewDays), itemID: item.id, applicantOrgID: orgID,
                                    current: from.stage, route: [], actorUserID: caller.userID, reviewerOrgID: nil, reason: "", now: now, tx)
            case .finish:
                guard item.lessons.allSatisfy({ $0.endUnix <= now }) else { throw ClassesError.lessonsNotOver }
            case .confirmAttendance:
                guard item.attendanceConfirmedUnix == 0 else { throw ClassesError.attendanceFrozen }
                let pending = try AttendanceStore.pendingCount(classID: item.id, tx)
                guard pending == 0 else { throw ClassesError.reviewsPending(pending) }
                try ClassStore.freezeHours(classID: item.id, requiredHours: Int(item.requiredHours), tx)
                try ClassStore.stamp(item.id, "attendance_confirmed_at", tx)
            case .delete:
                try ClassStore.delete(item.id, tx)
                try Self.log("class.delete", "class", item.id, by: caller, context, tx)
                return item
            default:
                break
            }
            if next != from { try ClassStore.setState(item.id, next, tx) }
            try Self.log("class.\(action.rawValue)", "class", item.id, by: caller, context, tx)
            return try ClassStore.load(item.id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }

    /// CL-6: the province marks a finished class's qualified students as reported (the push
    /// itself is the certificates service's outbox).
    func markReported(_ classID: Int64, _ context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classReview)
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        guard organisation.kind == .province else { throw RPCError(.permissionDenied, "仅省级主管部门可以标记上报") }
        let orgs = try await scope(orgID, context)
        let settings = try await settings(context)
        return try await transaction(context) { tx in
            guard let item = try ClassStore.load(classID, forUpdate: true, tx), orgs.contains(item.orgID) else { throw ClassesError.notFound("班级") }
            let from = ClassStatus(item.state) ?? .draft
            guard ClassAction.markReported.next(from: from) != nil else { throw ClassesError.stepNotAllowed(from) }
            guard item.attendanceConfirmedUnix != 0 else { throw ClassesError.attendanceNotConfirmed }
            try ClassStore.markReported(classID: item.id, tx)
            try ClassStore.stamp(item.id, "reported_at", tx)
            try Self.log("class.mark_reported", "class", item.id, by: caller, context, tx)
            return try ClassStore.load(item.id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }
}
