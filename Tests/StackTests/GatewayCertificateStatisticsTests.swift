import Foundation
import Testing

/// CE-8 through the gateway: the figures follow generation and cancellation in their own
/// transactions, stay inside the caller's subtree, and export as CSV and XLSX.
extension GatewayCertificatesTests {
    @Test("CE-8: issued this month, valid, per city and institution follow generation and cancel; another city sees none; exports")
    func statistics() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin"), luan = try await http.login("luan_admin")
            let before = try await http.send(.get, "/api/v1/certificate-statistics", token: province)
            let luanBefore = try await http.send(.get, "/api/v1/certificate-statistics", token: luan)
            let planID = try await stack.scoredPlan(passed: 3, post: "019")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)["issued"] as? Int == 3)
            let id = try #require(((try await http.send(.get, "/api/v1/certificates?testPlanId=\(planID)", token: province))["certificates"]
                as? [[String: Any]])?.first?["id"] as? Int)
            _ = try await http.send(.post, "/api/v1/certificates/\(id)/actions", token: province,
                                    json: ["action": "CERTIFICATE_ACTION_CANCEL", "reason": "统计测试"])
            let after = try await http.send(.get, "/api/v1/certificate-statistics", token: province)
            func int(_ reply: HTTP.Reply, _ key: String) -> Int { reply[key] as? Int ?? 0 }
            func thisMonth(_ reply: HTTP.Reply) -> Int { ((reply["months"] as? [[String: Any]])?.last?["issued"] as? Int) ?? 0 }
            #expect(int(after, "issuedTotal") == int(before, "issuedTotal") + 3 && int(after, "validTotal") == int(before, "validTotal") + 2,
                    "\(before.json) → \(after.json)")
            #expect(thisMonth(after) == thisMonth(before) + 3 && (after["months"] as? [Any])?.count == 6)
            let hefei = (after["cities"] as? [[String: Any]] ?? []).first { $0["key"] as? String == "3401" }
            #expect(hefei?["name"] as? String == "合肥市" && (hefei?["issued"] as? Int ?? 0) >= 3)
            #expect((after["institutions"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "合肥建筑职业培训学校" })
            let luanAfter = try await http.send(.get, "/api/v1/certificate-statistics", token: luan)
            #expect(int(luanAfter, "issuedTotal") == int(luanBefore, "issuedTotal"), "六安 does not see 合肥's certificates")

            let csv = try await http.send(.get, "/api/v1/certificate-statistics/export?format=csv", token: province)
            #expect(csv.status == 200 && String(decoding: csv.data, as: UTF8.self).contains("合肥市,3401,"))
            let xlsx = try await http.send(.get, "/api/v1/certificate-statistics/export?format=xlsx", token: province)
            #expect(xlsx.status == 200 && xlsx.data.prefix(2) == Data("PK".utf8))
            #expect(try await http.send(.get, "/api/v1/certificate-statistics/export?format=pdf", token: province).status == 400)
        }
    }
}
