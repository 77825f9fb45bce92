import EnrollmentDomain
import Testing

/// AS-4: the progress words for every stage of class, test plan and scores.
@Suite struct ProgressTests {
    @Test func beforeAClassEverythingIsAhead() {
        let progress = Progress(classState: "", testPlanState: "", scoreState: "")
        #expect(progress == Progress(classState: "", testPlanState: "TEST_PLAN_STATE_DRAFT", scoreState: "SCORE_STATE_NOT_REPORTED"))
        #expect([progress.plan, progress.testPlan, progress.scores, progress.certificate] == ["报名中", "未上报", "未上报", "未生成"])
    }

    @Test(arguments: [("CLASS_STATE_APPROVED", "培训中"), ("CLASS_STATE_IN_TRAINING", "培训中"), ("CLASS_STATE_FINISHED", "培训结束")])
    func planStage(classState: String, expected: String) {
        #expect(Progress(classState: classState, testPlanState: "", scoreState: "").plan == expected)
    }

    @Test(arguments: [("TEST_PLAN_STATE_DRAFT", "未上报"), ("TEST_PLAN_STATE_REJECTED", "未上报"), ("TEST_PLAN_STATE_SUBMITTED", "未审核"),
                      ("TEST_PLAN_STATE_ACCEPTED", "未审核"), ("TEST_PLAN_STATE_APPROVED", "已审核")])
    func testPlanStage(state: String, expected: String) {
        #expect(Progress(classState: "CLASS_STATE_FINISHED", testPlanState: state, scoreState: "").testPlan == expected)
    }

    @Test(arguments: [("SCORE_STATE_NOT_REPORTED", "未上报"), ("SCORE_STATE_REPORTED", "已上报"), ("SCORE_STATE_ACCEPTED", "已受理"),
                      ("SCORE_STATE_APPROVED", "已审核"), ("SCORE_STATE_NOT_APPROVED", "未通过")])
    func scoreStage(state: String, expected: String) {
        #expect(Progress(classState: "CLASS_STATE_FINISHED", testPlanState: "TEST_PLAN_STATE_APPROVED", scoreState: state).scores == expected)
    }

    /// Scores of a plan not yet approved cannot be anywhere but ahead.
    @Test func scoresWaitForTheApprovedPlan() {
        #expect(Progress(classState: "CLASS_STATE_FINISHED", testPlanState: "TEST_PLAN_STATE_ACCEPTED", scoreState: "SCORE_STATE_APPROVED").scores == "未上报")
    }
}
