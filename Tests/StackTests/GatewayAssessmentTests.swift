import Foundation
@testable import GatewayApp
import Proto
import ServiceHost
import Storage
import Testing

/// SPEC §4 through the gateway with real identity, enrollment, classes and assessment services:
/// a finished class to a test plan with its two-step review (AS-1), tickets and the printing data
/// (AS-2), the template, import and entry of scores with their review and re-report (AS-3), the
/// progress words in enrollment (AS-4, EN-5), isolation between institutions and cities, a
/// 5,000-row import whose one bad row changes nothing, and exam discipline.
@Suite(.serialized) struct GatewayAssessmentTests {
    @Test("AS-1…AS-4: finished class → plan → withdraw → resubmit → accept → reject → resubmit → approve → tickets → import → re-report → approved")
    func wholePath() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), province = try await http.login("sheng_admin")
            let city = try await http.login("hefei_admin"), other = try await http.login("lajx_admin")
            let finished = try await Self.finishedClass(http, stack, students: 3)
            let (pass, fail, absent) = (finished.students[0], finished.students[1], finished.students[2])

            // AS-1: a draft with the class's eligible students as candidates.
            let start = Int64(Date().timeIntervalSince1970) + 10 * 86_400
            var reply = try await http.send(.post, "/api/v1/test-plans", token: admin, json: [
                "classId": finished.classID, "name": "2027年第一期施工员考核", "examStartUnix": start, "examEndUnix": start + 7200,
                "place": "合肥市政务区潜山路100号 考场一"])
            #expect(reply.status == 200 && reply["state"] as? String == "TEST_PLAN_STATE_DRAFT" && reply["candidateCount"] as? Int == 3,
                    "\(reply.json)")
            #expect(reply["passTheory"] as? Int == 60 && reply["passPractice"] as? Int == 60, "the default pass rule")
            let planID = reply["id"] as? Int ?? 0
            #expect(try await http.send(.post, "/api/v1/test-plans", token: admin, json: [
                "classId": finished.classID, "name": "无时间", "place": "考场"]).status == 400, "an exam needs its time")
            #expect(try await http.send(.post, "/api/v1/test-plans", token: other, json: [
                "classId": finished.classID, "name": "别人的班", "examStartUnix": start, "examEndUnix": start + 7200,
                "place": "六安"]).status == 404, "another institution's class")

            // Isolation: another institution and another city see nothing and touch nothing.
            let luan = try await http.login("luan_admin")
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)", token: other).status == 404)
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)", token: luan).status == 404)
            #expect(!(try await http.send(.get, "/api/v1/test-plans", token: other)["testPlans"] as? [[String: Any]] ?? [])
                .contains { $0["id"] as? Int == planID })
            #expect(try await Self.act(http, other, planID, "SUBMIT").status == 404)
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates", token: other).status == 404)
            #expect(try await http.send(.get, "/api/v1/test-plans", token: city)["testPlans"].map { ($0 as? [[String: Any]] ?? []).contains { $0["id"] as? Int == planID } } == true,
                    "the city sees its institutions' plans")

            // CL-4: at least 8 assessors of the post, counted through classes.
            if try await stack.assessors(orgCode: "3401T001", post: "011") < 8 {
                reply = try await Self.act(http, admin, planID, "SUBMIT")
                #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("考评员"), "\(reply.json)")
                try await Self.assessors(http, admin, atLeast: 8, stack)
            }
            reply = try await Self.act(http, admin, planID, "SUBMIT")
            #expect(reply["state"] as? String == "TEST_PLAN_STATE_SUBMITTED" && reply["assessors"] as? Int ?? 0 >= 8, "\(reply.json)")
            #expect(try await Self.act(http, admin, planID, "SUBMIT").code == "FAILED_PRECONDITION", "submitted once")

            // Withdrawn before acceptance, then submitted again.
            #expect(try await Self.act(http, admin, planID, "WITHDRAW")["state"] as? String == "TEST_PLAN_STATE_DRAFT")
            #expect(try await Self.act(http, admin, planID, "SUBMIT")["state"] as? String == "TEST_PLAN_STATE_SUBMITTED")

            // It waits at the province's stop (the default): the city and the institution cannot decide it.
            reply = try await http.send(.get, "/api/v1/test-plans?awaitingMyReview=true", token: province)
            #expect((reply["testPlans"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == planID }, "\(reply.json)")
            #expect(try await Self.act(http, city, planID, "ACCEPT").status >= 400, "not at the city's stop")
            #expect(try await Self.act(http, admin, planID, "ACCEPT").status == 403, "the institution cannot accept")
            #expect(try await Self.act(http, province, planID, "APPROVE").code == "FAILED_PRECONDITION", "accept first")
            #expect(try await Self.act(http, province, planID, "ACCEPT")["state"] as? String == "TEST_PLAN_STATE_ACCEPTED")
            #expect(try await Self.act(http, admin, planID, "WITHDRAW").code == "FAILED_PRECONDITION", "accepted: no withdrawal")
            #expect(try await Self.act(http, province, planID, "REJECT").status == 400, "a rejection needs a reason")
            reply = try await Self.act(http, province, planID, "REJECT", "考场地址不详，请补充考场门牌")
            #expect(reply["state"] as? String == "TEST_PLAN_STATE_REJECTED" && reply["reviewComment"] as? String == "考场地址不详，请补充考场门牌")

            // Resubmitted after correcting; accepted and approved: the tickets are numbered.
            reply = try await http.send(.put, "/api/v1/test-plans/\(planID)", token: admin, json: [
                "name": "2027年第一期施工员考核", "examStartUnix": start, "examEndUnix": start + 7200, "place": "合肥市政务区潜山路100号 三楼 考场一"])
            #expect(reply.status == 200, "\(reply.json)")
            #expect(try await Self.act(http, admin, planID, "SUBMIT")["state"] as? String == "TEST_PLAN_STATE_SUBMITTED")
            #expect(try await Self.act(http, province, planID, "ACCEPT")["state"] as? String == "TEST_PLAN_STATE_ACCEPTED")
            reply = try await Self.act(http, province, planID, "APPROVE", "同意")
            #expect(reply["state"] as? String == "TEST_PLAN_STATE_APPROVED", "\(reply.json)")
            #expect(try await http.send(.put, "/api/v1/test-plans/\(planID)", token: admin, json: [
                "name": "改名", "examStartUnix": start, "examEndUnix": start + 7200, "place": "别处"]).code == "FAILED_PRECONDITION")
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)", token: admin)
            #expect((reply["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                    == ["submit", "withdraw", "submit", "accept", "reject", "submit", "accept", "approve"], "\(reply.json)")

            // AS-2: the printing data carries full ID numbers and the tickets; lists mask them.
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates?forPrint=true", token: admin)
            let printed = reply["candidates"] as? [[String: Any]] ?? []
            let year = String(Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!,
                                                                                from: Date(timeIntervalSince1970: TimeInterval(start))).year! % 100)
            #expect(printed.count == 3 && printed.allSatisfy { ($0["ticketNumber"] as? String ?? "").count == 15 }, "\(reply.json)")
            #expect(printed.allSatisfy { ($0["ticketNumber"] as? String ?? "").hasPrefix(year + "3401") }, "YY + city")
            #expect(printed.allSatisfy { ($0["idNumber"] as? String ?? "").count == 18 && !($0["idNumber"] as? String ?? "").contains("*") })
            #expect(Set(printed.compactMap { $0["seat"] as? Int }) == [1, 2, 3])
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates", token: admin)
            #expect((reply["candidates"] as? [[String: Any]] ?? []).allSatisfy { ($0["idNumber"] as? String ?? "").contains("*") })
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates?forPrint=true", token: other).status == 404)
            let tickets = Dictionary(uniqueKeysWithValues: printed.map { (Int64($0["studentUserId"] as? Int ?? 0), $0["ticketNumber"] as? String ?? "") })

            // The student sees the ticket on /m/; no results before the scores are approved.
            reply = try await http.send(.get, "/api/v1/me/assessments", token: pass.token)
            var mine = (reply["assessments"] as? [[String: Any]] ?? []).first { ($0["testPlan"] as? [String: Any])?["id"] as? Int == planID }
            #expect((mine?["candidate"] as? [String: Any])?["ticketNumber"] as? String == tickets[pass.id], "\(reply.json)")
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)", token: pass.token).status == 403)

            // EN-5 and AS-4: enrollment's detail carries the test and the progress words.
            let enrollmentID = try await stack.enrollmentID(student: pass.id, plan: finished.plan)
            reply = try await http.send(.get, "/api/v1/enrollments/\(enrollmentID)", token: admin)
            #expect((reply["assessment"] as? [String: Any])?["ticketNumber"] as? String == tickets[pass.id], "\(reply.json)")
            #expect(reply["progress"] as? [String: String] == ["plan": "培训结束", "testPlan": "已审核", "scores": "未上报", "certificate": "未生成"],
                    "\(reply.json)")
            reply = try await http.send(.get, "/api/v1/enrollments/\(enrollmentID)", token: pass.token)
            #expect((reply["progress"] as? [String: String])?["testPlan"] == "已审核", "the student's own enrollment too")

            // AS-3: the template in both formats.
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/score-template?format=csv", token: admin)
            let template = String(decoding: reply.data, as: UTF8.self)
            #expect(reply.status == 200 && (reply.headers[.contentDisposition] ?? "").hasPrefix("attachment;"), "\(reply.headers)")
            #expect(template.contains("准考证号") && tickets.values.allSatisfy { template.contains($0) }, "\(template)")
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/score-template?format=xlsx", token: admin)
            #expect(reply.status == 200 && Array(reply.data.prefix(4)) == [0x50, 0x4B, 0x03, 0x04], "an XLSX (zip) file")
            #expect(try await http.send(.get, "/api/v1/test-plans/\(planID)/score-template?format=csv", token: other).status == 404)

            // Reporting needs every candidate entered.
            #expect(try await Self.scores(http, admin, planID, "REPORT").code == "FAILED_PRECONDITION")

            // Bad rows: each named, nothing saved.
            let header = "准考证号,姓名,身份证号,理论成绩,实操成绩,考试情况\n"
            let person = Dictionary(uniqueKeysWithValues: printed.map {
                (Int64($0["studentUserId"] as? Int ?? 0), "\($0["ticketNumber"] as? String ?? ""),\($0["name"] as? String ?? ""),\($0["idNumber"] as? String ?? "")") })
            let bad = header + "\(person[pass.id]!),85,90,\n\(person[fail.id]!),101,70,\n999999999999999,某某,\(GatewayIdentityTests.freshIDNumber()),60,60,\n"
            reply = try await Self.upload(http, admin, planID, "成绩.csv", Array(bad.utf8), commit: true)
            let errors = reply["errors"] as? [[String: Any]] ?? []
            #expect(reply["committed"] as? Bool != true && errors.count == 2, "\(reply.json)")
            #expect(errors.contains { $0["row"] as? Int == 3 && $0["column"] as? String == "理论成绩" }, "\(reply.json)")
            #expect(errors.contains { $0["row"] as? Int == 4 }, "an unknown ticket")
            #expect(try await stack.enteredScores(planID: Int64(planID)) == 0, "nothing half-imported")

            // A good file: preview first (nothing saved), then commit. The absent candidate has no score.
            let good = header + "\(person[pass.id]!),85,90,\n\(person[fail.id]!),50,70,\n\(person[absent.id]!),,,缺考\n"
            reply = try await Self.upload(http, admin, planID, "成绩.csv", Array(good.utf8), commit: false)
            #expect(reply["committed"] as? Bool != true && reply["passed"] as? Int == 1 && reply["failed"] as? Int == 1 && reply["absent"] as? Int == 1,
                    "\(reply.json)")
            #expect((reply["preview"] as? [[String: Any]])?.count == 3)
            #expect(try await stack.enteredScores(planID: Int64(planID)) == 0, "a preview saves nothing")
            reply = try await Self.upload(http, admin, planID, "成绩.csv", Array(good.utf8), commit: true)
            #expect(reply["committed"] as? Bool == true, "\(reply.json)")
            #expect(try await stack.enteredScores(planID: Int64(planID)) == 3)
            #expect(try await Self.upload(http, other, planID, "成绩.csv", Array(good.utf8), commit: true).status == 404)
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates?result=absent", token: admin)
            let absentRow = (reply["candidates"] as? [[String: Any]])?.first
            #expect(absentRow?["studentUserId"] as? Int == Int(absent.id) && absentRow?["sitting"] as? String == "SITTING_ABSENT", "\(reply.json)")
            #expect(try await stack.absentWithoutScores(planID: Int64(planID)) == 1, "absent is not 0: no score is stored")

            // Reported; not approved with a reason; corrected one by one; reported again; approved.
            #expect(try await Self.scores(http, admin, planID, "REPORT")["scoreState"] as? String == "SCORE_STATE_REPORTED")
            #expect(try await Self.scores(http, other, planID, "ACCEPT").status >= 400)
            #expect(try await Self.scores(http, province, planID, "ACCEPT")["scoreState"] as? String == "SCORE_STATE_ACCEPTED")
            #expect(try await Self.scores(http, province, planID, "REJECT").status == 400, "a reason")
            reply = try await Self.scores(http, province, planID, "REJECT", "张某实操成绩与考评记录不符")
            #expect(reply["scoreState"] as? String == "SCORE_STATE_NOT_APPROVED" && reply["scoreReviewComment"] as? String == "张某实操成绩与考评记录不符")
            reply = try await http.send(.put, "/api/v1/test-plans/\(planID)/candidates/\(fail.id)/score", token: admin, json: [
                "sitting": "SITTING_PRESENT", "theoryTenths": 550, "practiceTenths": 1001])
            #expect(reply.status == 400, "out of range")
            reply = try await http.send(.put, "/api/v1/test-plans/\(planID)/candidates/\(fail.id)/score", token: admin, json: [
                "sitting": "SITTING_PRESENT", "theoryTenths": 555, "practiceTenths": 700])
            #expect(reply["result"] as? String == "RESULT_FAILED" && reply["theoryTenths"] as? Int == 555, "\(reply.json)")
            #expect(try await Self.scores(http, admin, planID, "REPORT")["scoreState"] as? String == "SCORE_STATE_REPORTED", "re-reported")
            #expect(try await Self.scores(http, province, planID, "ACCEPT")["scoreState"] as? String == "SCORE_STATE_ACCEPTED")
            reply = try await Self.scores(http, province, planID, "APPROVE")
            #expect(reply["scoreState"] as? String == "SCORE_STATE_APPROVED" && reply["passedCount"] as? Int == 1
                    && reply["failedCount"] as? Int == 1 && reply["absentCount"] as? Int == 1, "\(reply.json)")
            #expect(try await http.send(.put, "/api/v1/test-plans/\(planID)/candidates/\(fail.id)/score", token: admin, json: [
                "sitting": "SITTING_PRESENT", "theoryTenths": 900, "practiceTenths": 900]).code == "FAILED_PRECONDITION", "approved scores are final")
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)", token: admin)
            #expect((reply["scoreTimeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                    == ["submit", "accept", "reject", "submit", "accept", "approve"], "\(reply.json)")

            // The students' results; the absence is a no-show on record.
            reply = try await http.send(.get, "/api/v1/me/assessments", token: pass.token)
            mine = (reply["assessments"] as? [[String: Any]] ?? []).first { ($0["testPlan"] as? [String: Any])?["id"] as? Int == planID }
            #expect(mine?["resultsFinal"] as? Bool == true && (mine?["candidate"] as? [String: Any])?["result"] as? String == "RESULT_PASSED")
            reply = try await http.send(.get, "/api/v1/me/assessments", token: absent.token)
            mine = (reply["assessments"] as? [[String: Any]] ?? []).first
            #expect((mine?["candidate"] as? [String: Any])?["result"] as? String == "RESULT_ABSENT", "\(reply.json)")
            #expect(try await stack.disciplineMarks(student: absent.id) == ["absent"])
            reply = try await http.send(.get, "/api/v1/enrollments/\(enrollmentID)", token: admin)
            #expect((reply["progress"] as? [String: String])?["scores"] == "已审核" && (reply["assessment"] as? [String: Any])?["result"] as? String == "RESULT_PASSED",
                    "\(reply.json)")

            // ID-8: every change left its line in assessment's operation log.
            reply = try await http.send(.get, "/api/v1/assessment/operation-log?targetId=\(planID)&pageSize=100", token: admin)
            let actions = Set((reply["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["test_plan.create", "test_plan.submit", "test_plan.withdraw", "test_plan.update", "scores.import",
                                            "scores.enter", "scores.report"]), "\(reply.json)")
        }
    }

    @Test("AS-3: a 5,000-row import with one bad row changes nothing and names the row; XLSX and GBK CSV are read")
    func largeImport() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let planID = try await Self.approvedPlan(http, stack, students: 1)
            var numbers = Set<String>()
            while numbers.count < 5_000 { numbers.insert(GatewayIdentityTests.freshIDNumber()) }
            try await stack.addCandidates(planID: planID, idNumbers: Array(numbers))
            // The template as downloaded (ticket, name, ID number), the scores filled in; row 3,213 has a letter O for a zero.
            let template = try await http.send(.get, "/api/v1/test-plans/\(planID)/score-template?format=csv", token: admin)
            var lines = String(decoding: template.data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.count == 5_002, "the header and every candidate")
            for index in 1..<lines.count {
                let fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).prefix(3)
                lines[index] = fields.joined(separator: ",") + "," + (index == 3_212 ? "6O" : "\(60 + index % 40)") + ",\(70 + index % 30),"
            }
            let csv = lines.joined(separator: "\r\n")
            var reply = try await Self.upload(http, admin, planID, "scores.csv", Array(csv.utf8), commit: true)
            let errors = reply["errors"] as? [[String: Any]] ?? []
            #expect(reply["committed"] as? Bool != true && reply["errorCount"] as? Int == 1, "\(reply.json)")
            #expect(errors.first?["row"] as? Int == 3_213 && errors.first?["column"] as? String == "理论成绩", "\(errors)")
            #expect(try await stack.enteredScores(planID: planID) == 0, "nothing imported")

            let fixed = csv.replacingOccurrences(of: ",6O,", with: ",60,")
            let gbk = try Self.gb18030(fixed.replacingOccurrences(of: "\u{FEFF}", with: ""))   // Excel's GBK has no BOM
            reply = try await Self.upload(http, admin, planID, "scores.csv", Array(gbk), commit: true)
            #expect(reply["committed"] as? Bool == true && reply["rows"] as? Int == 5_001, "GBK as Chinese Excel writes it: \(reply.json)")
            #expect(try await stack.enteredScores(planID: planID) == 5_001)

            // The XLSX template the service writes comes back in as an import.
            let xlsx = try await http.send(.get, "/api/v1/test-plans/\(planID)/score-template?format=xlsx", token: admin)
            reply = try await Self.upload(http, admin, planID, "成绩.xlsx", Array(xlsx.data), commit: false)
            #expect(reply["rows"] as? Int == 5_001 && reply["errorCount"] as? Int == 0, "\(reply.json)")
            reply = try await Self.upload(http, admin, planID, "成绩.xls", [0xD0, 0xCF, 0x11, 0xE0], commit: false)
            #expect(reply.status == 400 && reply.message.contains(".xlsx"), "\(reply.json)")
            reply = try await Self.upload(http, admin, planID, "成绩.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], commit: false)
            #expect(reply.status == 400 && !reply.message.isEmpty, "a broken XLSX is refused with a message: \(reply.json)")
        }
    }

    @Test("Exam discipline: cheating bars and three no-shows lock the ID number; the reviewer sees the record")
    func discipline() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), province = try await http.login("sheng_admin")
            let finished = try await Self.finishedClass(http, stack, students: 4)
            let (cheat, noShows, twoNoShows) = (finished.students[0], finished.students[1], finished.students[2])
            try await stack.addDisciplineMark(student: cheat.id, "cheated", daysAgo: 100)
            for days in [20, 90, 300] { try await stack.addDisciplineMark(student: noShows.id, "absent", daysAgo: days) }
            for days in [30, 400] { try await stack.addDisciplineMark(student: twoNoShows.id, "absent", daysAgo: days) }
            try await stack.addDisciplineMark(student: twoNoShows.id, "cheated", daysAgo: 500)   // the bar is over

            let start = Int64(Date().timeIntervalSince1970) + 10 * 86_400
            var reply = try await http.send(.post, "/api/v1/test-plans", token: admin, json: [
                "classId": finished.classID, "name": "纪律测试", "examStartUnix": start, "examEndUnix": start + 7200, "place": "考场二"])
            #expect(reply["candidateCount"] as? Int == 2, "\(reply.json)")
            let planID = reply["id"] as? Int ?? 0
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)", token: admin)
            let excluded = Dictionary(uniqueKeysWithValues: (reply["excluded"] as? [[String: Any]] ?? []).map {
                (Int64($0["studentUserId"] as? Int ?? 0), $0["reason"] as? String ?? "") })
            #expect(excluded[cheat.id]?.contains("违纪") == true && excluded[noShows.id]?.contains("缺考3次") == true, "\(excluded)")
            #expect(excluded[twoNoShows.id] == nil)

            // The reviewer sees the remaining candidate's earlier no-show.
            try await Self.assessors(http, admin, atLeast: 8, stack)
            #expect(try await Self.act(http, admin, planID, "SUBMIT")["state"] as? String == "TEST_PLAN_STATE_SUBMITTED")
            reply = try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates", token: province)
            let note = (reply["candidates"] as? [[String: Any]] ?? []).first { $0["studentUserId"] as? Int == Int(twoNoShows.id) }?["disciplineNote"] as? String
            #expect(note?.contains("缺考") == true, "\(reply.json)")

            // A second open plan of the same class cannot seat the same candidates.
            reply = try await http.send(.post, "/api/v1/test-plans", token: admin, json: [
                "classId": finished.classID, "name": "重复", "examStartUnix": start, "examEndUnix": start + 7200, "place": "考场三"])
            #expect(reply.status >= 400, "every eligible student is taken or barred: \(reply.json)")
        }
    }

    // MARK: Setting up

    /// A finished class of 合肥建筑培训 (post 011) with confirmed attendance, every student having
    /// the hours: the class goes the real way to training, the attendance is written in SQL.
    static func finishedClass(_ http: HTTP, _ stack: Stack, students count: Int)
        async throws -> (plan: Int64, classID: Int, students: [(token: String, id: Int64)]) {
        let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
        let setup = try await GatewayClassesTests.closedPlan(http, stack, students: count)
        let classID = try await GatewayClassesTests.readyClass(http, admin, plan: setup.plan)
        for (token, action, comment) in [(admin, "SUBMIT", ""), (city, "APPROVE", "同意开班"), (admin, "START", "")] {
            let reply = try await GatewayClassesTests.act(http, token, classID, action, comment)
            guard reply.status == 200 else { throw TestFailure("class \(action): \(reply.json)") }
        }
        try await stack.creditEveryLesson(classID: Int64(classID))
        for action in ["FINISH", "CONFIRM_ATTENDANCE"] {
            let reply = try await GatewayClassesTests.act(http, admin, classID, action)
            guard reply.status == 200 else { throw TestFailure("class \(action): \(reply.json)") }
        }
        return (setup.plan, classID, setup.students)
    }

    /// An approved test plan of a new finished class.
    static func approvedPlan(_ http: HTTP, _ stack: Stack, students count: Int) async throws -> Int64 {
        try await approvedPlanWithStudents(http, stack, students: count).plan
    }

    /// An approved test plan of a new finished class, with its students' sessions.
    static func approvedPlanWithStudents(_ http: HTTP, _ stack: Stack, students count: Int)
        async throws -> (plan: Int64, students: [(token: String, id: Int64)]) {
        let admin = try await http.login("hfjx_admin"), province = try await http.login("sheng_admin")
        let finished = try await finishedClass(http, stack, students: count)
        let start = Int64(Date().timeIntervalSince1970) + 10 * 86_400
        let reply = try await http.send(.post, "/api/v1/test-plans", token: admin, json: [
            "classId": finished.classID, "name": "考核", "examStartUnix": start, "examEndUnix": start + 7200, "place": "考场"])
        guard let id = reply["id"] as? Int else { throw TestFailure("plan: \(reply.json)") }
        try await assessors(http, admin, atLeast: 8, stack)
        for (token, action) in [(admin, "SUBMIT"), (province, "ACCEPT"), (province, "APPROVE")] {
            let answer = try await act(http, token, id, action)
            guard answer.status == 200 else { throw TestFailure("plan \(action): \(answer.json)") }
        }
        return (Int64(id), finished.students)
    }

    /// Registers assessors of post 011 until the institution has `count`.
    static func assessors(_ http: HTTP, _ token: String, atLeast count: Int, _ stack: Stack) async throws {
        let have = try await stack.assessors(orgCode: "3401T001", post: "011")
        for _ in have..<max(have, count) {
            let reply = try await http.send(.post, "/api/v1/teachers", token: token, json: [
                "name": "考评员", "idNumber": GatewayIdentityTests.freshIDNumber(), "role": "TEACHER_ROLE_ASSESSOR",
                "qualification": "考评员证", "specialty": "011", "phone": GatewayIdentityTests.freshPhone()])
            guard reply.status == 200 else { throw TestFailure("assessor: \(reply.json)") }
        }
    }

    static func act(_ http: HTTP, _ token: String, _ planID: Int, _ action: String, _ comment: String = "") async throws -> HTTP.Reply {
        try await http.send(.post, "/api/v1/test-plans/\(planID)/actions", token: token,
                            json: ["action": "TEST_PLAN_ACTION_\(action)", "comment": comment])
    }

    static func scores(_ http: HTTP, _ token: String, _ planID: Int, _ action: String, _ comment: String = "") async throws -> HTTP.Reply {
        try await http.send(.post, "/api/v1/test-plans/\(planID)/score-actions", token: token,
                            json: ["action": "SCORE_ACTION_\(action)", "comment": comment])
    }

    /// `text` as GBK (GB 18030) bytes, by iconv(1), as a Chinese Excel saves a CSV.
    static func gb18030(_ text: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread { input.fileHandleForWriting.write(Data(text.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("iconv failed") }
        return Array(bytes)
    }

    static func upload(_ http: HTTP, _ token: String, _ planID: some BinaryInteger, _ filename: String, _ bytes: [UInt8],
                       commit: Bool) async throws -> HTTP.Reply {
        let name = filename.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? filename
        return try await http.send(.post, "/api/v1/test-plans/\(planID)/score-imports?filename=\(name)&commit=\(commit)", token: token, bytes: bytes)
    }
}

extension Stack {
    /// Moves the class's lessons back so the last ended an hour ago, and credits every student
    /// with every lesson (signed in and out inside the windows).
    func creditEveryLesson(classID: Int64) async throws {
        try await classesDatabase.transaction { tx in
            try tx.execute("""
                UPDATE lessons l SET start_at = l.start_at - m.shift, end_at = l.end_at - m.shift
                FROM (SELECT max(end_at) - now() + interval '1 hour' AS shift FROM lessons WHERE class_id = $1) m
                WHERE l.class_id = $1
                """, [.int(classID)])
            try tx.execute("""
                INSERT INTO attendance (class_id, lesson_id, student_user_id, sign_in_at, sign_out_at, state, credited)
                SELECT l.class_id, l.id, s.student_user_id, l.start_at, l.end_at, 'accepted', true
                FROM lessons l JOIN class_students s ON s.class_id = l.class_id WHERE l.class_id = $1
                ON CONFLICT (lesson_id, student_user_id) DO UPDATE SET credited = true, state = 'accepted'
                """, [.int(classID)])
        }
    }

    /// The active assessors of an institution (by code) for a post.
    func assessors(orgCode: String, post: String) async throws -> Int {
        let orgID = try await organisationID(code: orgCode)
        return try await classesDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM teachers WHERE org_id = $1 AND role = 'assessor' AND active AND specialty = $2",
                           [.int(orgID), .text(post)])[0].decode("n")
        }
    }

    func enrollmentID(student: Int64, plan: Int64) async throws -> Int64 {
        try await enrollmentDatabase.transaction { tx in
            try tx.execute("SELECT id FROM enrollments WHERE student_user_id = $1 AND plan_id = $2", [.int(student), .int(plan)])[0].decode("id")
        }
    }

    /// Candidates of a plan with a sitting entered.
    func enteredScores(planID: some BinaryInteger) async throws -> Int {
        let id = Int64(planID)
        return try await assessmentDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM candidates WHERE test_plan_id = $1 AND sitting IS NOT NULL", [.int(id)])[0].decode("n")
        }
    }

    func absentWithoutScores(planID: Int64) async throws -> Int {
        try await assessmentDatabase.transaction { tx in
            try tx.execute("""
                SELECT count(*) AS n FROM candidates
                WHERE test_plan_id = $1 AND sitting = 'absent' AND theory_tenths IS NULL AND practice_tenths IS NULL
                """, [.int(planID)])[0].decode("n")
        }
    }

    /// Seats more (made-up) candidates with these ID numbers in an approved plan, with tickets after its own.
    func addCandidates(planID: Int64, idNumbers: [String]) async throws {
        try await assessmentDatabase.transaction { tx in
            try tx.execute("""
                WITH base AS (SELECT max(seat) AS seat, max(student_user_id) AS student, min(ticket_number) AS ticket
                              FROM candidates WHERE test_plan_id = $1)
                INSERT INTO candidates (test_plan_id, student_user_id, enrollment_id, name, id_number, seat, ticket_number)
                SELECT $1, base.student + 1000000 + n, -n, '考生' || n, number, base.seat + n,
                       left(base.ticket, 10) || lpad((base.seat + n)::text, 5, '0')
                FROM base, unnest($2::text[]) WITH ORDINALITY AS u (number, n)
                """, [.int(planID), .textArray(idNumbers)])
        }
    }

    /// A discipline mark for the student's ID number (from identity), on a plan made for it.
    func addDisciplineMark(student: Int64, _ sitting: String, daysAgo: Int) async throws {
        let idNumber: String = try await database.transaction { tx in
            try tx.execute("SELECT id_number FROM users WHERE id = $1", [.int(student)])[0].decode("id_number")
        }
        try await assessmentDatabase.transaction { tx in
            let plan: Int64 = try tx.execute("""
                INSERT INTO test_plans (org_id, org_name, division_code, class_id, class_name, post, post_name, name, exam_start_at,
                                        exam_end_at, place, state, score_state, pass_theory, pass_practice, created_by)
                VALUES (0, '', '3401', 0, '', '011', '', '往期考核', now() - make_interval(days => $1::int), now() - make_interval(days => $1::int),
                        '', 'approved', 'approved', 60, 60, 0) RETURNING id
                """, [.int(Int64(daysAgo))])[0].decode("id")
            try tx.execute("INSERT INTO discipline_marks (id_number, sitting, test_plan_id, exam_at) VALUES ($1, $2, $3, now() - make_interval(days => $4::int))",
                           [.text(idNumber), .text(sitting), .int(plan), .int(Int64(daysAgo))])
        }
    }

    func disciplineMarks(student: Int64) async throws -> [String] {
        let idNumber: String = try await database.transaction { tx in
            try tx.execute("SELECT id_number FROM users WHERE id = $1", [.int(student)])[0].decode("id_number")
        }
        return try await assessmentDatabase.transaction { tx in
            try tx.execute("SELECT sitting FROM discipline_marks WHERE id_number = $1 ORDER BY id", [.text(idNumber)]).map { try $0.decode("sitting") }
        }
    }
}
