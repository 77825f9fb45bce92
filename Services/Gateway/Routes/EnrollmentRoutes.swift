import Foundation
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices

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
                query: ["state", "orgId", "nameContains", "pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListPlansRequest()
            request.state = try Self.planState(call.query("state"))
            request.orgID = try call.queryInteger("orgId")
            request.nameContains = call.query("nameContains")
            request.page = try Self.page(call)
            return try await enrollment.listPlans(request, options: call.options)
        }
        api.add(.get, "/api/v1/open-enrollment-plans", "正在报名的计划（学员按地市、类型、岗位选择）", tag: tag,
                query: ["divisionCode", "kind", "post", "pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListOpenPlansRequest()
            request.divisionCode = call.query("divisionCode")
            request.kind = try Self.planKind(call.query("kind"))
            request.post = call.query("post")
            request.page = try Self.page(call)
            return try await enrollment.listOpenPlans(request, options: call.options)
        }

        // Uploads (EN-3, EN-6)
        api.addRaw(.post, "/api/v1/files", "上传扫描件或证件照（请求体为文件本身；kind=id_front|id_back|education|photo）",
                   tag: tag, query: ["kind", "fileName"], rawRequest: "application/octet-stream",
                   response: Enrollment_V1_UploadInfo.self) { call in
            var request = Enrollment_V1_UploadRequest()
            request.kind = try Self.fileKind(call.query("kind"))
            request.fileName = call.query("fileName")
            request.content = try await call.rawBody(limit: Self.uploadLimit)
            return try API.json(try await enrollment.upload(request, options: call.options))
        }
        api.addRaw(.get, "/api/v1/files/{fileId}", "下载文件（本人或其报名机构）", tag: tag, rawResponse: "application/octet-stream") { call in
            var request = Enrollment_V1_FileRequest()
            request.fileID = try call.id("fileId")
            let file = try await enrollment.getFile(request, options: call.options)
            return API.file(file.content, contentType: file.info?.contentType ?? "application/octet-stream")
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
                query: ["state", "kind", "pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListEnrollmentsRequest()
            request.state = try Self.enrollmentState(call.query("state"))
            request.kind = try Self.planKind(call.query("kind"))
            request.page = try Self.page(call)
            return try await enrollment.listMyEnrollments(request, options: call.options)
        }
        api.add(.get, "/api/v1/enrollment-reject-reasons", "报名驳回原因列表", tag: tag) { call in
            try await enrollment.listRejectReasons(Enrollment_V1_Empty(), options: call.options)
        }
        api.add(.post, "/api/v1/enrollments/{enrollmentId}/review", "报名审核：通过或驳回（原因+说明）", tag: tag,
                body: Enrollment_V1_ReviewEnrollmentRequest.self) { call in
            var request = try await call.body(Enrollment_V1_ReviewEnrollmentRequest.self)
            request.enrollmentID = try call.id("enrollmentId")
            return try await enrollment.reviewEnrollment(request, options: call.options)
        }
        api.add(.get, "/api/v1/enrollments", "报名审核列表（待审核、已确认、已驳回）", tag: tag,
                query: ["state", "planId", "pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListEnrollmentsRequest()
            request.state = try Self.enrollmentState(call.query("state"))
            request.planID = try call.queryInteger("planId")
            request.page = try Self.page(call)
            return try await enrollment.listEnrollments(request, options: call.options)
        }

        // My students and personnel search (EN-5)
        api.add(.get, "/api/v1/my-students", "我的学员（本机构已确认的学员）", tag: tag,
                query: Self.searchQuery) { call in
            var request = try Self.search(call)
            request.state = .approved
            request.orgID = call.caller?.orgID ?? 0
            return try await enrollment.searchPersonnel(request, options: call.options)
        }
        api.add(.get, "/api/v1/personnel", "报名人员查询", tag: tag, query: Self.searchQuery) { call in
            try await enrollment.searchPersonnel(try Self.search(call), options: call.options)
        }
        api.addRaw(.get, "/api/v1/personnel.csv", "报名人员导出（CSV）", tag: tag, query: Self.searchQuery, rawResponse: "text/csv") { call in
            let export = try await enrollment.exportPersonnel(try Self.search(call), options: call.options)
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
                query: ["pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListNotificationsRequest()
            request.page = try Self.page(call)
            return try await enrollment.listMyNotifications(request, options: call.options)
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

        // Operation log of enrollment's changes (ID-8)
        api.add(.get, "/api/v1/enrollment-operation-log", "报名业务操作日志", tag: tag,
                query: ["orgId", "actorUserId", "action", "fromUnix", "toUnix", "pageSize", "pageToken"]) { call in
            var request = Enrollment_V1_ListOperationLogRequest()
            request.orgID = try call.queryInteger("orgId")
            request.actorUserID = try call.queryInteger("actorUserId")
            request.action = call.query("action")
            request.fromUnix = try call.queryInteger("fromUnix")
            request.toUnix = try call.queryInteger("toUnix")
            request.page = try Self.page(call)
            return try await enrollment.listOperationLog(request, options: call.options)
        }

        // Printable pages (EN-8)
        for (name, form, summary) in [("form", Enrollment_V1_PrintForm.enrollment, "打印报名表"),
                                      ("commitment", .commitment, "打印个人承诺书")] {
            api.addRaw(.get, "/api/v1/enrollments/{enrollmentId}/\(name).html", summary, tag: tag, rawResponse: "text/html") { call in
                var request = Enrollment_V1_PrintRequest()
                request.enrollmentID = try call.id("enrollmentId")
                request.form = form
                let page = try await enrollment.print(request, options: call.options)
                var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
                headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.html)))
            }
        }
    }

    static let searchQuery = ["name", "idNumber", "phone", "employer", "orgId", "planId", "state", "pageSize", "pageToken"]

    static func search(_ call: APICall) throws -> Enrollment_V1_SearchPersonnelRequest {
        var request = Enrollment_V1_SearchPersonnelRequest()
        request.name = call.query("name")
        request.idNumber = call.query("idNumber")
        request.phone = call.query("phone")
        request.employer = call.query("employer")
        request.orgID = try call.queryInteger("orgId")
        request.planID = try call.queryInteger("planId")
        request.state = try enrollmentState(call.query("state"))
        request.page = try page(call)
        return request
    }

    static func enrollmentRequest(_ call: APICall) throws -> Enrollment_V1_EnrollmentRequest {
        var request = Enrollment_V1_EnrollmentRequest()
        request.enrollmentID = try call.id("enrollmentId")
        return request
    }

    static func page(_ call: APICall) throws -> Enrollment_V1_PageRequest {
        var page = Enrollment_V1_PageRequest()
        page.pageSize = try call.queryInteger("pageSize")
        page.pageToken = call.query("pageToken")
        return page
    }

    static func planState(_ text: String) throws -> Enrollment_V1_PlanState {
        try choice(text, "state", ["draft": .draft, "submitted": .submitted, "accepted": .accepted, "approved": .approved,
                                   "rejected": .rejected], default: .unspecified)
    }

    static func planKind(_ text: String) throws -> Enrollment_V1_PlanKind {
        try choice(text, "kind", ["new_certificate": .newCertificate, "continuing_education": .continuingEducation],
                   default: .unspecified)
    }

    static func enrollmentState(_ text: String) throws -> Enrollment_V1_EnrollmentState {
        try choice(text, "state", ["submitted": .submitted, "approved": .approved, "rejected": .rejected, "withdrawn": .withdrawn],
                   default: .unspecified)
    }

    static func fileKind(_ text: String) throws -> Enrollment_V1_FileKind {
        try choice(text, "kind", ["id_front": .idFront, "id_back": .idBack, "education": .education, "photo": .photo],
                   default: .unspecified)
    }

    /// A query value from a fixed set ("" gives `default`).
    static func choice<T>(_ text: String, _ name: String, _ values: [String: T], default value: T) throws -> T {
        if text.isEmpty { return value }
        guard let chosen = values[text] else {
            throw APIError(.badRequest, code: "INVALID_ARGUMENT", message: "查询参数\(name)无效",
                           fields: [.init(field: name, message: "可选值：" + values.keys.sorted().joined(separator: "、"))])
        }
        return chosen
    }
}

extension HTTPField.Name {
    static let xExportTruncated = Self("X-Export-Truncated")!
}
