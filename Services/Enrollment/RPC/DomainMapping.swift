import EnrollmentDomain
import Proto

// Requests in the rules' terms: the plain values `Domain/` checks, taken from proto here.

extension EnrollmentForm {
    /// EN-3, EN-7: the form as the student submitted it.
    init(_ form: Enrollment_V1_EnrollmentForm) {
        self.init()
        planID = form.planID
        post = form.post
        commitmentNoticeAccepted = form.commitmentNoticeAccepted
        switch form.employmentStatus {
        case .employed: employmentStatus = .employed
        case .unemployed: employmentStatus = .unemployed
        default: employmentStatus = nil
        }
        employerDivisionCode = form.employerDivisionCode
        employerName = form.employerName
        gender = form.gender
        education = form.education
        school = form.school
        major = form.major
        workHistory = form.workHistory
        achievements = form.achievements
        personalCommitment = form.personalCommitment
        idFrontFileID = form.idFrontFileID
        idBackFileID = form.idBackFileID
        educationFileID = form.educationFileID
        certificateNumber = form.certificateNumber
    }
}

extension PlanDraft {
    /// EN-1: the plan as the institution saved it.
    init(_ request: Enrollment_V1_SavePlanRequest) {
        self.init(name: request.name, kind: PlanKind(request.kind), posts: request.posts, headcount: request.headcount,
                  startUnix: request.startUnix, endUnix: request.endUnix, requiresApproval: request.requiresApproval)
    }
}

extension PlanSnapshot {
    /// What the rules need of a loaded plan (an unknown state reads as a draft).
    init(_ plan: Enrollment_V1_Plan) {
        self.init(state: PlanStatus(plan.state) ?? .draft, kind: PlanKind(plan.kind), posts: plan.posts,
                  headcount: plan.headcount, enrolled: plan.enrolled, startUnix: plan.startUnix, endUnix: plan.endUnix,
                  requiresApproval: plan.requiresApproval)
    }
}
