import CertificatesDomain
import CertificatesService
import Foundation
import Logging
import Storage
import Testing

/// CE-5 and B-7 through the gateway: business applied for by the institution with evidence,
/// reviewed by its city, and carried out on the certificate in the review's transaction — a
/// change signs it again, a reissue voids the old number, a cancellation cancels — and an
/// employer's rename over 2,000 certificates as a job with progress.
extension GatewayCertificatesTests {
    @Test("CE-5: a name change is re-signed and looked up under the new name; the old QR is refused; rules and permissions")
    func nameChange() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let province = try await http.login("sheng_admin"), luan = try await http.login("luan_admin")
            let other = try await http.login("lajx_admin")
            let (id, number, oldQR) = try await Self.certificate(stack, http, post: "031", province)
            let evidence = try await Self.evidence(http, admin)

            // Refusals: name with ID number, no evidence, a bad image, another institution, the wrong role.
            let business = "/api/v1/certificate-business"
            var reply = try await http.send(.post, business, token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "李四", "newIdNumber": GatewayIdentityTests.freshIDNumber(),
                "evidenceFileIds": [evidence]])
            #expect(reply.status == 400 && reply.message.contains("不能在同一次业务中变更"), "\(reply.json)")
            reply = try await http.send(.post, business, token: admin, json: ["kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "李四"])
            #expect(reply.status == 400 && reply.message.contains("1至5张"), "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/certificate-business-files", token: admin, bytes: Array("GIF89a".utf8) + [0, 0])
            #expect(reply.status == 400 && reply.message.contains("jpg或png"), "\(reply.json)")
            reply = try await http.send(.post, "/api/v1/certificate-business-files", token: admin,
                                        bytes: GatewayAuthorityTests.jpeg + [UInt8](repeating: 0, count: 201 * 1024))
            #expect(reply.status == 400 && reply.message.contains("200KB"), "\(reply.json)")
            let otherEvidence = try await Self.evidence(http, other)
            reply = try await http.send(.post, business, token: other, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "李四", "evidenceFileIds": [otherEvidence]])
            #expect(reply.status == 404, "another institution's certificate: \(reply.json)")
            reply = try await http.send(.post, business, token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "李四", "evidenceFileIds": [otherEvidence]])
            #expect(reply.status == 400 && reply.message.contains("证明材料"), "another institution's file: \(reply.json)")
            #expect(try await http.send(.post, business, token: city, json: [
                "kind": "BUSINESS_KIND_CANCEL", "certificateId": id, "evidenceFileIds": [evidence]]).status == 403)

            // Applied: one pending business per certificate; the city sees it waiting, 六安 does not.
            reply = try await http.send(.post, business, token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "李四", "reason": "户籍更名", "evidenceFileIds": [evidence]])
            #expect(reply.status == 200 && reply["state"] as? String == "BUSINESS_STATE_PENDING", "\(reply.json)")
            let businessID = reply["id"] as? Int ?? 0
            #expect(reply["reviewerName"] as? String == "合肥市住房和城乡建设局" && reply["oldName"] as? String == "考生1", "\(reply.json)")
            let second = try await Self.evidence(http, admin)
            reply = try await http.send(.post, business, token: admin, json: [
                "kind": "BUSINESS_KIND_REISSUE", "certificateId": id, "evidenceFileIds": [second]])
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("待审核"), "\(reply.json)")
            let waiting = try await http.send(.get, "\(business)?awaitingMyReview=true&kind=BUSINESS_KIND_CHANGE", token: city)
            #expect((waiting["businesses"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == businessID }, "\(waiting.json)")
            #expect(try await http.send(.get, "\(business)/\(businessID)", token: luan).status == 404)
            #expect(try await http.send(.get, "/api/v1/certificate-business-files/\(evidence)", token: city).status == 200)
            #expect(try await http.send(.get, "/api/v1/certificate-business-files/\(evidence)", token: luan).status == 404)
            #expect(try await http.send(.post, "\(business)/\(businessID)/review", token: luan, json: ["approve": true]).status == 404)
            #expect(try await http.send(.post, "\(business)/\(businessID)/review", token: province, json: ["approve": true]).status == 403,
                    "the route's stop is the city")
            reply = try await http.send(.post, "\(business)/\(businessID)/review", token: city, json: ["approve": false])
            #expect(reply.status == 400, "a rejection needs a reason: \(reply.json)")

            // Approved: the certificate has the new name and a new signature over it.
            reply = try await http.send(.post, "\(business)/\(businessID)/review", token: city, json: ["approve": true])
            #expect(reply["state"] as? String == "BUSINESS_STATE_APPROVED", "\(reply.json)")
            #expect((reply["timeline"] as? [[String: Any]] ?? []).map { $0["action"] as? String } == ["submit", "approve"])
            #expect(try await http.send(.post, "\(business)/\(businessID)/review", token: city, json: ["approve": true])
                .code == "FAILED_PRECONDITION")
            let detail = try await http.send(.get, "/api/v1/certificates/\(id)", token: admin)
            #expect(detail["holderName"] as? String == "李四" && detail["number"] as? String == number)
            #expect((detail["events"] as? [[String: Any]] ?? []).map { $0["action"] as? String } == ["issue", "change"])
            let newQR = detail["qrText"] as? String ?? ""
            let newForm = try QRPayload(parsing: newQR).form
            #expect(newQR != oldQR && newForm.holderName == "李四")
            let tool = try CertVerifyTool(keys: try await http.send(.get, "/.well-known/certificate-keys.json").data)
            let revoked = try await http.send(.get, "/api/v1/public/certificate-revocations")
            #expect(try tool.run(newQR, revoked: revoked.data).status == 0)
            let refused = try tool.run(oldQR, revoked: revoked.data)
            #expect(refused.status == 1 && refused.output.contains("已变更"), "\(refused)")
            let lookup = try await http.send(.post, "/api/v1/public/certificate-lookup", json: ["number": number])
            #expect((lookup["certificates"] as? [[String: Any]])?.first?["holderName"] as? String == "李*", "\(lookup.json)")
            #expect(try await stack.outboxKinds(certificateID: Int64(id)) == ["issue", "change"])

            // A rejected business records its reason and changes nothing.
            let third = try await Self.evidence(http, admin)
            reply = try await http.send(.post, business, token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newEmployer": "安徽建工集团", "evidenceFileIds": [third]])
            let rejected = reply["id"] as? Int ?? 0
            reply = try await http.send(.post, "\(business)/\(rejected)/review", token: city, json: ["approve": false, "comment": "材料不清晰"])
            #expect(reply["state"] as? String == "BUSINESS_STATE_REJECTED" && reply["reviewComment"] as? String == "材料不清晰")
            #expect(try await http.send(.get, "/api/v1/certificates/\(id)", token: admin)["employer"] as? String != "安徽建工集团")
            let own = try await http.send(.get, "\(business)?own=true&state=BUSINESS_STATE_REJECTED", token: admin)
            #expect((own["businesses"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == rejected })
            let overview = try await http.send(.get, "/api/v1/certificate-business-overview", token: city)
            let changes = (overview["kinds"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "BUSINESS_KIND_CHANGE" } ?? [:]
            #expect((changes["approved"] as? Int ?? 0) >= 1 && (changes["rejected"] as? Int ?? 0) >= 1, "\(overview.json)")
        }
    }

    @Test("CE-5: a reissue voids the old number (lookup 作废, the verifier refuses it) and issues a new one; a cancellation cancels")
    func reissueAndCancel() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let province = try await http.login("sheng_admin")
            let (id, number, oldQR) = try await Self.certificate(stack, http, post: "033", province)
            var reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_REISSUE", "certificateId": id, "reason": "证书遗失", "evidenceFileIds": [try await Self.evidence(http, admin)]])
            reply = try await http.send(.post, "/api/v1/certificate-business/\(reply["id"] as? Int ?? 0)/review", token: city, json: ["approve": true])
            let newNumber = reply["newNumber"] as? String ?? ""
            let newID = reply["newCertificateId"] as? Int ?? 0
            #expect(reply["state"] as? String == "BUSINESS_STATE_APPROVED" && !newNumber.isEmpty && newNumber != number, "\(reply.json)")
            #expect(try CertificateNumber(parsing: newNumber).segment.code == "033")

            let old = try await http.send(.get, "/api/v1/certificates/\(id)", token: admin)
            #expect(old["status"] as? String == "CERTIFICATE_STATUS_VOIDED" && old["replacedByNumber"] as? String == newNumber, "\(old.json)")
            let new = try await http.send(.get, "/api/v1/certificates/\(newID)", token: admin)
            #expect(new["status"] as? String == "CERTIFICATE_STATUS_VALID" && new["replacesNumber"] as? String == number)
            #expect(new["holderName"] as? String == old["holderName"] as? String && new["validUntil"] as? String == old["validUntil"] as? String)
            let lookup = try await http.send(.post, "/api/v1/public/certificate-lookup", json: ["number": number])
            #expect((lookup["certificates"] as? [[String: Any]])?.first?["status"] as? String == "CERTIFICATE_STATUS_VOIDED", "\(lookup.json)")
            let tool = try CertVerifyTool(keys: try await http.send(.get, "/.well-known/certificate-keys.json").data)
            let revoked = try await http.send(.get, "/api/v1/public/certificate-revocations")
            let refused = try tool.run(oldQR, revoked: revoked.data)
            #expect(refused.status == 1 && refused.output.contains("作废"), "\(refused)")
            #expect(try tool.run(new["qrText"] as? String ?? "", revoked: revoked.data).status == 0)
            #expect(try await stack.outboxKinds(certificateID: Int64(id)) == ["issue", "void"])
            #expect(try await stack.outboxKinds(certificateID: Int64(newID)) == ["issue"])
            // A voided certificate takes no more business.
            reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_CANCEL", "certificateId": id, "evidenceFileIds": [try await Self.evidence(http, admin)]])
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("有效的证书"), "\(reply.json)")

            // 注销 through business.
            reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_CANCEL", "certificateId": newID, "reason": "持证人离职", "evidenceFileIds": [try await Self.evidence(http, admin)]])
            _ = try await http.send(.post, "/api/v1/certificate-business/\(reply["id"] as? Int ?? 0)/review", token: city, json: ["approve": true])
            #expect(try await http.send(.get, "/api/v1/certificates/\(newID)", token: admin)["status"] as? String == "CERTIFICATE_STATUS_CANCELLED")
        }
    }

    @Test("CE-5: at most 5 employer changes per certificate a year (a province setting)")
    func employerChangeLimit() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let province = try await http.login("sheng_admin")
            let (id, _, _) = try await Self.certificate(stack, http, post: "034", province)
            for round in 1...5 {
                let reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                    "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newEmployer": "安徽第\(round)建筑公司",
                    "evidenceFileIds": [try await Self.evidence(http, admin)]])
                #expect(reply.status == 200, "change \(round): \(reply.json)")
                let decided = try await http.send(.post, "/api/v1/certificate-business/\(reply["id"] as? Int ?? 0)/review", token: city,
                                                  json: ["approve": true])
                #expect(decided["state"] as? String == "BUSINESS_STATE_APPROVED")
            }
            #expect(try await http.send(.get, "/api/v1/certificates/\(id)", token: admin)["employer"] as? String == "安徽第5建筑公司")
            let reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newEmployer": "安徽第6建筑公司",
                "evidenceFileIds": [try await Self.evidence(http, admin)]])
            #expect(reply.code == "FAILED_PRECONDITION" && reply.message.contains("已达5次"), "\(reply.json)")
            // A name change is still allowed.
            let name = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_CHANGE", "certificateId": id, "newName": "王五", "evidenceFileIds": [try await Self.evidence(http, admin)]])
            #expect(name.status == 200, "\(name.json)")
        }
    }

    @Test("B-7: an employer's rename updates 2,000 certificates through one reviewed business, with progress")
    func bulkRename() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), city = try await http.login("hefei_admin")
            let province = try await http.login("sheng_admin")
            let planID = try await stack.scoredPlan(passed: 2_000, post: "035")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)["issued"] as? Int == 2_000)
            // Their employer as a registration would have written it.
            let oldName = "安徽旧名建设\(planID)公司", newName = "安徽新名建设\(planID)集团"
            try await stack.setEmployer(testPlanID: planID, oldName)

            let preview = try await http.send(.get, "/api/v1/certificate-rename-preview?oldEmployer=\(oldName.urlQuery)&pageSize=20", token: admin)
            #expect((preview["page"] as? [String: Any])?["total"] as? Int == 2_000, "\(preview.json)")
            var reply = try await http.send(.post, "/api/v1/certificate-business", token: admin, json: [
                "kind": "BUSINESS_KIND_RENAME", "oldEmployer": oldName, "newEmployer": newName, "reason": "企业更名",
                "evidenceFileIds": [try await Self.evidence(http, admin)]])
            #expect(reply["affected"] as? Int == 2_000 && reply["state"] as? String == "BUSINESS_STATE_PENDING", "\(reply.json)")
            let id = reply["id"] as? Int ?? 0
            reply = try await http.send(.post, "/api/v1/certificate-business/\(id)/review", token: city, json: ["approve": true])
            #expect(reply["state"] as? String == "BUSINESS_STATE_APPROVED" && reply["finished"] as? Bool != true, "\(reply.json)")

            // The job, a chunk at a time; the progress endpoint follows it.
            let job = RenameJob(database: stack.certificatesDatabase, chunk: 500, logger: Logger(label: "rename-test"))
            var seen: [Int] = []
            for _ in 0..<4 {
                #expect(try await job.step() > 0)
                let progress = try await http.send(.get, "/api/v1/certificate-business/\(id)/progress", token: admin)
                seen.append(progress["done"] as? Int ?? -1)
            }
            #expect(seen == [500, 1_000, 1_500, 2_000], "\(seen)")
            let progress = try await http.send(.get, "/api/v1/certificate-business/\(id)/progress", token: city)
            #expect(progress["finished"] as? Bool == true && progress["affected"] as? Int == 2_000)
            #expect(try await job.step() == 0, "nothing waits")
            #expect(try await stack.employerCount(testPlanID: planID, newName) == 2_000)
            let listed = try await http.send(.get, "/api/v1/certificates?testPlanId=\(planID)&pageSize=1", token: admin)
            let one = (listed["certificates"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            let events = try await http.send(.get, "/api/v1/certificates/\(one)", token: admin)["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["action"] as? String } == ["issue", "rename"])
            #expect(try await stack.outboxKinds(certificateID: Int64(one)) == ["issue", "change"])
            // Its 4,000 outbox rows would keep the serialized push test's pushers busy for minutes.
            try await stack.markOutboxDelivered(testPlanID: planID)
        }
    }

    /// One new certificate of 合肥建筑培训: its id, number and QR text.
    static func certificate(_ stack: Stack, _ http: HTTP, post: String, _ province: String) async throws -> (Int, String, String) {
        let planID = try await stack.scoredPlan(passed: 1, post: post)
        let generated = try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)
        let number = try #require(generated["firstNumber"] as? String, "\(generated.json)")
        let listed = try await http.send(.get, "/api/v1/certificates?testPlanId=\(planID)", token: province)
        let id = try #require((listed["certificates"] as? [[String: Any]])?.first?["id"] as? Int)
        let qr = try await http.send(.get, "/api/v1/certificates/\(id)", token: province)["qrText"] as? String ?? ""
        return (id, number, qr)
    }

    /// An uploaded evidence image's id.
    static func evidence(_ http: HTTP, _ token: String) async throws -> Int {
        let reply = try await http.send(.post, "/api/v1/certificate-business-files?fileName=form.png", token: token, bytes: GatewayEnrollmentTests.png)
        return try #require(reply["id"] as? Int, "\(reply.json)")
    }
}

extension Stack {
    func setEmployer(testPlanID: Int64, _ employer: String) async throws {
        _ = try await certificatesDatabase.transaction { tx in
            try tx.execute("UPDATE certificates SET employer = $2 WHERE test_plan_id = $1", [.int(testPlanID), .text(employer)])
        }
    }

    func markOutboxDelivered(testPlanID: Int64) async throws {
        _ = try await certificatesDatabase.transaction { tx in
            try tx.execute("""
                UPDATE registry_outbox SET delivered_at = now(), outcome = 'accepted'
                WHERE certificate_id IN (SELECT id FROM certificates WHERE test_plan_id = $1)
                """, [.int(testPlanID)])
        }
    }

    func employerCount(testPlanID: Int64, _ employer: String) async throws -> Int {
        try await certificatesDatabase.transaction { tx in
            try tx.execute("SELECT count(*) AS n FROM certificates WHERE test_plan_id = $1 AND employer = $2",
                           [.int(testPlanID), .text(employer)]).first?.decode("n") ?? 0
        }
    }
}

extension String {
    /// Percent-encoded for a query value.
    var urlQuery: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self }
}
