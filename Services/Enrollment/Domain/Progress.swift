/// AS-4: where an enrollment stands, in the words the seed systems show students and clerks.
/// Computed from the names of the other services' states (`CLASS_STATE_…`, `TEST_PLAN_STATE_…`,
/// `SCORE_STATE_…`), so the rule needs no generated types.
public struct Progress: Equatable, Sendable {
    public let plan: String
    public let testPlan: String
    public let scores: String
    public let certificate: String

    /// - Parameters:
    ///   - classState: the class's state name, "" while the student has no class.
    ///   - testPlanState: the latest test plan's state name, "" while there is none.
    ///   - scoreState: that plan's scores' state name.
    public init(classState: String, testPlanState: String, scoreState: String) {
        switch classState {
        case "": plan = "报名中"
        case "CLASS_STATE_FINISHED": plan = "培训结束"
        default: plan = "培训中"
        }
        switch testPlanState {
        case "TEST_PLAN_STATE_SUBMITTED", "TEST_PLAN_STATE_ACCEPTED": testPlan = "未审核"
        case "TEST_PLAN_STATE_APPROVED": testPlan = "已审核"
        default: testPlan = "未上报"
        }
        switch testPlanState == "TEST_PLAN_STATE_APPROVED" ? scoreState : "" {
        case "SCORE_STATE_REPORTED": scores = "已上报"
        case "SCORE_STATE_ACCEPTED": scores = "已受理"
        case "SCORE_STATE_APPROVED": scores = "已审核"
        case "SCORE_STATE_NOT_APPROVED": scores = "未通过"
        default: scores = "未上报"
        }
        // CE-1 … CE-4 come with the certificates service.
        certificate = "未生成"
    }
}
