import CommonRules
import EnrollmentService
import Foundation
import OpenSSLCrypto
@testable import GatewayApp
import HTTPTypes
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage
import Testing

/// End to end through the gateway: enrollment (SPEC §2) with the identity service, both over
/// mutual TLS, and PostgreSQL (issue 5, "What it must show").
@Suite struct GatewayEnrollmentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 200)
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
    static let day: Int64 = 86_400

    @Test("EN-1…EN-5, EN-8: plan → 3 students enroll with uploads → 2 approved, 1 rejected → fixed, resubmitted, approved")
    func happyPath() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), reviewer = try await http.login("hfjx_reviewer")
            let plan = try await http.createPlan(admin, posts: ["011", "021"])
            var students: [(token: String, id: Int64)] = []
            var enrollments: [Int64] = []
            for index in 0..<3 {
                let student = try await http.newStudent(stack)
                students.append(student)
                let reply = try await http.enroll(student.token, plan: plan, post: index == 2 ? "021" : "011")
                #expect(reply.status == 200, "\(reply.json)")
                #expect(reply["state"] as? String == "ENROLLMENT_STATE_SUBMITTED")
                enrollments.append(Int64(reply["id"] as? Int ?? 0))
            }
            var reply = try await http.send(.get, "/api/v1/enrollments?state=submitted&planId=\(plan)", token: reviewer)
            #expect(reply.status == 200)
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == 3)
            // Lists mask ID numbers and phones (X-1).
            let first = (reply["enrollments"] as? [[String: Any]])?.first ?? [:]
            #expect((first["idNumber"] as? String ?? "").contains("**********"))
            #expect((first["phone"] as? String ?? "").contains("****"))
            // Lists leave the long texts to the detail view.
            #expect((first["form"] as? [String: Any])?["workHistory"] as? String ?? "" == "")
            let detail = try await http.send(.get, "/api/v1/enrollments/\(first["id"] as? Int ?? 0)", token: reviewer)
            #expect(((detail["form"] as? [String: Any])?["workHistory"] as? String ?? "").contains("施工现场"), "\(detail.json)")

            for id in enrollments.prefix(2) {
                reply = try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: reviewer, json: ["approve": true])
                #expect(reply["state"] as? String == "ENROLLMENT_STATE_APPROVED", "\(reply.json)")
            }
            reply = try await http.send(.post, "/api/v1/enrollments/\(enrollments[2])/review", token: reviewer, json: ["approve": false])
            #expect(reply.status == 400 && reply.message.contains("驳回须选择原因"))
            reply = try await http.send(.post, "/api/v1/enrollments/\(enrollments[2])/review", token: reviewer,
                                        json: ["approve": false, "rejectReasons": ["nonsense"]])
            #expect(reply.status == 400)
            reply = try await http.send(.post, "/api/v1/enrollments/\(enrollments[2])/review", token: reviewer,
                                        json: ["approve": false, "rejectReasons": ["education_image"], "rejectComment": "学历证书不清晰"])
            #expect(reply["state"] as? String == "ENROLLMENT_STATE_REJECTED", "\(reply.json)")
            // Confirmed enrollments cannot be reviewed again or deleted by the student.
            reply = try await http.send(.post, "/api/v1/enrollments/\(enrollments[0])/review", token: reviewer,
                                        json: ["approve": false, "rejectReasons": ["other"]])
            #expect(reply.code == "FAILED_PRECONDITION")
            #expect(try await http.send(.delete, "/api/v1/enrollments/\(enrollments[0])", token: students[0].token).code == "FAILED_PRECONDITION")

            // The rejected student sees why, uploads a clearer scan and resubmits.
            let rejected = students[2]
            reply = try await http.send(.get, "/api/v1/me/enrollments?state=rejected", token: rejected.token)
            let mine = (reply["enrollments"] as? [[String: Any]])?.first ?? [:]
            #expect(mine["rejectReasons"] as? [String] == ["education_image"])
            #expect(mine["rejectComment"] as? String == "学历证书不清晰")
            var form = try await http.form(rejected.token, plan: plan, post: "021")
            form["education"] = "本科"
            reply = try await http.send(.put, "/api/v1/enrollments/\(enrollments[2])", token: rejected.token, json: ["form": form])
            #expect(reply["state"] as? String == "ENROLLMENT_STATE_SUBMITTED", "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/enrollments/\(enrollments[2])/review", token: reviewer, json: ["approve": true])
            #expect(reply["state"] as? String == "ENROLLMENT_STATE_APPROVED")

            // EN-5: my students and the personnel search, with CSV export.
            reply = try await http.send(.get, "/api/v1/my-students?planId=\(plan)", token: reviewer)
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == 3, "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/personnel?planId=\(plan)&name=%E8%B5%B5", token: admin)  // 赵
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == 3, "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/personnel.csv?planId=\(plan)", token: admin)
            let csv = String(decoding: reply.data, as: UTF8.self)
            #expect(reply.status == 200 && reply.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)
            #expect(csv.contains("姓名") && csv.contains("**********") && csv.contains("已确认"))

            // Every change left its operation-log entry; the students were told of each review.
            let actions = try await stack.enrollmentLog(targets: enrollments)
            #expect(actions.filter { $0 == "enrollment.submit" }.count == 3)
            #expect(actions.filter { $0 == "enrollment.approve" }.count == 3)
            #expect(actions.filter { $0 == "enrollment.reject" }.count == 1)
            #expect(actions.filter { $0 == "enrollment.resubmit" }.count == 1)
            // The institution reads them in enrollment's operation log; another city's institution may not.
            reply = try await http.send(.get, "/api/v1/enrollment/operation-log?action=enrollment.approve&pageSize=200", token: admin)
            let logged = (reply["entries"] as? [[String: Any]] ?? []).compactMap { $0["targetId"] as? String }
            #expect(Set(enrollments.map(String.init)).isSubset(of: Set(logged)), "\(reply.json)")
            let hfjx = Int((first["orgId"] as? Int) ?? 0)
            #expect(try await http.send(.get, "/api/v1/enrollment/operation-log?orgId=\(hfjx)", token: try await http.login("lajx_admin")).status == 403)
            #expect(try await http.send(.get, "/api/v1/enrollment/operation-log?orgId=\(hfjx)", token: try await http.login("hefei_admin")).status == 200)
            reply = try await http.send(.get, "/api/v1/me/notifications", token: rejected.token)
            let notices = (reply["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(notices.count == 2, "rejected, then approved: \(notices)")
            #expect(notices.last?.contains("学历证书照片不清晰或不符合要求") == true && notices.last?.contains("学历证书不清晰") == true)
            #expect(notices.first?.contains("已通过") == true, "newest first")
            #expect(try await http.send(.get, "/api/v1/me/notifications", token: admin).status == 403)
        }
    }

    @Test("EN-3, EN-4: a student cannot see or change another's enrollment; institution B cannot review A's")
    func isolation() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let plan = try await http.createPlan(admin, posts: ["011"])
            let owner = try await http.newStudent(stack), other = try await http.newStudent(stack)
            var reply = try await http.enroll(owner.token, plan: plan, post: "011")
            let id = reply["id"] as? Int ?? 0
            let file = ((reply["form"] as? [String: Any])?["idFrontFileId"] as? Int) ?? 0
            #expect(id > 0 && file > 0)

            // Another student: not found for every read and change.
            #expect(try await http.send(.get, "/api/v1/enrollments/\(id)", token: other.token).status == 404)
            #expect(try await http.send(.delete, "/api/v1/enrollments/\(id)", token: other.token).status == 404)
            #expect(try await http.send(.put, "/api/v1/enrollments/\(id)", token: other.token,
                                        json: ["form": try await http.form(other.token, plan: plan, post: "011")]).status == 404)
            #expect(try await http.send(.get, "/api/v1/files/\(file)", token: other.token).status == 404)
            // A student cannot review at all.
            #expect(try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: other.token, json: ["approve": true]).status == 403)

            // Institution B (六安) and its city: not found, and absent from their lists.
            for login in ["lajx_admin", "luan_admin"] {
                let token = try await http.login(login)
                #expect(try await http.send(.get, "/api/v1/enrollments/\(id)", token: token).status == 404, "\(login)")
                #expect(try await http.send(.get, "/api/v1/files/\(file)", token: token).status == 404, "\(login)")
                reply = try await http.send(.get, "/api/v1/personnel?planId=\(plan)", token: token)
                #expect(reply.status == 200 && (reply["page"] as? [String: Any])?["total"] as? Int == 0, "\(login) \(reply.json)")
            }
            let lajx = try await http.login("lajx_admin")
            #expect(try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: lajx, json: ["approve": true]).status == 404)
            #expect(try await http.send(.get, "/api/v1/enrollment-plans/\(plan)", token: lajx).status == 404)

            // The owner, the institution and its city authority can read it; the file comes back intact.
            reply = try await http.send(.get, "/api/v1/files/\(file)", token: owner.token)
            #expect(reply.status == 200 && Array(reply.data) == Self.png && reply.headers[.contentType] == "image/png")
            let hefei = try await http.login("hefei_admin")
            reply = try await http.send(.get, "/api/v1/enrollments/\(id)", token: hefei)
            #expect(reply.status == 200 && (reply["idNumber"] as? String ?? "").count == 18, "detail shows the full number")
            #expect(try await http.send(.get, "/api/v1/files/\(file)", token: hefei).status == 200)

            // The owner deletes it before confirmation; the post is free again.
            reply = try await http.send(.delete, "/api/v1/enrollments/\(id)", token: owner.token)
            #expect(reply["state"] as? String == "ENROLLMENT_STATE_WITHDRAWN")
            #expect(try await http.enroll(owner.token, plan: plan, post: "011").status == 200)
        }
    }

    @Test("EN-3: uploads are checked by magic bytes and size; a refused upload stores nothing")
    func uploadRefusals() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let student = try await http.newStudent(stack)
            let before = try await stack.fileCount(owner: student.id)
            var reply = try await http.send(.post, "/api/v1/files?kind=id_front", token: student.token,
                                            bytes: Array("PNG but really just text".utf8))
            #expect(reply.status == 400 && reply.message.contains("文件格式不正确，只接受JPG、PNG"), "\(reply.json)")
            // A PDF is fine for the education certificate, not for the ID card.
            let pdf = Array("%PDF-1.7\n%âãÏÓ\n".utf8)
            #expect(try await http.send(.post, "/api/v1/files?kind=id_back", token: student.token, bytes: pdf).status == 400)
            reply = try await http.send(.post, "/api/v1/files?kind=education", token: student.token, bytes: pdf)
            #expect(reply.status == 200 && reply["contentType"] as? String == "application/pdf", "\(reply.json)")
            // Over the province's 2 MB image limit: refused by the service with the limit in the message.
            let big = Self.png + [UInt8](repeating: 0, count: 2 * 1024 * 1024)
            reply = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: big)
            #expect(reply.status == 400 && reply.message == "文件过大，不能超过2MB", "\(reply.json)")
            // Over what the gateway accepts at all: 413 before any RPC.
            let huge = Self.png + [UInt8](repeating: 0, count: 4 * 1024 * 1024)
            reply = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: huge)
            #expect(reply.status == 413 && reply.message == "文件过大，不能超过3584KB", "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/files?kind=passport", token: student.token, bytes: Self.png)
            #expect(reply.status == 400)
            // Only the PDF was stored, with its digest.
            #expect(try await stack.fileCount(owner: student.id) == before + 1)
            // Org users do not upload students' files.
            #expect(try await http.send(.post, "/api/v1/files?kind=photo", token: try await http.login("hfjx_admin"),
                                        bytes: Self.png).status == 403)
        }
    }

    @Test("EN-3: a student may upload 30 files in 24 hours, even when asking at once")
    func uploadQuota() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let student = try await http.newStudent(stack)
            for _ in 0..<25 {
                #expect(try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: Self.png).status == 200)
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: Self.png).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 5 && statuses.filter { $0 == 429 }.count == 3, "\(statuses)")
            let reply = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: Self.png)
            #expect(reply.status == 429 && reply.message.contains("最多上传30个文件"), "\(reply.json)")
            #expect(try await stack.fileCount(owner: student.id) == 30)
        }
    }

    @Test("EN-3: only real-name-verified students; one active enrollment per post; closed plans refuse")
    func enrollmentRules() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let plan = try await http.createPlan(admin, posts: ["011", "030"])
            let student = try await http.newStudent(stack)
            #expect(try await http.enroll(student.token, plan: plan, post: "011").status == 200)
            var reply = try await http.enroll(student.token, plan: plan, post: "011")
            #expect(reply.status == 409 && reply.message.contains("不能重复报名"))
            reply = try await http.enroll(student.token, plan: plan, post: "080")
            #expect(reply.status == 400 && reply.message.contains("不招收"))
            var form = try await http.form(student.token, plan: plan, post: "030")
            form["commitmentNoticeAccepted"] = false
            reply = try await http.send(.post, "/api/v1/enrollments", token: student.token, json: ["form": form])
            #expect(reply.status == 400 && (reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "form.commitmentNoticeAccepted")
            // Files must be the student's own.
            let other = try await http.newStudent(stack)
            form = try await http.form(other.token, plan: plan, post: "030")
            reply = try await http.send(.post, "/api/v1/enrollments", token: student.token, json: ["form": form])
            #expect(reply.status == 400 && reply.message.contains("扫描件"), "\(reply.json)")

            let unverified = try await http.newStudent(stack)
            try await stack.setRealNameVerified(unverified.id, false)
            reply = try await http.enroll(unverified.token, plan: plan, post: "011")
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("实名认证"), "\(reply.json)")

            // Not yet open (a plan closed early is refused the same way, see `purge`; closing one
            // here would make it overdue for that test's purge).
            let later = try await http.createPlan(admin, posts: ["030"], start: Self.now + Self.day, end: Self.now + 10 * Self.day)
            reply = try await http.enroll(other.token, plan: later, post: "030")
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("不在报名时间内"), "\(reply.json)")
        }
    }

    @Test("EN-1: window ≤ 1 month, posts within scope, and the approval flow with withdrawal before acceptance")
    func planRulesAndApproval() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjj_admin")
            let start = Self.now + 60
            var reply = try await http.send(.post, "/api/v1/enrollment-plans", token: admin, json: [
                "name": "继续教育", "kind": "PLAN_KIND_CONTINUING_EDUCATION", "posts": ["011"], "headcount": 30,
                "startUnix": start, "endUnix": start + 31 * Self.day + 1])
            #expect(reply.status == 400 && (reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "endUnix", "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/enrollment-plans", token: admin, json: [
                "name": "继续教育", "kind": "PLAN_KIND_CONTINUING_EDUCATION", "posts": ["060"], "headcount": 30,
                "startUnix": start, "endUnix": start + 20 * Self.day])
            #expect(reply.status == 400 && reply.message.contains("不在本机构的培训范围内"))
            // A retried create (same idempotency key, a new HTTP request) returns the first plan.
            let key = UUID().uuidString
            let retried = try await [1, 2].asyncMap { _ in
                try await http.send(.post, "/api/v1/enrollment-plans", token: admin, json: [
                    "name": "重试", "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": ["011"], "headcount": 3,
                    "startUnix": start, "endUnix": start + 10 * Self.day, "requestId": key])["id"] as? Int
            }
            #expect(retried[0] != nil && retried[0] == retried[1])
            // Authorities do not publish plans.
            #expect(try await http.send(.post, "/api/v1/enrollment-plans", token: try await http.login("hefei_admin"), json: [
                "name": "x", "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": ["011"], "headcount": 3,
                "startUnix": start, "endUnix": start + Self.day]).status == 403)

            reply = try await http.send(.post, "/api/v1/enrollment-plans", token: admin, json: [
                "name": "2027年度继续教育第一期", "kind": "PLAN_KIND_CONTINUING_EDUCATION", "posts": ["011", "021"], "headcount": 30,
                "startUnix": Self.now - 60, "endUnix": Self.now + 20 * Self.day])
            #expect(reply["state"] as? String == "PLAN_STATE_DRAFT" && reply["requiresApproval"] as? Bool == true, "\(reply.json)")
            let plan = reply["id"] as? Int ?? 0
            func act(_ token: String, _ action: String, _ comment: String = "") async throws -> HTTP.Reply {
                try await http.send(.post, "/api/v1/enrollment-plans/\(plan)/actions", token: token,
                                    json: ["action": "PLAN_ACTION_\(action)", "comment": comment])
            }
            let hefei = try await http.login("hefei_admin"), luan = try await http.login("luan_admin")
            #expect(try await act(hefei, "ACCEPT").code == "FAILED_PRECONDITION", "a draft cannot be accepted")
            #expect(try await act(admin, "SUBMIT")["state"] as? String == "PLAN_STATE_SUBMITTED")
            #expect(try await act(admin, "WITHDRAW")["state"] as? String == "PLAN_STATE_DRAFT")
            #expect(try await act(admin, "SUBMIT")["state"] as? String == "PLAN_STATE_SUBMITTED")
            #expect(try await act(admin, "ACCEPT").status == 403, "the institution cannot accept its own plan")
            #expect(try await act(luan, "ACCEPT").status == 404, "another city's authority")
            #expect(try await act(hefei, "ACCEPT")["state"] as? String == "PLAN_STATE_ACCEPTED")
            #expect(try await act(admin, "WITHDRAW").code == "FAILED_PRECONDITION", "accepted plans cannot be withdrawn")
            #expect(try await act(hefei, "REJECT").status == 400, "a rejection needs a reason")
            #expect(try await act(hefei, "REJECT", "课时安排不合理")["state"] as? String == "PLAN_STATE_REJECTED")
            // Rejected: edited and sent again, then approved.
            reply = try await http.send(.put, "/api/v1/enrollment-plans/\(plan)", token: admin, json: [
                "name": "2027年度继续教育第一期（修改）", "kind": "PLAN_KIND_CONTINUING_EDUCATION", "posts": ["011"], "headcount": 40,
                "startUnix": Self.now - 60, "endUnix": Self.now + 20 * Self.day])
            #expect(reply.status == 200 && reply["headcount"] as? Int == 40, "\(reply.json)")
            #expect(try await act(admin, "SUBMIT")["state"] as? String == "PLAN_STATE_SUBMITTED")
            #expect(try await act(hefei, "ACCEPT")["state"] as? String == "PLAN_STATE_ACCEPTED")
            #expect(try await act(hefei, "APPROVE")["state"] as? String == "PLAN_STATE_APPROVED")
            reply = try await http.send(.get, "/api/v1/open-enrollment-plans?divisionCode=3401&kind=continuing_education&pageSize=200",
                                        token: try await http.newStudent(stack).token)
            #expect((reply["plans"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == plan }, "\(reply.json)")

            // EN-7: continuing education by certificate number, accepted unverified until the
            // certificates service can look it up.
            let student = try await http.newStudent(stack)
            var form = try await http.form(student.token, plan: Int64(plan), post: "011", files: false)
            form["certificateNumber"] = "26999901100001"
            reply = try await http.send(.post, "/api/v1/enrollments", token: student.token, json: ["form": form])
            #expect(reply.status == 400 && reply.message.contains("证书编号"), "\(reply.json)")
            form["certificateNumber"] = "253401011T0010007"
            reply = try await http.send(.post, "/api/v1/enrollments", token: student.token, json: ["form": form])
            #expect(reply.status == 200 && reply["kind"] as? String == "PLAN_KIND_CONTINUING_EDUCATION", "\(reply.json)")
            #expect(reply["certificateVerified"] as? Bool == false, "accepted unverified")
            // The student's continuing-education records.
            reply = try await http.send(.get, "/api/v1/me/enrollments?kind=continuing_education", token: student.token)
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == 1, "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/me/enrollments?kind=new_certificate", token: student.token)
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == 0, "\(reply.json)")
        }
    }

    @Test("EN-6: the photo is returned until it is re-uploaded and confirmed; only an institution the student enrolled with reviews it")
    func photoConfirmation() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let plan = try await http.createPlan(admin, posts: ["012"])
            let student = try await http.newStudent(stack)
            #expect(try await http.enroll(student.token, plan: plan, post: "012").status == 200)
            func setPhoto() async throws -> HTTP.Reply {
                let photo = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: Self.png)
                return try await http.send(.put, "/api/v1/me/photo", token: student.token, json: ["fileId": photo["id"] as? Int ?? 0])
            }
            #expect(try await setPhoto()["photoState"] as? String == "PHOTO_STATE_PENDING")
            let review = "/api/v1/students/\(student.id)/photo/review"
            #expect(try await http.send(.post, review, token: try await http.login("lajx_admin"), json: ["confirm": true]).status == 404)
            #expect(try await http.send(.post, review, token: admin, json: ["confirm": false]).status == 400)
            var reply = try await http.send(.post, review, token: admin, json: ["confirm": false, "comment": "背景不是白色"])
            #expect(reply["photoState"] as? String == "PHOTO_STATE_RETURNED")
            reply = try await http.send(.get, "/api/v1/me/profile", token: student.token)
            #expect(reply["photoState"] as? String == "PHOTO_STATE_RETURNED" && reply["photoComment"] as? String == "背景不是白色")
            #expect(try await http.send(.post, review, token: admin, json: ["confirm": true]).code == "FAILED_PRECONDITION", "nothing pending")
            #expect(try await setPhoto()["photoState"] as? String == "PHOTO_STATE_PENDING")
            reply = try await http.send(.post, review, token: admin, json: ["confirm": true])
            #expect(reply["photoState"] as? String == "PHOTO_STATE_CONFIRMED")
            #expect(try await http.send(.get, "/api/v1/students/\(student.id)/profile", token: admin)["photoState"] as? String
                    == "PHOTO_STATE_CONFIRMED")
        }
    }

    @Test("EN-2: the purge deletes exactly the overdue plans once, with two instances at the same moment; class applications are idempotent")
    func purge() async throws {
        let stack = try await Stack.shared.value
        // Other tests' plans end a day or more from now, so their deadlines come after the closed
        // plan's below, which is the moment this test purges at.
        let (overdue, keptOpen, applied, student, deadline) = try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            // Ended 6 days ago: overdue now.
            let old = try await http.createPlan(admin, posts: ["011"], start: Self.now - 10 * Self.day, end: Self.now - 6 * Self.day)
            // Open now, an enrollment, then closed early: overdue from the fourth midnight on.
            let closed = try await http.createPlan(admin, posts: ["011"])
            let student = try await http.newStudent(stack)
            #expect(try await http.enroll(student.token, plan: closed, post: "011").status == 200)
            let close = try await http.send(.post, "/api/v1/enrollment-plans/\(closed)/actions", token: admin, json: ["action": "PLAN_ACTION_CLOSE"])
            #expect(close["closedEarly"] as? Bool == true, "\(close.json)")
            let deadline = Int64(close["purgeAfterUnix"] as? Int ?? 0)
            #expect(deadline > Self.now + 2 * Self.day && deadline <= Self.now + 4 * Self.day)
            #expect(try await http.enroll(try await http.newStudent(stack).token, plan: closed, post: "011").message.contains("不在报名时间内"))
            // Ends in three days: its deadline is seven or eight days away.
            let running = try await http.createPlan(admin, posts: ["011"], end: Self.now + 3 * Self.day)
            // Closed early too, but the classes service reported a class application.
            let applied = try await http.createPlan(admin, posts: ["011"])
            _ = try await http.send(.post, "/api/v1/enrollment-plans/\(applied)/actions", token: admin, json: ["action": "PLAN_ACTION_CLOSE"])
            return ([old, closed], running, applied, student, deadline)
        }

        // The class application mark: only the classes service, idempotent.
        let classes = Enrollment_V1_EnrollmentServiceClient(try stack.client(as: "classes", to: stack.enrollmentServer, hostname: "enrollment"))
        var mark = Enrollment_V1_MarkClassApplicationRequest()
        mark.planID = applied
        mark.classApplicationID = "CA-1"
        let first = try await classes.markClassApplicationSubmitted(mark)
        try await Task.sleep(for: .milliseconds(1100))
        mark.classApplicationID = "CA-1-retry"
        #expect(try await classes.markClassApplicationSubmitted(mark).submittedAtUnix == first.submittedAtUnix)
        let gateway = Enrollment_V1_EnrollmentServiceClient(try stack.client(as: "gateway", to: stack.enrollmentServer, hostname: "enrollment"))
        await #expect(throws: RPCError.self) { try await gateway.markClassApplicationSubmitted(mark) }

        // Just before the closed plan's deadline only the old plan is overdue.
        #expect(try await PurgeJob(database: stack.enrollmentDatabase, logger: .init(label: "purge")).purge(now: deadline - 1) == 1)
        // Two instances (two pools, as two processes would have) purge at the same moment, at the deadline.
        let later = deadline
        let jobs = [PurgeJob(database: stack.enrollmentDatabase, logger: .init(label: "purge-a")),
                    PurgeJob(database: DatabasePool(DatabasePool.Configuration(url: stack.enrollmentURL)), logger: .init(label: "purge-b"))]
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for job in jobs { group.addTask { try await job.purge(now: later) } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.reduce(0, +) == 1, "\(counts)")
        #expect(try await jobs[1].purge(now: later) == 0, "nothing left to purge")
        #expect(try await stack.planIDs(overdue + [keptOpen, applied]) == [keptOpen, applied].sorted())
        #expect(try await stack.enrollmentLog(targets: overdue, type: "plan").filter { $0 == "plan.purge" }.count == 2)
        // The purge is in the institution's log, by the system (actor 0).
        let purgeLog = try await stack.gateway { http in
            try await http.send(.get, "/api/v1/enrollment/operation-log?action=plan.purge&pageSize=200", token: try await http.login("hfjx_admin"))
        }
        let purged = (purgeLog["entries"] as? [[String: Any]] ?? []).filter { overdue.map(String.init).contains($0["targetId"] as? String ?? "") }
        #expect(purged.count == 2 && purged.allSatisfy { ($0["actorUserId"] as? Int) == 0 }, "\(purgeLog.json)")
        #expect(try await stack.notifications(to: student.id).contains { $0.contains("已被删除") })
        #expect(try await stack.enrollmentCount(student: student.id) == 0)
        // A class application for a deleted plan is refused.
        mark.planID = overdue[0]
        await #expect(throws: RPCError.self) { try await classes.markClassApplicationSubmitted(mark) }
    }

    @Test("EN-1, EN-4: concurrent enrollments for the last place and concurrent reviews: exactly one wins; roles are checked")
    func concurrency() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), reviewer = try await http.login("hfjx_reviewer")
            // The reviewer role may review, not publish plans.
            let now = Self.now
            #expect(try await http.send(.post, "/api/v1/enrollment-plans", token: reviewer, json: [
                "name": "x", "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": ["011"], "headcount": 1,
                "startUnix": now, "endUnix": now + Self.day]).status == 403)
            let reply = try await http.send(.post, "/api/v1/enrollment-plans", token: admin, json: [
                "name": "最后一个名额", "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": ["011"], "headcount": 1,
                "startUnix": now - 60, "endUnix": now + 10 * Self.day])
            let plan = Int64(reply["id"] as? Int ?? 0)
            let students = [try await http.newStudent(stack), try await http.newStudent(stack)]
            let forms = [try await http.form(students[0].token, plan: plan, post: "011"),
                         try await http.form(students[1].token, plan: plan, post: "011")]
            let bodies = try forms.map { String(decoding: try JSONSerialization.data(withJSONObject: ["form": $0]), as: UTF8.self) }
            let replies = try await withThrowingTaskGroup(of: HTTP.Reply.self) { group in
                for (student, body) in zip(students, bodies) {
                    group.addTask { try await http.send(.post, "/api/v1/enrollments", token: student.token, raw: body) }
                }
                return try await group.reduce(into: [HTTP.Reply]()) { $0.append($1) }
            }
            #expect(replies.map(\.status).sorted() == [200, 429], "\(replies.map(\.json))")
            #expect(replies.contains { $0.message.contains("报名人数已满") })
            let id = replies.first { $0.status == 200 }?["id"] as? Int ?? 0

            // Two reviewers decide at once: one decision stands, the other is refused.
            let decisions = try await withThrowingTaskGroup(of: HTTP.Reply.self) { group in
                group.addTask { try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: admin, json: ["approve": true]) }
                group.addTask {
                    try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: reviewer,
                                        json: ["approve": false, "rejectReasons": ["other"], "rejectComment": "重复"])
                }
                return try await group.reduce(into: [HTTP.Reply]()) { $0.append($1) }
            }
            #expect(decisions.filter { $0.status == 200 }.count == 1, "\(decisions.map(\.json))")
            #expect(decisions.contains { $0.code == "FAILED_PRECONDITION" })
            let actions = try await stack.enrollmentLog(targets: [Int64(id)])
            #expect(actions.filter { $0 == "enrollment.approve" || $0 == "enrollment.reject" }.count == 1)

            // Malformed input is a field-level 400, never a crash.
            let bad = try await http.send(.post, "/api/v1/enrollments", token: students[1].token, raw: #"{"form": {"employmentStatus": "EMPLOYED_MAYBE"}}"#)
            #expect(bad.status == 400)
            #expect(try await http.send(.get, "/api/v1/personnel?state=lost", token: admin).status == 400)
            #expect(try await http.send(.get, "/api/v1/enrollments/abc", token: admin).status == 400)
        }
    }

    @Test("EN-3: uploads no enrollment or profile uses are deleted after a day; used ones stay")
    func unusedUploads() async throws {
        let stack = try await Stack.shared.value
        let (unused, used, fresh) = try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let plan = try await http.createPlan(admin, posts: ["011"])
            let student = try await http.newStudent(stack)
            let form = try await http.form(student.token, plan: plan, post: "011")
            #expect(try await http.send(.post, "/api/v1/enrollments", token: student.token, json: ["form": form]).status == 200)
            let unused = try await http.send(.post, "/api/v1/files?kind=id_front", token: student.token, bytes: Self.png)["id"] as? Int ?? 0
            let fresh = try await http.send(.post, "/api/v1/files?kind=id_back", token: student.token, bytes: Self.png)["id"] as? Int ?? 0
            return (Int64(unused), Int64(form["idFrontFileId"] as? Int ?? 0), Int64(fresh))
        }
        // Two days pass for two of them (other tests' uploads are seconds old and stay).
        try await stack.enrollmentDatabase.transaction { tx in
            try tx.execute("UPDATE files SET created_at = now() - interval '2 days' WHERE id = ANY($1::bigint[])", [.intArray([unused, used])])
        }
        let job = PurgeJob(database: stack.enrollmentDatabase, logger: .init(label: "cleanup"))
        #expect(try await job.deleteUnusedUploads() >= 1)
        #expect(try await stack.fileIDs([unused, used, fresh]) == [used, fresh].sorted())
        #expect(try await stack.enrollmentLog(targets: [unused], type: "file") == ["file.upload", "file.expire"])
    }

    @Test("the identity directory answers internal services only, never the gateway's certificate")
    func directoryIsInternal() async throws {
        let stack = try await Stack.shared.value
        var request = Identity_V1_StudentRequest()
        request.userID = 1
        let asGateway = Identity_V1_IdentityDirectoryClient(try stack.client(as: "gateway", to: stack.server, hostname: "identity"))
        do {
            _ = try await asGateway.getStudent(request)
            Issue.record("the gateway read the directory")
        } catch let error as RPCError {
            #expect(error.code == .permissionDenied)
        }
        let asEnrollment = Identity_V1_IdentityDirectoryClient(try stack.client(as: "enrollment", to: stack.server, hostname: "identity"))
        let settings = try await asEnrollment.getProvinceSettings(Common_V1_Empty())
        #expect(settings.settings.contains { $0.key == "enrollment.plan_max_days" && $0.value == 31 })
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

extension HTTP {
    /// A fresh real-name-verified student, logged in: their token and user id. The account is
    /// written to identity's schema directly (registration through the API is GatewayIdentityTests'
    /// subject): registering a score of students through the API would meet the per-IP SMS cap.
    func newStudent(_ stack: Stack) async throws -> (token: String, id: Int64) {
        let number = GatewayIdentityTests.freshIDNumber()
        let id = try await stack.insertStudent(idNumber: number, phone: GatewayIdentityTests.freshPhone())
        return (try await login(number, password: Stack.studentPassword), id)
    }

    /// A new-certificate plan of the caller's institution, open now unless told otherwise.
    func createPlan(_ token: String, posts: [String], start: Int64? = nil, end: Int64? = nil) async throws -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        let reply = try await send(.post, "/api/v1/enrollment-plans", token: token, json: [
            "name": "2027年第一期施工员培训", "kind": "PLAN_KIND_NEW_CERTIFICATE", "posts": posts, "headcount": 50,
            "startUnix": start ?? now - 60, "endUnix": end ?? now + 10 * 86_400])
        guard reply.status == 200, let id = reply["id"] as? Int else { throw TestFailure("plan: \(reply.json)") }
        return Int64(id)
    }

    /// A complete form (seed 001 steps 1–9) with freshly uploaded scans unless `files` is false.
    func form(_ token: String, plan: Int64, post: String, files: Bool = true) async throws -> [String: Any] {
        var form: [String: Any] = [
            "commitmentNoticeAccepted": true, "employmentStatus": "EMPLOYMENT_STATUS_EMPLOYED", "employerDivisionCode": "3401",
            "employerName": "安徽建工集团<b>", "planId": plan, "post": post, "gender": "女", "education": "大专",
            "school": "安徽建筑大学", "major": "土木工程", "workHistory": "2018-2026 安徽建工集团 施工现场",
            "achievements": "合肥地铁某标段", "personalCommitment": "本人承诺所填信息真实有效。",
        ]
        guard files else { return form }
        for (kind, key) in [("id_front", "idFrontFileId"), ("id_back", "idBackFileId"), ("education", "educationFileId")] {
            let reply = try await send(.post, "/api/v1/files?kind=\(kind)", token: token, bytes: GatewayEnrollmentTests.png)
            guard reply.status == 200, let id = reply["id"] as? Int else { throw TestFailure("upload: \(reply.json)") }
            form[key] = id
        }
        return form
    }

    func enroll(_ token: String, plan: Int64, post: String) async throws -> Reply {
        try await send(.post, "/api/v1/enrollments", token: token, json: ["form": try await form(token, plan: plan, post: post)])
    }
}

extension Stack {
    /// The enrollment service's operation-log actions on these targets.
    func enrollmentLog(targets: [Int64], type: String = "enrollment") async throws -> [String] {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT action FROM operation_log WHERE target_type = $1 AND target_id = ANY($2::text[]) ORDER BY id",
                           [.text(type), .textArray(targets.map(String.init))]).map { try $0.decode("action") }
        }
    }

    func notifications(to user: Int64) async throws -> [String] {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT text FROM student_notifications WHERE user_id = $1 ORDER BY id", [.int(user)]).map { try $0.decode("text") }
        }
    }

    func fileCount(owner: Int64) async throws -> Int {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM files WHERE owner_user_id = $1", [.int(owner)]).first?.decode("n") ?? -1
        }
    }

    func enrollmentCount(student: Int64) async throws -> Int {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM enrollments WHERE student_user_id = $1", [.int(student)]).first?.decode("n") ?? -1
        }
    }

    /// Which of these files still exist.
    func fileIDs(_ ids: [Int64]) async throws -> [Int64] {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT id FROM files WHERE id = ANY($1::bigint[]) ORDER BY id", [.intArray(ids)]).map { try $0.decode("id") }
        }
    }

    /// Which of these plans still exist.
    func planIDs(_ ids: [Int64]) async throws -> [Int64] {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT id FROM plans WHERE id = ANY($1::bigint[]) ORDER BY id", [.intArray(ids)]).map { try $0.decode("id") }
        }
    }

    static let studentPassword = "Study2026x"
    /// One scrypt hash of `studentPassword`, shared by the students tests make.
    static let studentPasswordHash = PasswordHasher().hash(studentPassword)

    /// A verified student account in identity's schema, as registration would leave it.
    func insertStudent(idNumber: String, phone: String) async throws -> Int64 {
        let hash = Self.studentPasswordHash
        return try await database.transaction { tx in
            try tx.execute("""
                INSERT INTO users (kind, id_number, name, phone, phone_verified, password_hash, real_name_verified)
                VALUES ('student', $1, '赵敏', $2, true, $3, true) RETURNING id
                """, [.text(idNumber), .text(phone), .text(hash)])[0].decode("id")
        }
    }

    func setRealNameVerified(_ user: Int64, _ verified: Bool) async throws {
        try await database.transaction { tx in
            try tx.execute("UPDATE users SET real_name_verified = $2 WHERE id = $1", [.int(user), .bool(verified)])
        }
    }
}
