import Foundation
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices
import QRCode
import RPC

/// HTTP endpoints of the classes service (SPEC §3, docs/CLASSES.md). Each turns into one RPC;
/// the service checks permission and organisation scope itself. The venue-code route adds the
/// QR code of the sign-in address (libqrencode).
struct ClassesRoutes {
    let classes: Classes_V1_ClassesServiceClient
    static let photoLimit = 2 * 1024 * 1024

    func register(on api: API) {
        let classes = self.classes
        let tag = "classes"

        // Teachers and assessors (CL-4)
        api.add(.post, "/api/v1/teachers", "登记教师或考评员", tag: tag, body: Classes_V1_SaveTeacherRequest.self) { call in
            var request = try await call.body(Classes_V1_SaveTeacherRequest.self)
            request.teacherID = 0
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await classes.saveTeacher(request, options: call.options)
        }
        api.add(.put, "/api/v1/teachers/{teacherId}", "修改教师或考评员", tag: tag, body: Classes_V1_SaveTeacherRequest.self) { call in
            var request = try await call.body(Classes_V1_SaveTeacherRequest.self)
            request.teacherID = try call.id("teacherId")
            return try await classes.saveTeacher(request, options: call.options)
        }
        api.add(.get, "/api/v1/teachers/{teacherId}", "教师详情（含完整身份证号）", tag: tag) { call in
            var request = Classes_V1_TeacherRequest()
            request.teacherID = try call.id("teacherId")
            return try await classes.getTeacher(request, options: call.options)
        }
        api.add(.get, "/api/v1/teachers", "师资及考评员", tag: tag, query: Classes_V1_ListTeachersRequest.self) { call in
            try await classes.listTeachers(try call.query(Classes_V1_ListTeachersRequest.self), options: call.options)
        }
        api.addRaw(.put, "/api/v1/teachers/{teacherId}/photo", "上传教师证书照片（请求体为图片本身）", tag: tag,
                   rawRequest: "application/octet-stream", response: Classes_V1_Teacher.self) { call in
            var request = Classes_V1_TeacherPhotoRequest()
            request.teacherID = try call.id("teacherId")
            request.content = try await call.rawBody(limit: Self.photoLimit)
            return Responses.json(try await classes.setTeacherPhoto(request, options: call.options))
        }
        api.addRaw(.get, "/api/v1/teachers/{teacherId}/photo", "教师证书照片", tag: tag, rawResponse: "image/*") { call in
            var request = Classes_V1_TeacherRequest()
            request.teacherID = try call.id("teacherId")
            let image = try await classes.getTeacherPhoto(request, options: call.options)
            return Responses.file(image.content, contentType: image.contentType)
        }

        // Course templates (CL-1)
        api.add(.post, "/api/v1/course-templates", "新建课程模板", tag: tag, body: Classes_V1_SaveTemplateRequest.self) { call in
            var request = try await call.body(Classes_V1_SaveTemplateRequest.self)
            request.templateID = 0
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await classes.saveTemplate(request, options: call.options)
        }
        api.add(.put, "/api/v1/course-templates/{templateId}", "修改课程模板", tag: tag, body: Classes_V1_SaveTemplateRequest.self) { call in
            var request = try await call.body(Classes_V1_SaveTemplateRequest.self)
            request.templateID = try call.id("templateId")
            return try await classes.saveTemplate(request, options: call.options)
        }
        api.add(.get, "/api/v1/course-templates/{templateId}", "课程模板详情", tag: tag) { call in
            var request = Classes_V1_TemplateRequest()
            request.templateID = try call.id("templateId")
            return try await classes.getTemplate(request, options: call.options)
        }
        api.add(.delete, "/api/v1/course-templates/{templateId}", "删除课程模板", tag: tag) { call in
            var request = Classes_V1_TemplateRequest()
            request.templateID = try call.id("templateId")
            return try await classes.deleteTemplate(request, options: call.options)
        }
        api.add(.get, "/api/v1/course-templates", "课程模板", tag: tag, query: Classes_V1_ListTemplatesRequest.self) { call in
            try await classes.listTemplates(try call.query(Classes_V1_ListTemplatesRequest.self), options: call.options)
        }

        // Classes (CL-2, CL-3)
        api.add(.post, "/api/v1/classes", "开班申请：为已结束报名的计划建班", tag: tag, body: Classes_V1_CreateClassRequest.self) { call in
            var request = try await call.body(Classes_V1_CreateClassRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await classes.createClass(request, options: call.options)
        }
        api.add(.put, "/api/v1/classes/{classId}", "修改班级与课程安排", tag: tag, body: Classes_V1_UpdateClassRequest.self) { call in
            var request = try await call.body(Classes_V1_UpdateClassRequest.self)
            request.classID = try call.id("classId")
            return try await classes.updateClass(request, options: call.options)
        }
        api.add(.get, "/api/v1/classes/{classId}", "班级详情（含审核记录）", tag: tag) { call in
            var request = Classes_V1_ClassRequest()
            request.classID = try call.id("classId")
            return try await classes.getClass(request, options: call.options)
        }
        api.add(.get, "/api/v1/classes", "班级列表", tag: tag, query: Classes_V1_ListClassesRequest.self) { call in
            try await classes.listClasses(try call.query(Classes_V1_ListClassesRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/classes/{classId}/actions", "班级操作：提交、撤回、通过、驳回、开训、结业、确认考勤、标记上报、删除", tag: tag,
                body: Classes_V1_ClassActionRequest.self) { call in
            var request = try await call.body(Classes_V1_ClassActionRequest.self)
            request.classID = try call.id("classId")
            return try await classes.actOnClass(request, options: call.options)
        }
        api.add(.post, "/api/v1/class-reviews", "批量审核开班申请", tag: tag, body: Classes_V1_BatchReviewRequest.self) { call in
            try await classes.batchReviewClasses(try await call.body(Classes_V1_BatchReviewRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/classes/{classId}/students", "班级学员及学时", tag: tag, query: Classes_V1_ListRosterRequest.self) { call in
            var request = try call.query(Classes_V1_ListRosterRequest.self)
            request.classID = try call.id("classId")
            return try await classes.listRoster(request, options: call.options)
        }

        // Attendance (CL-5, B-2)
        api.add(.get, "/api/v1/classes/{classId}/lessons/{lessonId}/venue-code", "签到动态二维码（每30秒更换）", tag: tag) { call in
            var request = Classes_V1_VenueCodeRequest()
            request.classID = try call.id("classId")
            request.lessonID = try call.id("lessonId")
            var code = try await classes.getVenueCode(request, options: call.options)
            code.signInUrl = Self.signInURL(call.request, classID: request.classID, lessonID: request.lessonID, code: code.code)
            code.svg = QRCode(code.signInUrl)?.svg ?? ""
            return code
        }
        api.add(.get, "/api/v1/classes/{classId}/lessons/{lessonId}/attendance", "课次考勤", tag: tag,
                query: Classes_V1_LessonAttendanceRequest.self) { call in
            var request = try call.query(Classes_V1_LessonAttendanceRequest.self)
            request.classID = try call.id("classId")
            request.lessonID = try call.id("lessonId")
            return try await classes.getLessonAttendance(request, options: call.options)
        }
        api.add(.post, "/api/v1/classes/{classId}/lessons/{lessonId}/corrections", "考勤补录（须填写原因）", tag: tag,
                body: Classes_V1_CorrectAttendanceRequest.self) { call in
            var request = try await call.body(Classes_V1_CorrectAttendanceRequest.self)
            request.classID = try call.id("classId")
            request.lessonID = try call.id("lessonId")
            return try await classes.correctAttendance(request, options: call.options)
        }
        api.add(.get, "/api/v1/sign-in-reviews", "待审核的签到", tag: tag, query: Classes_V1_ReviewQueueRequest.self) { call in
            try await classes.listReviewQueue(try call.query(Classes_V1_ReviewQueueRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/sign-in-reviews/{recordId}", "审核签到（须填写原因）", tag: tag, body: Classes_V1_ReviewSignInRequest.self) { call in
            var request = try await call.body(Classes_V1_ReviewSignInRequest.self)
            request.recordID = try call.id("recordId")
            return try await classes.reviewSignIn(request, options: call.options)
        }
        api.addRaw(.get, "/api/v1/sign-ins/{recordId}/photo", "签到照片", tag: tag, rawResponse: "image/jpeg") { call in
            var request = Classes_V1_SignInPhotoRequest()
            request.recordID = try call.id("recordId")
            let image = try await classes.getSignInPhoto(request, options: call.options)
            return Responses.file(image.content, contentType: image.contentType)
        }

        // Students
        api.add(.get, "/api/v1/my-classes", "我的班级", tag: tag, query: Classes_V1_MyClassesRequest.self) { call in
            try await classes.listMyClasses(try call.query(Classes_V1_MyClassesRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/my-lessons", "我的课程（classId=0：今天的课程）", tag: tag, query: Classes_V1_MyLessonsRequest.self) { call in
            try await classes.listMyLessons(try call.query(Classes_V1_MyLessonsRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/classes/{classId}/lessons/{lessonId}/sign-in", "学员签到（现场二维码、位置、照片）", tag: tag,
                body: Classes_V1_SignRequest.self) { call in
            var request = try await call.body(Classes_V1_SignRequest.self)
            request.classID = try call.id("classId")
            request.lessonID = try call.id("lessonId")
            return try await classes.signIn(request, options: call.options)
        }
        api.add(.post, "/api/v1/classes/{classId}/lessons/{lessonId}/sign-out", "学员签退", tag: tag, body: Classes_V1_SignRequest.self) { call in
            var request = try await call.body(Classes_V1_SignRequest.self)
            request.classID = try call.id("classId")
            request.lessonID = try call.id("lessonId")
            request.photo = []
            return try await classes.signOut(request, options: call.options)
        }
    }

    /// The student page's sign-in address for the QR: this gateway's origin as the request named
    /// it (`X-Forwarded-Proto` from a TLS-terminating proxy, else http), so a phone that scans it
    /// opens the same site.
    static func signInURL(_ request: Request, classID: Int64, lessonID: Int64, code: String) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return "\(scheme)://\(host)/m/#/sign-in?class=\(classID)&lesson=\(lessonID)&code=\(code)"
    }
}
