import CertificatesDomain
import Foundation
import Testing

/// CE-3 through the gateway: a unit's registration batch from the template and an import with
/// row errors and a preview, its files' limits, the city's review candidate by candidate (one
/// rejection returns the whole batch), the fix and resubmission, the province's approval that
/// issues the numbers; and a batch whose rejected candidates alone are returned as a new batch.
extension GatewayCertificatesTests {
    @Test("CE-3: a batch through both review levels: one candidate rejected returns it; fixed, resubmitted, approved, numbers issued")
    func registrationBatch() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let unit = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let province = try await http.login("sheng_admin"), luan = try await http.login("luan_admin")
            let path = "/api/v1/certificate-batches"
            var reply = try await http.send(.post, path, token: unit, json: ["name": "建筑科批次1"])
            #expect(reply.status == 200 && reply["state"] as? String == "BATCH_STATE_DRAFT" && (reply["code"] as? String ?? "").hasPrefix("3401T001"),
                    "\(reply.json)")
            let id = reply["id"] as? Int ?? 0
            #expect(try await http.send(.post, path, token: city, json: ["name": "x"]).status == 403)

            // The template, both formats.
            let xlsx = try await http.send(.get, "/api/v1/certificate-batch-template?format=xlsx", token: unit)
            #expect(xlsx.status == 200 && xlsx.data.prefix(2) == Data("PK".utf8))
            let template = try await http.send(.get, "/api/v1/certificate-batch-template?format=csv", token: unit)
            #expect(String(decoding: template.data, as: UTF8.self).contains("姓名,身份证号,工作单位,岗位代码,等级"))

            // Row errors: nothing is written.
            let numbers = (0..<4).map { _ in GatewayIdentityTests.freshIDNumber() }
            let bad = "姓名,身份证号,工作单位,岗位代码,等级\n张一,\(numbers[0]),安徽一建,050,\n张二,340102199001011230,安徽一建,050,\n"
                + "张三,\(numbers[2]),安徽一建,999,\n张一,\(numbers[0]),安徽一建,050,\n"
            reply = try await http.send(.post, "\(path)/\(id)/candidate-import?commit=true&filename=a.csv", token: unit, bytes: Array(bad.utf8))
            let errors = reply["errors"] as? [[String: Any]] ?? []
            #expect(reply.status == 200 && reply["imported"] as? Int != 3 && errors.count == 3, "\(reply.json)")
            #expect(Set(errors.compactMap { $0["column"] as? String }) == ["身份证号", "岗位代码"], "\(errors)")
            #expect(errors.contains { ($0["message"] as? String ?? "").contains("与第2行重复") })
            // A clean sheet: previewed first, then committed.
            let good = "姓名,身份证号,工作单位,岗位代码,等级\n张一,\(numbers[0]),安徽一建,050,\n张二,\(numbers[1]),安徽一建,050,\n"
                + "张三,\(numbers[2]),安徽二建,T03,中级工\n"
            reply = try await http.send(.post, "\(path)/\(id)/candidate-import?filename=a.csv", token: unit, bytes: Array(good.utf8))
            #expect((reply["preview"] as? [[String: Any]])?.count == 3 && (reply["imported"] as? Int ?? 0) == 0, "\(reply.json)")
            reply = try await http.send(.post, "\(path)/\(id)/candidate-import?commit=true&filename=a.csv", token: unit, bytes: Array(good.utf8))
            #expect(reply["imported"] as? Int == 3, "\(reply.json)")
            reply = try await http.send(.post, "\(path)/\(id)/candidate-import?commit=true&filename=a.csv", token: unit, bytes: Array(good.utf8))
            #expect((reply["errors"] as? [[String: Any]] ?? []).count == 3, "a second import of the same persons is refused")

            // Files: at most 2 documents.
            let pdf = Array("%PDF-1.4 test".utf8)
            for _ in 0..<2 { #expect(try await http.send(.post, "\(path)/\(id)/files?fileName=a.pdf", token: unit, bytes: pdf).status == 200) }
            reply = try await http.send(.post, "\(path)/\(id)/files?fileName=c.pdf", token: unit, bytes: pdf)
            #expect(reply.status == 400 && reply.message.contains("最多上传2个文档"), "\(reply.json)")
            #expect(try await http.send(.post, "\(path)/\(id)/files?fileName=p.png", token: unit, bytes: GatewayEnrollmentTests.png).status == 200)

            // Submitted: at the city; 六安 sees nothing, the province cannot act yet.
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: unit, json: ["action": "BATCH_ACTION_SUBMIT"])
            #expect(reply["state"] as? String == "BATCH_STATE_REVIEWING" && reply["stage"] as? String == "city", "\(reply.json)")
            #expect(try await http.send(.get, "\(path)/\(id)", token: luan).status == 404)
            #expect(try await http.send(.post, "\(path)/\(id)/actions", token: province, json: ["action": "BATCH_ACTION_APPROVE"]).code == "FAILED_PRECONDITION")
            #expect(try await http.send(.post, "\(path)/\(id)/candidate-import?filename=a.csv", token: unit, bytes: Array(good.utf8))
                .code == "FAILED_PRECONDITION", "no edits under review")
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_APPROVE"])
            #expect(reply.message.contains("未审核"), "\(reply.json)")

            // One candidate rejected (a reason needed), the rest passed: no approval; the batch goes back.
            let candidates = try await http.send(.get, "\(path)/\(id)/candidates", token: city)["candidates"] as? [[String: Any]] ?? []
            let second = candidates.first { $0["name"] as? String == "张二" }?["id"] as? Int ?? 0
            #expect(try await http.send(.post, "\(path)/\(id)/candidates/\(second)/review", token: city, json: ["pass": false]).status == 400)
            reply = try await http.send(.post, "\(path)/\(id)/candidates/\(second)/review", token: city, json: ["pass": false, "reason": "工作单位与社保不符"])
            #expect(reply["rejectedCount"] as? Int == 1, "\(reply.json)")
            reply = try await http.send(.post, "\(path)/\(id)/pass-remaining", token: city)
            #expect(reply["passedCount"] as? Int == 2)
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_APPROVE"])
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("不通过"), "\(reply.json)")
            #expect(try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_REJECT"]).status == 400)
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_REJECT", "comment": "有人员信息不符"])
            #expect(reply["state"] as? String == "BATCH_STATE_REJECTED" && reply["reviewComment"] as? String == "有人员信息不符", "\(reply.json)")

            // Fixed and resubmitted; the city approves, then the province, which issues the numbers.
            reply = try await http.send(.put, "\(path)/\(id)/candidates/\(second)", token: unit, json: [
                "name": "张二", "idNumber": numbers[1], "employer": "安徽三建", "post": "050", "level": ""])
            #expect(reply.status == 200 && reply["employer"] as? String == "安徽三建", "\(reply.json)")
            _ = try await http.send(.post, "\(path)/\(id)/actions", token: unit, json: ["action": "BATCH_ACTION_SUBMIT"])
            _ = try await http.send(.post, "\(path)/\(id)/pass-remaining", token: city)
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_APPROVE"])
            #expect(reply["stage"] as? String == "province" && reply["passedCount"] as? Int == 0, "the province reviews anew: \(reply.json)")
            let waiting = try await http.send(.get, "\(path)?awaitingMyReview=true", token: province)["batches"] as? [[String: Any]] ?? []
            #expect(waiting.contains { $0["id"] as? Int == id })
            _ = try await http.send(.post, "\(path)/\(id)/pass-remaining", token: province)
            reply = try await http.send(.post, "\(path)/\(id)/actions", token: province, json: ["action": "BATCH_ACTION_APPROVE"])
            #expect(reply["state"] as? String == "BATCH_STATE_APPROVED" && !(reply["firstNumber"] as? String ?? "").isEmpty, "\(reply.json)")
            let actions = (reply["timeline"] as? [[String: Any]] ?? []).map { $0["action"] as? String ?? "" }
            #expect(actions == ["submit", "reject", "submit", "approve", "approve"], "\(actions)")

            let issued = try await http.send(.get, "\(path)/\(id)/candidates", token: unit)["candidates"] as? [[String: Any]] ?? []
            #expect(issued.count == 3 && issued.allSatisfy { !($0["certificateNumber"] as? String ?? "").isEmpty }, "\(issued)")
            let welder = try #require(issued.first { $0["post"] as? String == "T03" }?["certificateNumber"] as? String)
            let parsed = try CertificateNumber(parsing: welder)
            #expect(parsed.segment.region == "3400" && parsed.segment.code == "T03" && parsed.segment.level == "4")
            let found = try await http.send(.get, "/api/v1/certificates?query=\(welder)", token: unit)["certificates"] as? [[String: Any]] ?? []
            #expect(found.first?["employer"] as? String == "安徽二建" && found.first?["orgName"] as? String == "合肥建筑职业培训学校", "\(found)")
            let lookup = try await http.send(.post, "/api/v1/public/certificate-lookup", json: ["number": welder])
            #expect(lookup["found"] as? Bool == true)
        }
    }

    @Test("CE-3 beyond the seed: the rejected candidates alone return as a new batch, the rest go on, recorded as such")
    func returnRejectedCandidates() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let unit = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let path = "/api/v1/certificate-batches"
            let id = try await http.send(.post, path, token: unit, json: ["name": "退回测试"])["id"] as? Int ?? 0
            let sheet = "姓名,身份证号,工作单位,岗位代码,等级\n李一,\(GatewayIdentityTests.freshIDNumber()),安徽一建,050,\n"
                + "李二,\(GatewayIdentityTests.freshIDNumber()),安徽一建,050,\n"
            _ = try await http.send(.post, "\(path)/\(id)/candidate-import?commit=true&filename=a.csv", token: unit, bytes: Array(sheet.utf8))
            _ = try await http.send(.post, "\(path)/\(id)/actions", token: unit, json: ["action": "BATCH_ACTION_SUBMIT"])
            let candidates = try await http.send(.get, "\(path)/\(id)/candidates", token: city)["candidates"] as? [[String: Any]] ?? []
            let second = candidates.first { $0["name"] as? String == "李二" }?["id"] as? Int ?? 0
            _ = try await http.send(.post, "\(path)/\(id)/candidates/\(second)/review", token: city, json: ["pass": false, "reason": "照片不清"])
            #expect(try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_RETURN_REJECTED"])
                .code == "FAILED_PRECONDITION", "not before every candidate is reviewed")
            _ = try await http.send(.post, "\(path)/\(id)/pass-remaining", token: city)
            let reply = try await http.send(.post, "\(path)/\(id)/actions", token: city, json: ["action": "BATCH_ACTION_RETURN_REJECTED"])
            #expect(reply["stage"] as? String == "province" && reply["candidateCount"] as? Int == 1, "\(reply.json)")
            let step = (reply["timeline"] as? [[String: Any]] ?? []).last ?? [:]
            #expect(step["action"] as? String == "approve" && (step["reason"] as? String ?? "").contains("退回审核不通过的1人"), "\(step)")
            let returned = (try await http.send(.get, "\(path)?state=rejected", token: unit)["batches"] as? [[String: Any]] ?? [])
                .first { $0["returnedFromBatchId"] as? Int == id }
            #expect(returned?["name"] as? String == "退回测试（退回）" && returned?["candidateCount"] as? Int == 1, "\(String(describing: returned))")
            let moved = try await http.send(.get, "\(path)/\(returned?["id"] as? Int ?? 0)/candidates", token: unit)["candidates"] as? [[String: Any]] ?? []
            #expect(moved.first?["name"] as? String == "李二" && moved.first?["reason"] as? String == "照片不清")
        }
    }
}
