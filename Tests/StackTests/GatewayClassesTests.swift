import ClassesDomain
@testable import ClassesService
import Foundation
@testable import GatewayApp
import Imaging
import Logging
import OpenSSLCrypto
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage
import Testing

/// SPEC §3 through the gateway with real identity, enrollment and classes services: a closed
/// plan to a finished class with confirmed attendance and its eligible students (CL-1 … CL-6),
/// the anti-fraud review path (B-2), isolation between institutions, and the EN-2 mark.
@Suite(.serialized) struct GatewayClassesTests {
    /// The venue: 合肥 政务区 in GCJ-02 (as a Chinese map picker gives it), 300 m fence.
    static var venue: [String: Any] { ["name": "合肥培训基地一号教室", "address": "合肥市政务区潜山路100号",
                                       "latitude": 31.8206, "longitude": 117.2272, "radiusMeters": 300,
                                       "coordinateSystem": "COORDINATE_SYSTEM_GCJ02"] }

    @Test("CL-1…CL-6: closed plan → template → class → submitted (marked once) → approved by the city → attendance → confirmed → eligible → reported")
    func wholePath() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let setup = try await Self.closedPlan(http, stack, students: 2)
            let teachers = try await Self.teachers(http, admin)

            // CL-1: a template of 8 lessons of 8 学时 (the post's 64), days 0…7 from 08:00 to 17:00.
            let lessons: [[String: Any]] = (0..<8).map { day in
                ["content": day < 2 ? "安全生产知识\(day + 1)" : "施工员专业知识\(day - 1)", "teacherId": day < 2 ? teachers[day] : teachers[2],
                 "day": day, "startMinute": 480, "endMinute": 1020, "place": "一号教室", "hours": 8]
            }
            var reply = try await http.send(.post, "/api/v1/course-templates", token: admin,
                                            json: ["name": "施工员64学时", "post": "011", "lessons": lessons])
            #expect(reply.status == 200 && reply["hours"] as? Int == 64, "\(reply.json)")
            let template = reply["id"] as? Int ?? 0

            // CL-2: a class from the template, the course starting 8 days from now.
            let firstDay = Int64(Date().timeIntervalSince1970) + 8 * 86_400
            reply = try await http.send(.post, "/api/v1/classes", token: admin, json: [
                "planId": setup.plan, "post": "011", "name": "2027年第一期施工员班", "templateId": template,
                "firstDayUnix": firstDay, "venue": Self.venue])
            #expect(reply.status == 200 && reply["state"] as? String == "CLASS_STATE_DRAFT", "\(reply.json)")
            let classID = reply["id"] as? Int ?? 0
            #expect((reply["lessons"] as? [[String: Any]])?.count == 8 && reply["studentCount"] as? Int == 2)
            #expect(reply["requiredHours"] as? Int == 64 && reply["scheduledHours"] as? Int == 64)
            // The venue is stored in WGS-84: GCJ-02 moved by some hundreds of metres near Hefei.
            let stored = reply["venue"] as? [String: Any] ?? [:]
            let moved = Geo.distance(GeoPoint(latitude: 31.8206, longitude: 117.2272),
                                     GeoPoint(latitude: stored["latitude"] as? Double ?? 0, longitude: stored["longitude"] as? Double ?? 0))
            #expect(moved > 100 && moved < 1000, "GCJ-02 → WGS-84 moved \(moved) m")
            reply = try await http.send(.post, "/api/v1/classes", token: admin, json: [
                "planId": setup.plan, "post": "011", "name": "重复", "venue": Self.venue])
            #expect(reply.status == 409, "one class per plan and post")

            reply = try await http.send(.get, "/api/v1/classes?state=draft", token: admin)
            #expect((reply["classes"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == classID }, "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/classes", token: city)
            #expect((reply["classes"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == classID }, "the city sees its institutions' classes")

            // Another institution sees nothing and touches nothing; another city cannot review.
            let other = try await http.login("lajx_admin"), luan = try await http.login("luan_admin")
            #expect(try await http.send(.get, "/api/v1/classes/\(classID)", token: other).status == 404)
            #expect(!(try await http.send(.get, "/api/v1/classes", token: other)["classes"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == classID })
            #expect(try await http.send(.post, "/api/v1/classes/\(classID)/actions", token: other, json: ["action": "CLASS_ACTION_SUBMIT"]).status == 404)
            #expect(try await http.send(.get, "/api/v1/classes/\(classID)/students", token: other).status == 404)

            // CL-2: submitted; the plan is marked in enrollment once.
            reply = try await Self.act(http, admin, classID, "SUBMIT")
            #expect(reply["state"] as? String == "CLASS_STATE_SUBMITTED", "\(reply.json)")
            let plan = try await http.send(.get, "/api/v1/enrollment-plans/\(setup.plan)", token: admin)
            #expect((plan["classApplicationSubmittedUnix"] as? Int ?? 0) > 0, "\(plan.json)")
            #expect(try await stack.enrollmentLog(targets: [setup.plan], type: "plan").filter { $0 == "plan.class_application" }.count == 1)
            #expect(try await Self.act(http, admin, classID, "SUBMIT").code == "FAILED_PRECONDITION", "submitted once")

            // B-6: it waits at the city's stop; Lu'an's authority cannot decide it.
            reply = try await http.send(.get, "/api/v1/classes?awaitingMyReview=true", token: city)
            #expect((reply["classes"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == classID }, "\(reply.json)")
            #expect(try await Self.act(http, luan, classID, "APPROVE").status == 404)
            #expect(try await Self.act(http, city, classID, "REJECT").status == 400, "a rejection needs a reason")
            #expect(try await Self.act(http, admin, classID, "APPROVE").status == 403, "the institution cannot approve")
            reply = try await Self.act(http, city, classID, "APPROVE", "同意开班")
            #expect(reply["state"] as? String == "CLASS_STATE_APPROVED", "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/classes/\(classID)", token: admin)
            #expect((reply["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String } == ["submit", "approve"], "\(reply.json)")
            #expect(try await Self.act(http, admin, classID, "START")["state"] as? String == "CLASS_STATE_IN_TRAINING")

            // Training is "now": the lessons moved to around this moment (the 7-day rule was met at submission).
            let lessonIDs = try await stack.moveLessonsToNow(classID: Int64(classID))
            let secret = try await stack.classSecret(Int64(classID))
            let code = try await http.send(.get, "/api/v1/classes/\(classID)/lessons/\(lessonIDs[0])/venue-code", token: admin)
            #expect((code["code"] as? String ?? "").count == 8 && (code["svg"] as? String ?? "").hasPrefix("<svg"), "\(code.json)")
            #expect((code["signInUrl"] as? String ?? "").contains("/m/#/sign-in?class=\(classID)&lesson=\(lessonIDs[0])&code="))
            #expect(try await http.send(.get, "/api/v1/classes/\(classID)/lessons/\(lessonIDs[0])/venue-code", token: other).status == 404)

            let good = setup.students[0], cheat = setup.students[1]
            let inside = (latitude: stored["latitude"] as? Double ?? 0, longitude: stored["longitude"] as? Double ?? 0)
            let photos = [Self.photo(seed: 1), Self.photo(seed: 2)]
            for (index, lesson) in lessonIDs.enumerated() {
                let current = Self.venueCode(secret, classID, lesson, at: Int64(Date().timeIntervalSince1970))
                var answer = try await Self.sign(http, good.token, classID, lesson, "sign-in", code: current, at: inside,
                                                 photo: index == 0 ? photos[0] : Self.photo(seed: 100 + index), device: "device-good")
                #expect(answer["record"].flatMap { ($0 as? [String: Any])?["state"] as? String } == "SIGN_IN_STATE_ACCEPTED", "\(answer.json)")
                answer = try await Self.sign(http, good.token, classID, lesson, "sign-out", code: current, at: inside, device: "device-good")
                #expect(((answer["record"] as? [String: Any])?["credited"] as? Bool) == true, "\(answer.json)")

                // The second student: an old code, outside the fence, and the first student's photo.
                let old = Self.venueCode(secret, classID, lesson, at: Int64(Date().timeIntervalSince1970) - 90)
                let far = (latitude: inside.latitude + 0.01, longitude: inside.longitude)   // ~1.1 km north
                answer = try await Self.sign(http, cheat.token, classID, lesson, "sign-in", code: index == 0 ? old : current,
                                             at: index == 1 ? far : inside, photo: index == 2 ? photos[0] : Self.photo(seed: 200 + index),
                                             device: "device-cheat")
                let record = answer["record"] as? [String: Any] ?? [:]
                let flags = record["flags"] as? [String] ?? []
                switch index {
                case 0: #expect(flags == ["stale_code"] && record["state"] as? String == "SIGN_IN_STATE_PENDING", "\(answer.json)")
                case 1: #expect(flags.contains("outside_fence") && record["state"] as? String == "SIGN_IN_STATE_PENDING", "\(answer.json)")
                // Back inside the fence a second after signing in 1.1 km away: impossible travel too.
                case 2: #expect(flags == ["photo_reused", "impossible_travel"] && record["state"] as? String == "SIGN_IN_STATE_PENDING", "\(answer.json)")
                default: #expect(flags.isEmpty && record["state"] as? String == "SIGN_IN_STATE_ACCEPTED", "\(answer.json)")
                }
                answer = try await Self.sign(http, cheat.token, classID, lesson, "sign-out", code: current, at: inside, device: "device-cheat")
                #expect(answer.status == 200, "\(answer.json)")
            }
            // Pending sign-ins credit nothing until accepted.
            var roster = try await Self.roster(http, admin, classID)
            #expect(roster[good.id]?["creditedHours"] as? Int == 64 && roster[good.id]?["eligible"] as? Bool == true, "\(roster)")
            #expect(roster[cheat.id]?["creditedHours"] as? Int == 40, "\(roster)")

            reply = try await http.send(.get, "/api/v1/sign-in-reviews?classId=\(classID)", token: admin)
            let queue = reply["records"] as? [[String: Any]] ?? []
            #expect(queue.count == 3 && queue.allSatisfy { $0["studentUserId"] as? Int == Int(cheat.id) }, "\(reply.json)")
            let othersQueue = try await http.send(.get, "/api/v1/sign-in-reviews?classId=\(classID)", token: other)["records"] as? [[String: Any]]
            #expect(othersQueue?.isEmpty ?? true, "another institution's queue has none of it")
            #expect(try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[0]["id"] as? Int ?? 0)", token: other,
                                        json: ["accept": true, "reason": "现场核实"]).status == 404)
            #expect(try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[0]["id"] as? Int ?? 0)", token: admin,
                                        json: ["accept": true]).status == 400, "a review needs a reason")
            reply = try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[0]["id"] as? Int ?? 0)", token: admin,
                                        json: ["accept": true, "reason": "现场核实，二维码刷新延迟"])
            #expect(reply["state"] as? String == "SIGN_IN_STATE_ACCEPTED" && reply["credited"] as? Bool == true, "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[1]["id"] as? Int ?? 0)", token: city,
                                        json: ["accept": true, "reason": "学员在停车场签到，已到课"])
            #expect(reply["state"] as? String == "SIGN_IN_STATE_ACCEPTED", "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[2]["id"] as? Int ?? 0)", token: admin,
                                        json: ["accept": false, "reason": "照片为他人"])
            #expect(reply["state"] as? String == "SIGN_IN_STATE_REJECTED" && reply["credited"] as? Bool == false)
            roster = try await Self.roster(http, admin, classID)
            #expect(roster[cheat.id]?["creditedHours"] as? Int == 56 && roster[cheat.id]?["eligible"] as? Bool == false, "\(roster)")

            // EN-5: the institution's enrollment rows and the personnel detail carry the training.
            reply = try await http.send(.get, "/api/v1/enrollments?planId=\(setup.plan)&state=approved", token: admin)
            let rows = reply["enrollments"] as? [[String: Any]] ?? []
            let goodRow = rows.first { $0["studentUserId"] as? Int == Int(good.id) }
            let training = goodRow?["training"] as? [String: Any] ?? [:]
            #expect(training["hoursCompleted"] as? Int == 64 && training["hoursRequired"] as? Int == 64
                    && training["lessonsAttended"] as? Int == 8 && training["className"] as? String == "2027年第一期施工员班", "\(reply.json)")
            let detail = try await http.send(.get, "/api/v1/enrollments/\(goodRow?["id"] as? Int ?? 0)", token: admin)
            #expect((detail["training"] as? [String: Any])?["lessonsTotal"] as? Int == 8, "\(detail.json)")

            // CL-5: the institution sees each lesson; a correction needs a reason and is logged.
            reply = try await http.send(.get, "/api/v1/classes/\(classID)/lessons/\(lessonIDs[2])/attendance", token: admin)
            #expect(reply["signedIn"] as? Int == 2 && reply["signedOut"] as? Int == 2 && reply["pending"] as? Int == 0, "\(reply.json)")
            #expect(try await http.send(.post, "/api/v1/classes/\(classID)/lessons/\(lessonIDs[2])/corrections", token: admin,
                                        json: ["studentUserId": cheat.id, "signInUnix": 1, "signOutUnix": 2]).status == 400)

            // Finish (every lesson over), confirm attendance, and the eligible list.
            #expect(try await Self.act(http, admin, classID, "CONFIRM_ATTENDANCE").code == "FAILED_PRECONDITION", "not finished")
            #expect(try await Self.act(http, admin, classID, "FINISH").code == "FAILED_PRECONDITION", "lessons not over")
            try await stack.moveLessonsToPast(classID: Int64(classID))
            #expect(try await Self.act(http, admin, classID, "FINISH")["state"] as? String == "CLASS_STATE_FINISHED")
            #expect(try await Self.act(http, city, classID, "MARK_REPORTED").status == 403, "the province marks")
            #expect(try await Self.act(http, admin, classID, "CONFIRM_ATTENDANCE")["attendanceConfirmedUnix"] as? Int ?? 0 > 0)
            #expect(try await http.send(.post, "/api/v1/sign-in-reviews/\(queue[2]["id"] as? Int ?? 0)", token: admin,
                                        json: ["accept": true, "reason": "改判"]).code == "FAILED_PRECONDITION", "frozen")
            let directory = Classes_V1_ClassesDirectoryClient(try stack.client(as: "assessment", to: stack.classesServer, hostname: "classes"))
            var request = Classes_V1_EligibleStudentsRequest()
            request.classID = Int64(classID)
            let eligible = try await directory.listEligibleStudents(request)
            #expect(eligible.attendanceConfirmed && eligible.students.map(\.studentUserID) == [good.id])
            let asGateway = Classes_V1_ClassesDirectoryClient(try stack.client(as: "gateway", to: stack.classesServer, hostname: "classes"))
            await #expect(throws: RPCError.self) { _ = try await asGateway.countAssessors(Classes_V1_AssessorCountRequest()) }

            let province = try await http.login("sheng_admin")
            reply = try await Self.act(http, province, classID, "MARK_REPORTED")
            #expect(reply["reportedUnix"] as? Int ?? 0 > 0, "\(reply.json)")
            roster = try await Self.roster(http, province, classID)
            #expect(roster[good.id]?["reported"] as? Bool == true && roster[cheat.id]?["reported"] as? Bool == false)

            // The student's own pages.
            reply = try await http.send(.get, "/api/v1/my-classes", token: good.token)
            let mine = (reply["classes"] as? [[String: Any]])?.first { ($0["class"] as? [String: Any])?["id"] as? Int == classID }
            #expect(mine?["creditedHours"] as? Int == 64 && mine?["eligible"] as? Bool == true, "\(reply.json)")
            let myLessons = try await http.send(.get, "/api/v1/my-lessons?classId=\(classID)", token: good.token)["lessons"] as? [[String: Any]]
            #expect(myLessons?.count == 8)
        }
    }

    @Test("CL-2: a failed mark leaves the class unsubmitted; a lost answer retried marks enrollment once")
    func markExactlyOnce() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let setup = try await Self.closedPlan(http, stack, students: 1)
            let classID = try await Self.readyClass(http, admin, plan: setup.plan)
            stack.enrollmentPlans.inject(.beforeMark, planID: setup.plan)
            var reply = try await Self.act(http, admin, classID, "SUBMIT")
            #expect(reply.status == 503, "\(reply.json)")
            #expect(try await http.send(.get, "/api/v1/classes/\(classID)", token: admin)["state"] as? String == "CLASS_STATE_DRAFT")
            #expect(try await stack.enrollmentLog(targets: [setup.plan], type: "plan").filter { $0 == "plan.class_application" }.isEmpty)

            stack.enrollmentPlans.inject(.afterMark, planID: setup.plan)
            reply = try await Self.act(http, admin, classID, "SUBMIT")
            #expect(reply.status == 503, "\(reply.json)")
            #expect(try await http.send(.get, "/api/v1/classes/\(classID)", token: admin)["state"] as? String == "CLASS_STATE_DRAFT")
            let first = try await http.send(.get, "/api/v1/enrollment-plans/\(setup.plan)", token: admin)["classApplicationSubmittedUnix"] as? Int ?? 0
            #expect(first > 0)
            try await Task.sleep(for: .seconds(1.1))
            reply = try await Self.act(http, admin, classID, "SUBMIT")
            #expect(reply["state"] as? String == "CLASS_STATE_SUBMITTED", "\(reply.json)")
            let again = try await http.send(.get, "/api/v1/enrollment-plans/\(setup.plan)", token: admin)["classApplicationSubmittedUnix"] as? Int ?? 0
            #expect(again == first, "the first mark's time is kept")
            #expect(try await stack.enrollmentLog(targets: [setup.plan], type: "plan").filter { $0 == "plan.class_application" }.count == 1)

            // B-6: a review past its due date gets one reminder on its timeline.
            let flow = ClassStatus.flow(reviewDays: 5), now = Int64(Date().timeIntervalSince1970)
            let early = try await stack.classesDatabase.transaction { tx in try Approvals.remindOverdue(flow, now: now, tx) }
            #expect(!early.contains(Int64(classID)), "not due yet")
            let reminded = try await stack.classesDatabase.transaction { tx in try Approvals.remindOverdue(flow, now: now + 6 * 86_400, tx) }
            #expect(reminded.contains(Int64(classID)))
            let later = try await stack.classesDatabase.transaction { tx in try Approvals.remindOverdue(flow, now: now + 7 * 86_400, tx) }
            #expect(!later.contains(Int64(classID)), "reminded once")
            let timeline = try await http.send(.get, "/api/v1/classes/\(classID)", token: admin)["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.compactMap { $0["action"] as? String } == ["submit", "remind"], "\(timeline)")
        }
    }

    @Test("CL-5: two concurrent sign-ins by one student from two devices leave one record")
    func concurrentSignIns() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let setup = try await Self.closedPlan(http, stack, students: 1)
            let classID = try await Self.readyClass(http, admin, plan: setup.plan)
            #expect(try await Self.act(http, admin, classID, "SUBMIT")["state"] as? String == "CLASS_STATE_SUBMITTED")
            #expect(try await Self.act(http, city, classID, "APPROVE", "同意")["state"] as? String == "CLASS_STATE_APPROVED")
            let lessons = try await stack.moveLessonsToNow(classID: Int64(classID))
            let secret = try await stack.classSecret(Int64(classID))
            let venue = try await http.send(.get, "/api/v1/classes/\(classID)", token: admin)["venue"] as? [String: Any] ?? [:]
            let at = (latitude: venue["latitude"] as? Double ?? 0, longitude: venue["longitude"] as? Double ?? 0)
            let student = setup.students[0]
            let code = Self.venueCode(secret, classID, lessons[0], at: Int64(Date().timeIntervalSince1970))
            async let one = Self.sign(http, student.token, classID, lessons[0], "sign-in", code: code, at: at, photo: Self.photo(seed: 7), device: "phone-a")
            async let two = Self.sign(http, student.token, classID, lessons[0], "sign-in", code: code, at: at, photo: Self.photo(seed: 8), device: "phone-b")
            let (a, b) = try await (one, two)
            #expect(a.status == 200 && b.status == 200, "\(a.json) \(b.json)")
            let ids = [a, b].compactMap { ($0["record"] as? [String: Any])?["id"] as? Int }
            #expect(ids.count == 2 && ids[0] == ids[1], "one record answered to both")
            #expect(try await stack.attendanceCount(lessonID: lessons[0], student: student.id) == 1)
        }
    }

    @Test("B-5: a lesson moved after approval tells the class's students in their inbox, once however often delivered")
    func scheduleChange() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let setup = try await Self.closedPlan(http, stack, students: 1)
            let classID = try await Self.readyClass(http, admin, plan: setup.plan)
            #expect(try await Self.act(http, admin, classID, "SUBMIT")["state"] as? String == "CLASS_STATE_SUBMITTED")
            #expect(try await Self.act(http, city, classID, "APPROVE", "同意")["state"] as? String == "CLASS_STATE_APPROVED")
            var item = try await http.send(.get, "/api/v1/classes/\(classID)", token: admin).json
            var lessons = item["lessons"] as? [[String: Any]] ?? []
            lessons[0]["startUnix"] = (lessons[0]["startUnix"] as? Int ?? 0) + 3600
            lessons[0]["endUnix"] = (lessons[0]["endUnix"] as? Int ?? 0) + 3600
            lessons[0]["place"] = "二号教室"
            var reply = try await http.send(.put, "/api/v1/classes/\(classID)", token: admin,
                                            json: ["name": item["name"] ?? "", "venue": Self.venue, "lessons": lessons])
            #expect(reply.status == 200, "\(reply.json)")
            item = reply.json
            #expect((item["lessons"] as? [[String: Any]])?.first?["place"] as? String == "二号教室")

            let job = NotificationDeliveryJob(database: stack.classesDatabase, enrollment: stack.enrollmentPlans, logger: Logger(label: "delivery-test"))
            while try await job.deliverBatch() > 0 {}
            reply = try await http.send(.get, "/api/v1/me/notifications", token: setup.students[0].token)
            let texts = (reply["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(texts.filter { $0.contains("调整为") && $0.contains("二号教室") }.count == 1, "\(reply.json)")
            // Delivered again (an answer lost before the mark): nothing doubles.
            let again = try await stack.classesDatabase.transaction { tx in
                try tx.execute("UPDATE student_notifications SET delivered_at = NULL WHERE user_id = $1 RETURNING id", [.int(setup.students[0].id)]).count
            }
            #expect(again == 1)
            while try await job.deliverBatch() > 0 {}
            reply = try await http.send(.get, "/api/v1/me/notifications", token: setup.students[0].token)
            #expect((reply["notifications"] as? [[String: Any]] ?? []).filter { ($0["text"] as? String ?? "").contains("二号教室") }.count == 1)
        }
    }

    // MARK: Setting up

    /// A plan of 合肥建筑培训 for post 011 with `students` approved enrollments, closed early.
    static func closedPlan(_ http: HTTP, _ stack: Stack, students count: Int) async throws -> (plan: Int64, students: [(token: String, id: Int64)]) {
        let admin = try await http.login("hfjx_admin"), reviewer = try await http.login("hfjx_reviewer")
        let plan = try await http.createPlan(admin, posts: ["011"])
        var students: [(token: String, id: Int64)] = []
        for _ in 0..<count {
            let student = try await http.newStudent(stack)
            let reply = try await http.enroll(student.token, plan: plan, post: "011")
            guard let id = reply["id"] as? Int else { throw TestFailure("enroll: \(reply.json)") }
            let review = try await http.send(.post, "/api/v1/enrollments/\(id)/review", token: reviewer, json: ["approve": true])
            guard review.status == 200 else { throw TestFailure("review: \(review.json)") }
            students.append(student)
        }
        let closed = try await http.send(.post, "/api/v1/enrollment-plans/\(plan)/actions", token: admin, json: ["action": "PLAN_ACTION_CLOSE"])
        guard closed.status == 200 else { throw TestFailure("close: \(closed.json)") }
        return (plan, students)
    }

    /// Two safety teachers and a theory teacher of post 011 of the caller's institution.
    static func teachers(_ http: HTTP, _ token: String) async throws -> [Int] {
        var ids: [Int] = []
        for (index, role) in ["TEACHER_ROLE_SAFETY", "TEACHER_ROLE_SAFETY", "TEACHER_ROLE_THEORY"].enumerated() {
            let reply = try await http.send(.post, "/api/v1/teachers", token: token, json: [
                "name": ["王建国", "李安全", "张理论"][index], "idNumber": GatewayIdentityTests.freshIDNumber(), "role": role,
                "qualification": "安全培训教师证", "specialty": "011", "phone": GatewayIdentityTests.freshPhone()])
            guard let id = reply["id"] as? Int else { throw TestFailure("teacher: \(reply.json)") }
            ids.append(id)
        }
        return ids
    }

    /// A draft class of the plan that meets every submission rule.
    static func readyClass(_ http: HTTP, _ token: String, plan: Int64) async throws -> Int {
        let teachers = try await teachers(http, token)
        let first = ShanghaiDay.start(Int64(Date().timeIntervalSince1970) + 8 * 86_400)
        let lessons: [[String: Any]] = (0..<8).map { day in
            ["content": "第\(day + 1)讲", "teacherId": teachers[min(day, 2)], "startUnix": first + Int64(day) * 86_400 + 8 * 3600,
             "endUnix": first + Int64(day) * 86_400 + 17 * 3600, "place": "一号教室", "hours": 8]
        }
        var reply = try await http.send(.post, "/api/v1/classes", token: token, json: [
            "planId": plan, "post": "011", "name": "测试班", "venue": venue])
        guard let id = reply["id"] as? Int else { throw TestFailure("class: \(reply.json)") }
        reply = try await http.send(.put, "/api/v1/classes/\(id)", token: token, json: ["name": "测试班", "venue": venue, "lessons": lessons])
        guard reply.status == 200 else { throw TestFailure("schedule: \(reply.json)") }
        return id
    }

    static func act(_ http: HTTP, _ token: String, _ classID: Int, _ action: String, _ comment: String = "") async throws -> HTTP.Reply {
        try await http.send(.post, "/api/v1/classes/\(classID)/actions", token: token, json: ["action": "CLASS_ACTION_\(action)", "comment": comment])
    }

    static func sign(_ http: HTTP, _ token: String, _ classID: Int, _ lesson: Int64, _ kind: String, code: String,
                     at position: (latitude: Double, longitude: Double), photo: [UInt8]? = nil, device: String) async throws -> HTTP.Reply {
        var body: [String: Any] = ["venueCode": code, "latitude": position.latitude, "longitude": position.longitude,
                                   "coordinateSystem": "COORDINATE_SYSTEM_WGS84", "hasLocation": true, "deviceId": device]
        if let photo { body["photo"] = Data(photo).base64EncodedString() }
        return try await http.send(.post, "/api/v1/classes/\(classID)/lessons/\(lesson)/\(kind)", token: token, json: body)
    }

    static func roster(_ http: HTTP, _ token: String, _ classID: Int) async throws -> [Int64: [String: Any]] {
        let reply = try await http.send(.get, "/api/v1/classes/\(classID)/students", token: token)
        return Dictionary(uniqueKeysWithValues: (reply["students"] as? [[String: Any]] ?? []).map { (Int64($0["studentUserId"] as? Int ?? 0), $0) })
    }

    static func venueCode(_ secret: [UInt8], _ classID: Int, _ lesson: Int64, at unix: Int64) -> String {
        VenueCode(secret: secret, classID: Int64(classID), lessonID: lesson) { Crypto.hmacSHA256(key: $0, message: $1) }.code(at: unix)
    }

    /// A photo-like JPEG: a low-frequency pattern and blocks, both from the seed, so different
    /// seeds give pictures whose perceptual hashes differ in many bits.
    static func photo(seed: Int) -> [UInt8] {
        var generator = SplitMix(seed: UInt64(seed))
        let width = 160, height = 200
        let fx = Double(generator.next() % 6 + 1) * 0.02, fy = Double(generator.next() % 6 + 1) * 0.02
        let px = Double(generator.next() % 628) / 100, py = Double(generator.next() % 628) / 100
        let blocks = (0..<6).map { _ in (Int(generator.next() % 160), Int(generator.next() % 200), Int(generator.next() % 40) + 15, UInt8(generator.next() % 256)) }
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var value = 128 + 100 * sin(Double(x) * fx + px) * cos(Double(y) * fy + py)
                for (bx, by, size, shade) in blocks where abs(x - bx) < size && abs(y - by) < size { value = Double(shade) }
                pixels[y * width + x] = UInt8(max(0, min(255, value)))
            }
        }
        return JPEG.encode(pixels, width: width, height: height, components: 1, quality: 85)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum ShanghaiDay {
    static func start(_ unix: Int64) -> Int64 { (unix + 8 * 3600) / 86_400 * 86_400 - 8 * 3600 }
}

extension Stack {
    /// Moves a class's lessons to around now (sign-in and sign-out windows both open), keeping
    /// their order: training "happens" in the test. Returns the lesson ids by start.
    func moveLessonsToNow(classID: Int64) async throws -> [Int64] {
        try await classesDatabase.transaction { tx in
            try tx.execute("""
                UPDATE lessons l SET start_at = now() - interval '60 seconds' + (o.n * interval '1 second'),
                                     end_at = now() + interval '60 seconds' + (o.n * interval '1 second')
                FROM (SELECT id, row_number() OVER (ORDER BY start_at, id) AS n FROM lessons WHERE class_id = $1) o
                WHERE l.id = o.id RETURNING l.id, o.n
                """, [.int(classID)]).map { (try $0.decode("n", as: Int64.self), try $0.decode("id", as: Int64.self)) }
                .sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Moves a class's lessons a day back: every lesson is over.
    func moveLessonsToPast(classID: Int64) async throws {
        try await classesDatabase.transaction { tx in
            try tx.execute("UPDATE lessons SET start_at = start_at - interval '1 day', end_at = end_at - interval '1 day' WHERE class_id = $1",
                           [.int(classID)])
        }
    }

    func classSecret(_ classID: Int64) async throws -> [UInt8] {
        try await classesDatabase.transaction { tx in try tx.execute("SELECT secret FROM classes WHERE id = $1", [.int(classID)])[0].bytes("secret") }
    }

    func attendanceCount(lessonID: Int64, student: Int64) async throws -> Int {
        try await classesDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM attendance WHERE lesson_id = $1 AND student_user_id = $2",
                           [.int(lessonID), .int(student)])[0].decode("n")
        }
    }
}
