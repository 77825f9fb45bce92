import Foundation
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices
import RPC

/// HTTP endpoints of the assessment service (SPEC §4, docs/ASSESSMENT.md). Each turns into one
/// RPC; the service checks permission and organisation scope itself. The score file routes move
/// bytes: the template is a download, an import's body is the CSV or XLSX file itself.
struct AssessmentRoutes {
    let assessment: Assessment_V1_AssessmentServiceClient
    /// The service refuses files above 3 MB with its own message; the gateway stops far larger bodies.
    static let importLimit = 4 * 1024 * 1024

    func register(on api: API) {
        let assessment = self.assessment
        let tag = "assessment"

        // Test plans (AS-1)
        api.add(.post, "/api/v1/test-plans", "新建考核计划（已确认考勤的班级）", tag: tag, body: Assessment_V1_CreateTestPlanRequest.self) { call in
            try await assessment.createTestPlan(try await call.body(Assessment_V1_CreateTestPlanRequest.self), options: call.options)
        }
        api.add(.put, "/api/v1/test-plans/{testPlanId}", "修改考核计划（未上报或审核未通过）", tag: tag,
                body: Assessment_V1_UpdateTestPlanRequest.self) { call in
            var request = try await call.body(Assessment_V1_UpdateTestPlanRequest.self)
            request.testPlanID = try call.id("testPlanId")
            return try await assessment.updateTestPlan(request, options: call.options)
        }
        api.add(.get, "/api/v1/test-plans/{testPlanId}", "考核计划详情（含审核记录）", tag: tag) { call in
            var request = Assessment_V1_TestPlanRequest()
            request.testPlanID = try call.id("testPlanId")
            return try await assessment.getTestPlan(request, options: call.options)
        }
        api.add(.get, "/api/v1/test-plans", "考核计划列表", tag: tag, query: Assessment_V1_ListTestPlansRequest.self) { call in
            try await assessment.listTestPlans(try call.query(Assessment_V1_ListTestPlansRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/test-plans/{testPlanId}/actions", "考核计划操作：上报、撤回、受理、通过、驳回、删除", tag: tag,
                body: Assessment_V1_TestPlanActionRequest.self) { call in
            var request = try await call.body(Assessment_V1_TestPlanActionRequest.self)
            request.testPlanID = try call.id("testPlanId")
            return try await assessment.actOnTestPlan(request, options: call.options)
        }

        // Candidates, tickets and sheets (AS-2)
        api.add(.get, "/api/v1/test-plans/{testPlanId}/candidates", "考生名单（forPrint=true：打印准考证、桌贴、签到表、汇总表用）", tag: tag,
                query: Assessment_V1_ListCandidatesRequest.self) { call in
            var request = try call.query(Assessment_V1_ListCandidatesRequest.self)
            request.testPlanID = try call.id("testPlanId")
            return try await assessment.listCandidates(request, options: call.options)
        }
        api.add(.get, "/api/v1/me/assessments", "我的考试：准考证与成绩", tag: tag) { call in
            try await assessment.listMyAssessments(Assessment_V1_MyAssessmentsRequest(), options: call.options)
        }

        // Scores (AS-3)
        api.addRaw(.get, "/api/v1/test-plans/{testPlanId}/score-template", "成绩导入模板下载（format=csv|xlsx）", tag: tag,
                   query: Assessment_V1_ScoreTemplateRequest.self, rawResponse: "text/csv") { call in
            var request = try call.query(Assessment_V1_ScoreTemplateRequest.self)
            request.testPlanID = try call.id("testPlanId")
            let file = try await assessment.getScoreTemplate(request, options: call.options)
            return Download.attachment(file.filename, contentType: file.contentType, file.content)
        }
        api.addRaw(.post, "/api/v1/test-plans/{testPlanId}/score-imports",
                   "成绩导入（请求体为CSV或XLSX文件本身；commit=false只校验并预览，任一行有误则全部不导入）", tag: tag,
                   query: Assessment_V1_ImportScoresRequest.self, omitting: ["content"], rawRequest: "application/octet-stream",
                   response: Assessment_V1_ImportScoresResponse.self) { call in
            var request = try call.query(Assessment_V1_ImportScoresRequest.self)
            request.testPlanID = try call.id("testPlanId")
            request.content = try await call.rawBody(limit: Self.importLimit)
            return Responses.json(try await assessment.importScores(request, options: call.options))
        }
        api.add(.put, "/api/v1/test-plans/{testPlanId}/candidates/{studentUserId}/score", "逐个录入考生成绩", tag: tag,
                body: Assessment_V1_EnterScoreRequest.self) { call in
            var request = try await call.body(Assessment_V1_EnterScoreRequest.self)
            request.testPlanID = try call.id("testPlanId")
            request.studentUserID = try call.id("studentUserId")
            return try await assessment.enterScore(request, options: call.options)
        }
        api.add(.post, "/api/v1/test-plans/{testPlanId}/score-actions", "成绩报审操作：上报、撤回、受理、通过、不通过", tag: tag,
                body: Assessment_V1_ScoreActionRequest.self) { call in
            var request = try await call.body(Assessment_V1_ScoreActionRequest.self)
            request.testPlanID = try call.id("testPlanId")
            return try await assessment.actOnScores(request, options: call.options)
        }
    }
}
