import AssessmentDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// AS-2: candidates with their tickets, the sheets' data, and the students' own tests.
extension AssessmentService {
    /// A page of a plan's candidates (masked), or with `for_print` all of them with full ID
    /// numbers for tickets and sheets (an approved plan; its institution and its reviewers).
    public func listCandidates(_ request: Assessment_V1_ListCandidatesRequest, context: CallContext) async throws -> Assessment_V1_ListCandidatesResponse {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage, Permission.assessmentReview)
        let orgs = try await scope(orgID, context)
        let window = try PageWindow(request.page)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, tx), orgs.contains(plan.orgID) else { throw AssessmentError.notFound("考核计划") }
            var response = Assessment_V1_ListCandidatesResponse()
            response.testPlan = plan
            if request.forPrint {
                guard plan.state == .approved else { throw AssessmentError.testPlanNotApproved }
                response.candidates = try CandidateStore.all(planID: plan.id, tx)
                try Self.log("test_plan.print", "test_plan", plan.id, by: caller, context, tx)
                return response
            }
            let page = try CandidateStore.list(window, planID: plan.id, query: request.query.trimmingSpaces,
                                               result: AssessmentResult(request.result)?.rawValue ?? "", fullIDNumbers: false, tx)
            // Exam discipline, shown to the reviewer: each candidate's recent no-shows and bars.
            let numbers = try CandidateStore.idNumbers(planID: plan.id, students: page.items.map(\.studentUserID), tx)
            let marks = try DisciplineStore.marks(Array(numbers.values), tx)
            response.candidates = page.items.map { item in
                var candidate = item
                if let number = numbers[item.studentUserID] { candidate.disciplineNote = settings.discipline.note(marks[number] ?? [], now: now) }
                return candidate
            }
            response.page = page.info
            return response
        }
    }

    /// The student's own tests: a ticket once the plan is approved, results once the scores are.
    public func listMyAssessments(_ request: Assessment_V1_MyAssessmentsRequest, context: CallContext) async throws -> Assessment_V1_MyAssessmentsResponse {
        let caller = try Self.student(context)
        return try await transaction(context) { tx in
            var response = Assessment_V1_MyAssessmentsResponse()
            for (planID, candidate) in try CandidateStore.mine(studentUserID: caller.userID, tx) {
                guard let plan = try TestPlanStore.load(planID, tx), plan.state == .approved else { continue }
                var item = Assessment_V1_MyAssessment()
                item.testPlan = plan
                item.resultsFinal = plan.scoreState == .approved
                var own = candidate
                if !item.resultsFinal {
                    own.sitting = .unspecified
                    own.theoryTenths = 0
                    own.practiceTenths = 0
                    own.result = .unspecified
                }
                item.candidate = own
                response.assessments.append(item)
            }
            return response
        }
    }
}
