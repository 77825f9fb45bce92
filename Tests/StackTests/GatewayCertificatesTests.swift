import CertificatesDomain
import CertificatesService
import CommonRules
import Foundation
import OpenSSLCrypto
import ServiceHost
import Storage
import Testing

@Suite(.serialized) struct GatewayCertificatesTests {
    @Test("CE-2, CE-4, B-1: from approved scores to a signed certificate, its library, cancel and re-activate")
    func wholePath() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), province = try await http.login("sheng_admin")
            let city = try await http.login("hefei_admin"), luan = try await http.login("luan_admin")
            let other = try await http.login("lajx_admin")
            let (planID, students) = try await GatewayAssessmentTests.approvedPlanWithStudents(http, stack, students: 3)
            let candidates = try await http.send(.get, "/api/v1/test-plans/\(planID)/candidates", token: admin)["candidates"]
                as? [[String: Any]] ?? []
            #expect(candidates.count == 3)
            let ids = candidates.compactMap { $0["studentUserId"] as? Int }
            for (id, sitting, theory, practice) in [(ids[0], "SITTING_PRESENT", 855, 720), (ids[1], "SITTING_PRESENT", 590, 800),
                                                    (ids[2], "SITTING_ABSENT", 0, 0)] {
                let reply = try await http.send(.put, "/api/v1/test-plans/\(planID)/candidates/\(id)/score", token: admin, json: [
                    "sitting": sitting, "theoryTenths": theory, "practiceTenths": practice])
                #expect(reply.status == 200, "\(reply.json)")
            }

            // Not before the scores are approved.
            var reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("成绩尚未审核"), "\(reply.json)")
            for (token, action) in [(admin, "REPORT"), (province, "ACCEPT"), (province, "APPROVE")] {
                #expect(try await GatewayAssessmentTests.scores(http, token, Int(planID), action).status == 200)
            }

            // Only the authority the plan went to (or above it) generates.
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: admin).status == 403)
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: luan).status == 404)
            reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply.status == 200 && reply["issued"] as? Int == 1 && reply["alreadyGenerated"] as? Bool != true, "\(reply.json)")
            let number = reply["firstNumber"] as? String ?? ""
            let parsed = try CertificateNumber(parsing: number)
            #expect(parsed.segment.region == "3400" && parsed.segment.code == "011" && parsed.segment.level == "9")
            #expect(reply["lastNumber"] as? String == number)

            // A retry creates nothing new.
            reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply["alreadyGenerated"] as? Bool == true && reply["firstNumber"] as? String == number && reply["issued"] as? Int == 1)
            #expect(try await stack.certificateCount(testPlanID: planID) == 1)

            // The library: the institution, its city and the province see it; others do not.
            for (token, sees) in [(admin, true), (city, true), (province, true), (other, false), (luan, false)] {
                let list = try await http.send(.get, "/api/v1/certificates?testPlanId=\(planID)", token: token)
                #expect(list.status == 200 && (list["certificates"] as? [[String: Any]] ?? []).count == (sees ? 1 : 0), "\(list.json)")
            }
            let listed = (try await http.send(.get, "/api/v1/certificates?query=\(number)", token: admin)["certificates"]
                as? [[String: Any]] ?? []).first ?? [:]
            #expect(listed["holderUserId"] as? Int == ids[0] && listed["status"] as? String == "CERTIFICATE_STATUS_VALID")
            #expect((listed["idNumber"] as? String ?? "").contains("**********"), "masked in lists (X-1)")
            #expect(listed["pushState"] as? String == "PUSH_STATE_PENDING")
            let certificateID = listed["id"] as? Int ?? 0
            #expect(try await http.send(.get, "/api/v1/certificates/\(certificateID)", token: other).status == 404)

            // B-1: the QR verifies against the published keys; a changed name does not.
            var detail = try await http.send(.get, "/api/v1/certificates/\(certificateID)", token: city)
            let qr = detail["qrText"] as? String ?? ""
            #expect(qr.hasPrefix(Stack.lookupURL + "#TC1.\(number)."), "\(qr)")
            #expect(qr.utf8.count <= QRPayload.maximumBytes)
            let payload = try QRPayload(parsing: qr)
            #expect(payload.form.holderName == detail["holderName"] as? String && payload.form.issuedOn == detail["issuedOn"] as? String)
            let keys = try await http.send(.get, "/.well-known/certificate-keys.json")
            let published = (keys["keys"] as? [[String: Any]] ?? []).first { $0["keyId"] as? String == payload.keyID } ?? [:]
            #expect(published["active"] as? Bool == true && published["algorithm"] as? String == "ES256", "\(keys.json)")
            let verifier = try VerifyingKey(der: Array(Data(base64Encoded: published["publicKey"] as? String ?? "") ?? Data()))
            #expect(verifier.verify(payload.signature, payload.form.canonical))
            var tampered = payload.form
            tampered.holderName += "一"
            #expect(!verifier.verify(payload.signature, tampered.canonical))
            let tool = try CertVerifyTool(keys: keys.data)
            #expect(try tool.run(qr).status == 0)
            #expect(try tool.run(qr).output.contains("有效签名"))
            let changed = qr.replacingOccurrences(of: ".\(Base64URL.encode(Array(payload.form.holderName.utf8))).",
                                                  with: ".\(Base64URL.encode(Array((payload.form.holderName + "一").utf8))).")
            #expect(changed != qr)
            #expect(try tool.run(changed).status == 1, "a tampered name")
            #expect((detail["events"] as? [[String: Any]] ?? []).map { $0["action"] as? String } == ["issue"])
            let until = try #require(CivilDate(detail["validUntil"] as? String ?? ""))
            #expect(until == CivilDate(detail["issuedOn"] as? String ?? "")!.adding(years: 3).adding(days: -1), "3 years by default")

            // The student sees it.
            let student = try #require(students.first { $0.id == Int64(ids[0]) }).token
            let mine = try await http.send(.get, "/api/v1/me/certificates", token: student)["certificates"] as? [[String: Any]] ?? []
            #expect(mine.map { $0["number"] as? String } == [number])

            // CE-4: the province cancels (a reason needed) and re-activates; the city cannot.
            let cancel: [String: Any] = ["action": "CERTIFICATE_ACTION_CANCEL", "reason": "持证人申请注销"]
            #expect(try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: city, json: cancel).status == 403)
            reply = try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: province,
                                        json: ["action": "CERTIFICATE_ACTION_CANCEL"])
            #expect(reply.status == 400 && reply.message.contains("注销原因"))
            detail = try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: province, json: cancel)
            #expect(detail["status"] as? String == "CERTIFICATE_STATUS_CANCELLED", "\(detail.json)")
            #expect(try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: province, json: cancel)
                .code == "FAILED_PRECONDITION")
            let revoked = try await http.send(.get, "/api/v1/public/certificate-revocations")
            #expect((revoked["numbers"] as? [String] ?? []).contains(number))
            let refused = try tool.run(qr, revoked: revoked.data)
            #expect(refused.status == 1 && refused.output.contains("已注销"), "\(refused)")
            var status = try await http.send(.get, "/api/v1/public/certificate-status?number=\(number)")
            #expect(status["found"] as? Bool == true && status["status"] as? String == "CERTIFICATE_STATUS_CANCELLED", "\(status.json)")
            detail = try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: province,
                                         json: ["action": "CERTIFICATE_ACTION_REACTIVATE"])
            #expect(detail["status"] as? String == "CERTIFICATE_STATUS_VALID")
            let events = (detail["events"] as? [[String: Any]] ?? [])
            #expect(events.map { $0["action"] as? String } == ["issue", "cancel", "reactivate"])
            #expect(events[1]["reason"] as? String == "持证人申请注销" && events[1]["actorName"] as? String != "")
            status = try await http.send(.get, "/api/v1/public/certificate-status?number=\(number)")
            #expect(status["status"] as? String == "CERTIFICATE_STATUS_VALID")
            #expect(try await http.send(.get, "/api/v1/public/certificate-status?number=26340001190001A")["found"] as? Bool != true)
            #expect(try await stack.outboxKinds(certificateID: Int64(certificateID)) == ["issue", "cancel", "reactivate"])
        }
    }

    @Test("CE-2: one candidate with a wrong ID number means no certificate at all; corrected, all are issued")
    func allOrNothing() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let planID = try await stack.scoredPlan(passed: 5, post: "012")
            try await stack.breakIDNumber(planID: planID, seat: 4)
            let before = try await stack.segmentCurrent(post: "012")
            var reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("身份证号码校验不通过") && reply.message.contains("考生4"),
                    "\(reply.json)")
            #expect(try await stack.certificateCount(testPlanID: planID) == 0)
            #expect(try await stack.segmentCurrent(post: "012") == before, "no number taken")
            try await stack.repairIDNumber(planID: planID, seat: 4)
            reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply["issued"] as? Int == 5, "\(reply.json)")
            #expect(try await stack.segmentCurrent(post: "012") == before + 5)
        }
    }

    @Test("CE-1: 8 concurrent issuers over 2 instances get exactly 1…N in the segment, no gap, no duplicate")
    func concurrentAllocation() async throws {
        let stack = try await Stack.shared.value
        let second = try await stack.certificatesInstance()
        let backends = try stack.backends(certificatesInstances: [stack.certificatesServer, second])
        try await stack.gateway(backends: backends) { http in
            let province = try await http.login("sheng_admin")
            var plans: [Int64] = []
            for index in 0..<8 { plans.append(try await stack.scoredPlan(passed: 20 + index, post: "013")) }
            let replies = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for plan in plans {
                    group.addTask {
                        let reply = try await http.send(.post, "/api/v1/test-plans/\(plan)/certificates", token: province)
                        return (reply.status, reply["issued"] as? Int ?? 0)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.0 == 200 }, "\(replies)")
            let issued: Int = replies.map(\.1).reduce(0, +)
            #expect(issued == 8 * 20 + 28, "20 + 21 + … + 27")
            let (count, distinct, lowest, highest, current) = try await stack.segmentCheck(post: "013")
            #expect(count == distinct && lowest == 1 && highest == count && current == count, "\(count) \(distinct) \(lowest)…\(highest), current \(current)")
        }
        await second.drain()
    }

    @Test("CE-1: an exhausted segment is a clear error, never a wrap-around")
    func exhausted() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let first = try await stack.scoredPlan(passed: 1, post: "014")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(first)/certificates", token: province)["issued"] as? Int == 1)
            try await stack.setSegmentCurrent(post: "014", 9_998)
            let planID = try await stack.scoredPlan(passed: 3, post: "014")
            let reply = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
            #expect(reply.code == "RESOURCE_EXHAUSTED" && reply.message.contains("剩余1个号码"), "\(reply.json)")
            #expect(try await stack.certificateCount(testPlanID: planID) == 0)
            #expect(try await stack.segmentCurrent(post: "014") == 9_998)
        }
    }
}

/// `cert-verify`, the offline verifier built beside the tests, with a key set in a temporary file.
struct CertVerifyTool {
    let directory: URL

    init(keys: Data) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cert-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try keys.write(to: directory.appendingPathComponent("keys.json"))
    }

    func run(_ qr: String, revoked: Data? = nil) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cert-verify")
        var arguments = ["--keys", directory.appendingPathComponent("keys.json").path]
        if let revoked {
            try revoked.write(to: directory.appendingPathComponent("revoked.json"))
            arguments += ["--revoked", directory.appendingPathComponent("revoked.json").path]
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + [qr]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

extension Stack {
    /// An approved test plan of 合肥建筑培训 whose scores the province approved, with `passed`
    /// passed candidates (seats 1…, names 考生1…; student and enrollment ids from 8,000,000,000, so that
    /// no real student's enrollment counts as passed), written in assessment's schema: the fixture of
    /// the certificate tests that do not need the whole road (the whole-path test takes it).
    func scoredPlan(passed: Int, post: String) async throws -> Int64 {
        let org = try await organisationID(code: "3401T001"), province = try await organisationID(code: "34")
        var numbers = Set<String>()
        while numbers.count < passed { numbers.insert(GatewayIdentityTests.freshIDNumber()) }
        let ordered = Array(numbers)
        return try await assessmentDatabase.transaction { tx in
            let id: Int64 = try tx.execute("""
                INSERT INTO test_plans (org_id, org_name, division_code, class_id, class_name, post, post_name, name, exam_start_at,
                    exam_end_at, place, state, score_state, pass_theory, pass_practice, created_by, approved_at, scores_approved_at)
                VALUES ($1, '合肥建筑职业培训学校', '3401', 0, '证书测试班', $2, '施工员', '证书测试', now(), now() + interval '2 hours',
                    '考场', 'approved', 'approved', 60, 60, 0, now(), now()) RETURNING id
                """, [.int(org), .text(post)])[0].decode("id")
            for flow in ["test_plan", "scores"] {
                try tx.execute("""
                    INSERT INTO approvals (flow, item_id, stage, route_levels, route_orgs, applicant_org_id)
                    VALUES ($1, $2, 'approved', '{province}', ARRAY[$3::bigint], $4)
                    """, [.text(flow), .int(id), .int(province), .int(org)])
            }
            try tx.execute("""
                INSERT INTO candidates (test_plan_id, student_user_id, enrollment_id, name, id_number, seat, sitting, theory_tenths,
                    practice_tenths, result)
                SELECT $1::bigint, 8000000000 + $1::bigint * 1000 + u.seat, 8000000000 + $1::bigint * 1000 + u.seat, '考生' || u.seat,
                    u.number, u.seat, 'present', 800, 800, 'passed'
                FROM unnest($2::text[]) WITH ORDINALITY AS u(number, seat)
                """, [.int(id), .textArray(ordered)])
            return id
        }
    }

    /// Gives the candidate at `seat` a wrong check character, as a typing error would.
    func breakIDNumber(planID: Int64, seat: Int) async throws {
        _ = try await assessmentDatabase.transaction { tx in
            try tx.execute("""
                UPDATE candidates SET id_number = left(id_number, 17) || CASE WHEN right(id_number, 1) = '0' THEN '1' ELSE '0' END
                WHERE test_plan_id = $1 AND seat = $2
                """, [.int(planID), .int(Int64(seat))])
        }
    }

    func repairIDNumber(planID: Int64, seat: Int) async throws {
        try await assessmentDatabase.transaction { tx in
            try tx.execute("UPDATE candidates SET id_number = $3 WHERE test_plan_id = $1 AND seat = $2",
                           [.int(planID), .int(Int64(seat)), .text(GatewayIdentityTests.freshIDNumber())])
        }
    }

    func certificateCount(testPlanID: Int64) async throws -> Int {
        try await certificatesDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM certificates WHERE test_plan_id = $1", [.int(testPlanID)])[0].decode("n")
        }
    }

    /// The current value of this year's province segment of `post` (0 before it exists).
    func segmentCurrent(post: String) async throws -> Int {
        try await certificatesDatabase.transaction { tx in
            try tx.execute("SELECT coalesce(max(current), 0) AS n FROM segments WHERE region = '3400' AND code = $1 AND year = $2",
                           [.text(post), .int(Int64(CivilDate.today(atUnix: Int64(Date().timeIntervalSince1970)).year))])[0].decode("n")
        }
    }

    func setSegmentCurrent(post: String, _ value: Int) async throws {
        try await certificatesDatabase.transaction { tx in
            try tx.execute("UPDATE segments SET current = $2 WHERE region = '3400' AND code = $1", [.text(post), .int(Int64(value))])
        }
    }

    /// The certificates of the province's segment of `post`: count, distinct sequences, lowest,
    /// highest, and the segment's counter.
    func segmentCheck(post: String) async throws -> (Int, Int, Int, Int, Int) {
        try await certificatesDatabase.transaction { tx in
            let row = try tx.execute("""
                SELECT count(c.id) AS n, count(DISTINCT c.sequence) AS d, coalesce(min(c.sequence), 0) AS lo,
                    coalesce(max(c.sequence), 0) AS hi, s.current
                FROM segments s LEFT JOIN certificates c ON c.segment_id = s.id
                WHERE s.region = '3400' AND s.code = $1 GROUP BY s.id
                """, [.text(post)])[0]
            return (try row.decode("n"), try row.decode("d"), try row.decode("lo"), try row.decode("hi"), try row.decode("current"))
        }
    }

    func outboxKinds(certificateID: Int64) async throws -> [String] {
        try await certificatesDatabase.transaction { tx in
            try tx.execute("SELECT kind FROM registry_outbox WHERE certificate_id = $1 ORDER BY id", [.int(certificateID)])
                .map { try $0.decode("kind", as: String.self) }
        }
    }
}
