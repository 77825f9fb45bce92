import Foundation
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices
import RPC

/// HTTP endpoints of the enrollment service (SPEC §2). Each turns into one RPC; the service
/// validates and checks permission and organisation scope itself.
struct EnrollmentRoutes {
    let enrollment: Enrollment_V1_EnrollmentServiceClient
    /// Uploads above this are refused here (413) before they reach the RPC's 4 MiB frame limit;
    /// the service applies the province's smaller per-kind limits.
    static let uploadLimit = 3_584 * 1024

    func register(on api: API) {
        let enrollment = self.enrollment
        let tag = "enrollment"

        // Plans (EN-1, EN-2)
        api.add(.post, "/api/v1/enrollment-plans", "创建报名计划", tag: tag, body: Enrollment_V1_SavePlanRequest.self) { call in
            var request = try await call.body(Enrollment_V1_SavePlanRequest.self)
            request.planID = 0
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await enrollment.savePlan(request, options: call.options)
        }
        api.add(.put, "/api/v1/enrollment-plans/{planId}", "修改报名计划", tag: tag, body: Enrollment_V1_SavePlanRequest.self) { call in
            var request = try await call.body(Enrollment_V1_SavePlanRequest.self)
            request.planID = try call.id("planId")
            return try await enrollment.savePlan(request, options: call.options)
        }
        api.add(.post, "/api/v1/enrollment-plans/{planId}/actions", "报名计划操作：上报、撤回、受理、通过、驳回、提前结束", tag: tag,
                body: Enrollment_V1_PlanActionRequest.self) { call in
            var request = try await call.body(Enrollment_V1_PlanActionRequest.self)
            request.planID = try call.id("planId")
            return try await enrollment.actOnPlan(request, options: call.options)
        }
        api.add(.get, "/api/v1/enrollment-plans/{planId}", "报名计划详情", tag: tag) { call in
            var request = Enrollment_V1_PlanRequest()
            request.planID = try call.id("planId")
            return try await enrollment.getPlan(request, options: call.options)
        }
        api.add(.get, "/api/v1/enrollment-plans", "本机构（及下级机构）的报名计划", tag: tag,
                query: Enrollment_V1_ListPlansRequest.self) { call in
            try await enrollment.listPlans(try call.query(Enrollment_V1_ListPlansRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/open-enrollment-plans", "正在报名的计划（学员按地市、类型、岗位选择）", tag: tag,
                query: Enrollment_V1_ListOpenPlansRequest.self) { call in
            try await enrollment.listOpenPlans(try call.query(Enrollment_V1_ListOpenPlansRequest.self), options: call.options)
        }

        // Uploads (EN-3, EN-6)
        api.addRaw(.post, "/api/v1/files", "上传扫描件或证件照（请求体为文件本身；kind=id_front|id_back|education|photo）",
                   tag: tag, query: Enrollment_V1_UploadRequest.self, rawRequest: "application/octet-stream",
                   response: Enrollment_V1_UploadInfo.self) { call in
            var request = try call.query(Enrollment_V1_UploadRequest.self)
            request.content = try await call.rawBody(limit: Self.uploadLimit)
            let info = try await enrollment.upload(request, options: call.options)
            return Responses.json(info)
        }
        api.addRaw(.get, "/api/v1/files/{fileId}", "下载文件（本人或其报名机构）", tag: tag, rawResponse: "application/octet-stream") { call in
            var request = Enrollment_V1_FileRequest()
            request.fileID = try call.id("fileId")
            let file = try await enrollment.getFile(request, options: call.options)
            return Responses.file(file.content, contentType: file.info?.contentType ?? "application/octet-stream")
        }

        // Enrollments (EN-3, EN-4, EN-7)
        api.add(.post, "/api/v1/enrollments", "学员报名（新取证；填写证书编号即为继续教育报名）", tag: tag,
                body: Enrollment_V1_SubmitEnrollmentRequest.self) { call in
            var request = try await call.body(Enrollment_V1_SubmitEnrollmentRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await enrollment.submitEnrollment(request, options: call.options)
        }
        api.add(.put, "/api/v1/enrollments/{enrollmentId}", "修改被驳回的报名并重新提交", tag: tag,
                body: Enrollment_V1_ResubmitEnrollmentRequest.self) { call in
            var request = try await call.body(Enrollment_V1_ResubmitEnrollmentRequest.self)
            request.enrollmentID = try call.id("enrollmentId")
            return try await enrollment.resubmitEnrollment(request, options: call.options)
        }
        api.add(.delete, "/api/v1/enrollments/{enrollmentId}", "删除（撤回）未确认的报名", tag: tag) { call in
            try await enrollment.withdrawEnrollment(Self.enrollmentRequest(call), options: call.options)
        }
        api.add(.get, "/api/v1/enrollments/{enrollmentId}", "报名详情", tag: tag) { call in
            try await enrollment.getEnrollment(Self.enrollmentRequest(call), options: call.options)
        }
        api.add(.get, "/api/v1/me/enrollments", "我的报名记录（新取证、继续教育）", tag: tag,
                query: Enrollment_V1_ListEnrollmentsRequest.self, omitting: ["planId"]) { call in
            try await enrollment.listMyEnrollments(try call.query(Enrollment_V1_ListEnrollmentsRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/enrollment-reject-reasons", "报名驳回原因列表", tag: tag) { call in
            try await enrollment.listRejectReasons(Common_V1_Empty(), options: call.options)
        }
        api.add(.post, "/api/v1/enrollments/{enrollmentId}/review", "报名审核：通过或驳回（原因+说明）", tag: tag,
                body: Enrollment_V1_ReviewEnrollmentRequest.self) { call in
            var request = try await call.body(Enrollment_V1_ReviewEnrollmentRequest.self)
            request.enrollmentID = try call.id("enrollmentId")
            return try await enrollment.reviewEnrollment(request, options: call.options)
        }
        api.add(.get, "/api/v1/enrollments", "报名审核列表（待审核、已确认、已驳回）", tag: tag,
                query: Enrollment_V1_ListEnrollmentsRequest.self, omitting: ["kind"]) { call in
            try await enrollment.listEnrollments(try call.query(Enrollment_V1_ListEnrollmentsRequest.self), options: call.options)
        }

        // My students and personnel search (EN-5)
        api.add(.get, "/api/v1/my-students", "我的学员（本机构已确认的学员）", tag: tag,
                query: Enrollment_V1_SearchPersonnelRequest.self, omitting: ["state", "orgId"]) { call in
            var request = try call.query(Enrollment_V1_SearchPersonnelRequest.self)
            request.state = .approved
            request.orgID = call.caller?.orgID ?? 0
            return try await enrollment.searchPersonnel(request, options: call.options)
        }
        api.add(.get, "/api/v1/personnel", "报名人员查询", tag: tag, query: Enrollment_V1_SearchPersonnelRequest.self) { call in
            try await enrollment.searchPersonnel(try call.query(Enrollment_V1_SearchPersonnelRequest.self), options: call.options)
        }
        api.addRaw(.get, "/api/v1/personnel.csv", "报名人员导出（CSV）", tag: tag, query: Enrollment_V1_SearchPersonnelRequest.self,
                   omitting: ["page"], rawResponse: "text/csv") { call in
            let export = try await enrollment.exportPersonnel(try call.query(Enrollment_V1_SearchPersonnelRequest.self),
                                                              options: call.options)
            var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8",
                                       .contentDisposition: "attachment; filename=\"personnel.csv\""]
            headers[.xExportTruncated] = export.truncated ? "true" : "false"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: export.csv)))
        }

        // Profile and photo (EN-6)
        api.add(.get, "/api/v1/me/profile", "我的个人信息（照片确认状态）", tag: tag) { call in
            try await enrollment.getProfile(Enrollment_V1_StudentProfileRequest(), options: call.options)
        }
        api.add(.put, "/api/v1/me/photo", "设置证件照（上传后的文件编号）", tag: tag, body: Enrollment_V1_SetPhotoRequest.self) { call in
            try await enrollment.setPhoto(try await call.body(Enrollment_V1_SetPhotoRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/me/notifications", "我的消息（审核结果、计划删除、照片退回）", tag: tag,
                query: Enrollment_V1_ListNotificationsRequest.self) { call in
            try await enrollment.listMyNotifications(try call.query(Enrollment_V1_ListNotificationsRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/student-photos", "照片确认列表：本机构学员的证件照（默认待确认）", tag: tag,
                query: Enrollment_V1_ListStudentPhotosRequest.self) { call in
            try await enrollment.listStudentPhotos(try call.query(Enrollment_V1_ListStudentPhotosRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/students/{userId}/profile", "学员个人信息（机构）", tag: tag) { call in
            var request = Enrollment_V1_StudentProfileRequest()
            request.studentUserID = try call.id("userId")
            return try await enrollment.getProfile(request, options: call.options)
        }
        api.add(.post, "/api/v1/students/{userId}/photo/review", "确认或退回学员照片", tag: tag,
                body: Enrollment_V1_ReviewPhotoRequest.self) { call in
            var request = try await call.body(Enrollment_V1_ReviewPhotoRequest.self)
            request.studentUserID = try call.id("userId")
            return try await enrollment.reviewPhoto(request, options: call.options)
        }
    }

    static func enrollmentRequest(_ call: APICall) throws -> Enrollment_V1_EnrollmentRequest {
        var request = Enrollment_V1_EnrollmentRequest()
        request.enrollmentID = try call.id("enrollmentId")
        return request
    }
}

extension HTTPField.Name {
    static let xExportTruncated = Self("X-Export-Truncated")!
}
