import AssessmentDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// AS-1: test plans for finished classes, their candidates, and their review (B-6).
extension AssessmentService {
    public func createTestPlan(_ request: Assessment_V1_CreateTestPlanRequest, context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        let form = try TestPlanForm(name: request.name, place: request.place, examStartUnix: request.examStartUnix, examEndUnix: request.examEndUnix)
        let eligible = try await classes.eligibleStudents(classID: request.classID, options: context.forwarded)
        guard eligible.orgID == orgID else { throw AssessmentError.notFound("班级") }
        guard eligible.attendanceConfirmed else { throw AssessmentError.classNotFinished }
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        let settings = try await settings(context)
        let post = try await postFacts(eligible.post, settings, context)
        let (seated, excluded) = try await seating(eligible.students, exceptPlan: 0, settings.discipline, context)
        guard !seated.isEmpty else { throw AssessmentError.noCandidates }
        return try await transaction(context) { tx in
            let id = try TestPlanStore.insert(.init(orgID: orgID, orgName: organisation.name, divisionCode: String(organisation.divisionCode.prefix(4)),
                                                    classID: eligible.classID, className: eligible.className, post: eligible.post,
                                                    postName: post.name, form: form, rule: post.rule, createdBy: caller.userID), tx)
            try CandidateStore.replace(planID: id, seated, excluded: excluded, tx)
            try Self.log("test_plan.create", "test_plan", id, by: caller, context, tx)
            return try TestPlanStore.load(id, tx)!
        }
    }

    /// Time, place and name of a draft or rejected plan; with `refresh_candidates` the class's
    /// eligible students are seated again (the discipline rules applied anew).
    public func updateTestPlan(_ request: Assessment_V1_UpdateTestPlanRequest, context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        let form = try TestPlanForm(name: request.name, place: request.place, examStartUnix: request.examStartUnix, examEndUnix: request.examEndUnix)
        let current = try await transaction(context) { tx in try TestPlanStore.load(request.testPlanID, tx) }
        guard let current, current.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
        let settings = try await settings(context)
        let post = try await postFacts(current.post, settings, context)
        var seating: ([CandidateStore.Seating], [CandidateStore.Exclusion])?
        if request.refreshCandidates {
            let eligible = try await classes.eligibleStudents(classID: current.classID, options: context.forwarded)
            seating = try await self.seating(eligible.students, exceptPlan: current.id, settings.discipline, context)
            guard !(seating?.0.isEmpty ?? true) else { throw AssessmentError.noCandidates }
        }
        return try await transaction(context) { [seating] tx in
            let plan = try Self.ownPlan(request.testPlanID, orgID, tx)
            let state = TestPlanStatus(plan.state) ?? .draft
            guard TestPlanStep.edit.next(from: state) != nil else { throw AssessmentError.testPlanStepNotAllowed(state) }
            try TestPlanStore.update(plan.id, form, rule: post.rule, tx)
            if let seating { try CandidateStore.replace(planID: plan.id, seating.0, excluded: seating.1, tx) }
            try Self.log("test_plan.update", "test_plan", plan.id, by: caller, context, tx)
            return try TestPlanStore.load(plan.id, tx)!
        }
    }

    /// One plan with its timelines and the students it left out: its institution's and the authorities' above.
    public func getTestPlan(_ request: Assessment_V1_TestPlanRequest, context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage, Permission.assessmentReview)
        let orgs = try await scope(orgID, context)
        let (plan, events, scoreEvents, excluded) = try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, tx), orgs.contains(plan.orgID) else { throw AssessmentError.notFound("考核计划") }
            return (plan, try Approvals.timeline(TestPlanStatus.flow(reviewDays: 0), plan.id, tx),
                    try Approvals.timeline(ScoreStatus.flow(reviewDays: 0), plan.id, tx), try CandidateStore.excluded(planID: plan.id, tx))
        }
        var answer = plan
        answer.timeline = try await reviewTimeline(events, context)
        answer.scoreTimeline = try await reviewTimeline(scoreEvents, context)
        answer.excluded = excluded
        return answer
    }

    /// The plans of the caller's institution, or of those below an authority; with
    /// `awaiting_my_review` (`awaiting_my_score_review`) those whose plan (scores) wait at the caller's stop.
    public func listTestPlans(_ request: Assessment_V1_ListTestPlansRequest, context: CallContext) async throws -> Assessment_V1_ListTestPlansResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage, Permission.assessmentReview)
        var orgs = try await scope(orgID, context)
        if request.orgID != 0 { orgs = orgs.contains(request.orgID) ? [request.orgID] : [] }
        let window = try PageWindow(request.page)
        let awaiting: (ApprovalFlow, Int64)? = request.awaitingMyReview ? (TestPlanStatus.flow(reviewDays: 0), orgID)
            : request.awaitingMyScoreReview ? (ScoreStatus.flow(reviewDays: 0), orgID) : nil
        let scope = orgs
        return try await transaction(context) { tx in
            let page = try TestPlanStore.list(window, orgs: scope, state: TestPlanStatus(request.state)?.rawValue ?? "",
                                              scoreState: ScoreStatus(request.scoreState)?.rawValue ?? "", name: request.name.trimmingSpaces,
                                              classID: request.classID, awaiting: awaiting.map { (flow: $0.0, orgID: $0.1) }, tx)
            var response = Assessment_V1_ListTestPlansResponse()
            response.testPlans = page.items
            response.page = page.info
            return response
        }
    }

    public func actOnTestPlan(_ request: Assessment_V1_TestPlanActionRequest, context: CallContext) async throws -> Assessment_V1_TestPlan {
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 500 else { throw RPCError.invalidArgument("审核意见不能超过500字", field: "comment") }
        switch request.action {
        case .submit: return try await submit(request.testPlanID, context)
        case .withdraw: return try await institutionStep(.withdraw, request.testPlanID, context)
        case .delete: return try await institutionStep(.delete, request.testPlanID, context)
        case .accept: return try await review(.accept, request.testPlanID, comment: comment, context)
        case .approve: return try await review(.approve, request.testPlanID, comment: comment, context)
        case .reject: return try await review(.reject, request.testPlanID, comment: comment, context)
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
    }

    /// AS-1: submission, with the exam still ahead and CL-4's assessors counted through classes;
    /// to the province, or the city authority where the province says so.
    func submit(_ id: Int64, _ context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        let current = try await transaction(context) { tx in try TestPlanStore.load(id, tx) }
        guard let current, current.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
        let state = TestPlanStatus(current.state) ?? .draft
        guard TestPlanStep.submit.next(from: state) != nil else { throw AssessmentError.testPlanStepNotAllowed(state) }
        let now = Self.now
        try TestPlanForm(name: current.name, place: current.place, examStartUnix: current.examStartUnix,
                         examEndUnix: current.examEndUnix).checkSubmission(now: now)
        let settings = try await settings(context)
        let assessors = try await classes.assessors(orgID: orgID, specialty: current.post, options: context.forwarded)
        guard assessors >= settings.minimumAssessors else { throw AssessmentError.assessorsShort(have: assessors, need: settings.minimumAssessors) }
        let route = try await reviewRoute(orgID, byCity: settings.reviewByCity, context)
        return try await transaction(context) { tx in
            let plan = try Self.ownPlan(id, orgID, tx)
            let from = TestPlanStatus(plan.state) ?? .draft
            guard TestPlanStep.submit.next(from: from) != nil else { throw AssessmentError.testPlanStepNotAllowed(from) }
            try Approvals.apply(.submit, flow: TestPlanStatus.flow(reviewDays: settings.reviewDays), itemID: plan.id, applicantOrgID: orgID,
                                current: from.stage, route: route, actorUserID: caller.userID, reviewerOrgID: nil, reason: "", now: now, tx)
            try TestPlanStore.setState(plan.id, .submitted, comment: "", stamp: "submitted_at", assessors: assessors, tx)
            try Self.log("test_plan.submit", "test_plan", plan.id, by: caller, context, tx)
            return try TestPlanStore.load(plan.id, tx)!
        }
    }

    /// The institution's own steps: withdraw (before acceptance), delete (drafts).
    func institutionStep(_ step: TestPlanStep, _ id: Int64, _ context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            let plan = try Self.ownPlan(id, orgID, tx)
            let from = TestPlanStatus(plan.state) ?? .draft
            guard let next = step.next(from: from) else { throw AssessmentError.testPlanStepNotAllowed(from) }
            if step == .delete {
                try TestPlanStore.delete(plan.id, tx)
                try Self.log("test_plan.delete", "test_plan", plan.id, by: caller, context, tx)
                return plan
            }
            try Approvals.apply(.withdraw, flow: TestPlanStatus.flow(reviewDays: settings.reviewDays), itemID: plan.id, applicantOrgID: orgID,
                                current: from.stage, route: [], actorUserID: caller.userID, reviewerOrgID: nil, reason: "", now: now, tx)
            try TestPlanStore.setState(plan.id, next, tx)
            try Self.log("test_plan.withdraw", "test_plan", plan.id, by: caller, context, tx)
            return try TestPlanStore.load(plan.id, tx)!
        }
    }

    /// The reviewer at the plan's stop accepts (受理), then approves (the tickets are numbered in
    /// the same transaction) or rejects with a reason.
    func review(_ step: TestPlanStep, _ id: Int64, comment: String, _ context: CallContext) async throws -> Assessment_V1_TestPlan {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentReview)
        let orgs = try await scope(orgID, context)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(id, forUpdate: true, tx), orgs.contains(plan.orgID), plan.orgID != orgID else {
                throw AssessmentError.notFound("考核计划")
            }
            let from = TestPlanStatus(plan.state) ?? .draft
            guard let next = step.next(from: from), let action = step.approvalAction else { throw AssessmentError.testPlanStepNotAllowed(from) }
            try Approvals.apply(action, flow: TestPlanStatus.flow(reviewDays: settings.reviewDays), itemID: plan.id, applicantOrgID: plan.orgID,
                                current: from.stage, route: [], actorUserID: caller.userID, reviewerOrgID: orgID, reason: comment, now: now, tx)
            if step == .approve { try Self.numberTickets(plan, tx) }
            try TestPlanStore.setState(plan.id, next, comment: step == .reject ? comment : nil, stamp: step == .approve ? "approved_at" : nil, tx)
            try Self.log("test_plan.\(step.rawValue)", "test_plan", plan.id, by: caller, context, tx)
            return try TestPlanStore.load(plan.id, tx)!
        }
    }

    /// AS-2: the plan's number in its city and year, and every seat's ticket.
    static func numberTickets(_ plan: Assessment_V1_TestPlan, _ tx: Transaction) throws {
        let year = ShanghaiCalendar.date(atUnix: plan.examStartUnix).year
        let sequence = try TestPlanStore.nextTicketSequence(year: year, division: plan.divisionCode, tx)
        let seats = try CandidateStore.all(planID: plan.id, tx).map { Int($0.seat) }
        do {
            let tickets = try seats.map { seat throws(TicketNumber.Problem) in
                try TicketNumber(year: year, division: plan.divisionCode, planSequence: sequence, seat: seat).description
            }
            try TestPlanStore.setTicketSequence(plan.id, sequence, tx)
            try CandidateStore.setTickets(planID: plan.id, seats: seats, tickets: tickets, tx)
        } catch let problem as TicketNumber.Problem {
            _ = problem
            throw AssessmentError.ticketsExhausted
        }
    }

    // MARK: Helpers

    /// A plan of the caller's own institution, locked.
    static func ownPlan(_ id: Int64, _ orgID: Int64, _ tx: Transaction) throws -> Assessment_V1_TestPlan {
        guard let plan = try TestPlanStore.load(id, forUpdate: true, tx), plan.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
        return plan
    }

    /// AS-1: the province by default; the city authority (省直所: the province) where the
    /// province sets `assessment.review_by_city`.
    func reviewRoute(_ orgID: Int64, byCity: Bool, _ context: CallContext) async throws -> [ApprovalStop] {
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        if byCity || organisation.kind == .provinceDirect { return approvalRoute(of: organisation) }
        let parent = try await identity.scope(of: organisation.parentID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        guard parent.kind == .cityAuthority, parent.parentID != 0 else { return approvalRoute(of: organisation) }
        return [ApprovalStop(.province, orgID: parent.parentID)]
    }

    /// The post's name and pass rule: the catalog's rule for the post where it sets one, else the province's.
    func postFacts(_ post: String, _ settings: AssessmentSettings, _ context: CallContext) async throws -> (name: String, rule: PassRule) {
        let entry = try await identity.catalogEntries([post], deadline: context.forwarded).first?.current
        let rule = settings.passRule
        guard let entry else { return (post, rule) }
        return (entry.name, PassRule(theory: entry.passTheory > 0 ? Int(entry.passTheory) : rule.theory,
                                     practice: entry.passPractice > 0 ? Int(entry.passPractice) : rule.practice))
    }

    /// Seats the eligible students: each one's full ID number from identity; those who passed,
    /// who sit in another open plan, or whom the discipline rules bar are left out with the reason.
    func seating(_ students: [Classes_V1_ClassStudent], exceptPlan: Int64, _ rules: DisciplineRules,
                 _ context: CallContext) async throws -> ([CandidateStore.Seating], [CandidateStore.Exclusion]) {
        var full: [Int64: Identity_V1_Student] = [:]
        try await withThrowingTaskGroup(of: Identity_V1_Student.self) { group in
            for (index, student) in students.enumerated() {
                if index >= 16, let done = try await group.next() { full[done.userID] = done }
                group.addTask { [identity] in try await identity.student(student.studentUserID, deadline: context.forwarded) }
            }
            for try await done in group { full[done.userID] = done }
        }
        let numbers = students.compactMap { full[$0.studentUserID]?.idNumber }
        let (taken, marks) = try await transaction(context) { tx in
            (try CandidateStore.taken(enrollmentIDs: students.map(\.enrollmentID), exceptPlan: exceptPlan, tx),
             try DisciplineStore.marks(numbers, tx))
        }
        let now = Self.now
        var seated: [CandidateStore.Seating] = []
        var excluded: [CandidateStore.Exclusion] = []
        for student in students.sorted(by: { $0.enrollmentID < $1.enrollmentID }) {
            guard let person = full[student.studentUserID] else { continue }
            func exclude(_ reason: String) {
                excluded.append(.init(studentUserID: student.studentUserID, name: person.name, maskedIDNumber: Masking.idNumber(person.idNumber), reason: reason))
            }
            if let reason = taken[student.enrollmentID] { exclude(reason); continue }
            switch rules.bar(marks[person.idNumber] ?? [], now: now) {
            case .cheating(let until)?: exclude("违纪，禁考至\(ShanghaiCalendar.text(atUnix: until).prefix(10))")
            case .noShows(let count, let until)?: exclude("\(rules.noShowWindowDays)天内缺考\(count)次，身份证号锁定至\(ShanghaiCalendar.text(atUnix: until).prefix(10))")
            case nil:
                seated.append(.init(studentUserID: student.studentUserID, enrollmentID: student.enrollmentID, name: person.name, idNumber: person.idNumber))
            }
        }
        return (seated, excluded)
    }
}
