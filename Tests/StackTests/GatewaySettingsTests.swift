import Foundation
@testable import GatewayApp
import HTTPTypes
import IdentityDomain
import IdentityService
import Proto
import ProtoServices
import RPC
import Testing

/// SPEC §0 through the gateway: the province changes its settings and the reference catalog from
/// an effective date, every reader answers the value in force, and each change leaves one
/// operation-log entry. Only keys and codes no other test reads are changed here (the stack is
/// shared by tests running in parallel).
@Suite struct GatewaySettingsTests {
    /// A day relative to today in Asia/Shanghai by the database's clock, as `YYYY-MM-DD`.
    static func day(_ offset: Int, _ stack: Stack) async throws -> String {
        try await stack.database.transaction { tx in
            try tx.execute("SELECT to_char(province_today() + $1::int, 'YYYY-MM-DD') AS day", [.int(Int64(offset))])[0].decode("day")
        }
    }

    /// The setting `key` as the list shows it.
    static func setting(_ key: String, _ token: String, _ http: HTTP) async throws -> [String: Any] {
        let reply = try await http.send(.get, "/api/v1/province-settings", token: token)
        guard reply.status == 200, let setting = (reply["settings"] as? [[String: Any]])?.first(where: { $0["key"] as? String == key })
        else { throw TestFailure("no setting \(key): \(reply.status) \(reply.json)") }
        return setting
    }

    static func value(_ version: Any?) -> Int? { (version as? [String: Any])?["value"] as? Int }
    static func field(_ reply: HTTP.Reply) -> String? { (reply["fields"] as? [[String: Any]])?.first?["field"] as? String }

    /// What the directory gives the other services for `key`.
    static func directoryValue(_ key: String, _ stack: Stack) async throws -> Int? {
        let directory = Identity_V1_IdentityDirectoryClient(try stack.client(as: "enrollment", to: stack.server, hostname: "identity"))
        return try await directory.getProvinceSettings(Common_V1_Empty()).settings.first { $0.key == key }.map { Int($0.value) }
    }

    @Test("SPEC §0: the province schedules a setting for a later day; it applies from that day; city users and bad values are refused; one log entry each")
    func provinceSetting() async throws {
        let stack = try await Stack.shared.value
        let tomorrow = try await Self.day(1, stack), later = try await Self.day(30, stack)
        let yesterday = try await Self.day(-1, stack), today = try await Self.day(0, stack)
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let list = try await http.send(.get, "/api/v1/province-settings", token: province)
            #expect(list.status == 200)
            #expect(list["today"] as? String == today)
            let all = list["settings"] as? [[String: Any]] ?? []
            #expect(all.count == ProvinceSetting.all.count && all.count == 46)
            let lockout = try #require(all.first { $0["key"] as? String == "login.max_failures" })
            #expect(lockout["name"] as? String == "连续输错密码锁定次数" && lockout["unit"] as? String == "次")
            #expect(Self.value(lockout["current"]) == 5 && lockout["minimum"] as? Int == 3 && lockout["maximum"] as? Int == 20)

            // A change from tomorrow: listed as pending, not in force.
            let requestID = "settings-" + UUID().uuidString.prefix(8).lowercased()
            var reply = try await http.send(.post, "/api/v1/province-settings/changes", token: province,
                                            json: ["key": "ce.hours_per_year", "value": 40, "effectiveFrom": tomorrow],
                                            headers: [.xRequestID: requestID])
            #expect(reply.status == 200, "\(reply.json)")
            #expect(Self.value(reply["current"]) == 32)
            let pending = try #require((reply["pending"] as? [[String: Any]])?.first)
            #expect(pending["value"] as? Int == 40 && pending["effectiveFrom"] as? String == tomorrow)
            #expect(pending["changedByName"] as? String == "省厅管理员")
            #expect(try await stack.logEntries(requestID: requestID) == ["settings.change"])
            let target: String = try await stack.database.transaction { tx in
                try tx.execute("SELECT target_type || ' ' || target_id AS t FROM operation_log WHERE request_id = $1",
                               [.text(requestID)])[0].decode("t")
            }
            #expect(target == "province_setting ce.hours_per_year@\(tomorrow)")
            #expect(Self.value(try await Self.setting("ce.hours_per_year", province, http)["current"]) == 32)
            #expect(try await Self.directoryValue("ce.hours_per_year", stack) == 32)

            // The same change again is no change (no second entry).
            let againID = "settings-again-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/province-settings/changes", token: province,
                                        json: ["key": "ce.hours_per_year", "value": 40, "effectiveFrom": tomorrow],
                                        headers: [.xRequestID: againID])
            #expect(reply.status == 200)
            #expect(try await stack.logEntries(requestID: againID).isEmpty)

            // A city authority reads the settings but cannot change them; a student reads nothing.
            let city = try await http.login("hefei_admin")
            #expect(try await http.send(.get, "/api/v1/province-settings", token: city).status == 200)
            let refusedID = "settings-refused-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/province-settings/changes", token: city,
                                        json: ["key": "ce.hours_per_year", "value": 36, "effectiveFrom": tomorrow],
                                        headers: [.xRequestID: refusedID])
            #expect(reply.status == 403)
            #expect(try await stack.logEntries(requestID: refusedID).isEmpty)
            let student = try await http.newStudent(stack)
            #expect(try await http.send(.get, "/api/v1/province-settings", token: student.token).status == 403)

            // Bad values: the Chinese message at the field, nothing stored or logged.
            let bad: [([String: Any], String, String)] = [
                (["key": "ce.hours_per_year", "value": 0, "effectiveFrom": tomorrow], "value", "取值应在1至500学时之间"),
                (["key": "ce.hours_per_year", "value": 36, "effectiveFrom": yesterday], "effectiveFrom", "生效日期不能早于今天"),
                (["key": "ce.hours_per_year", "value": 36, "effectiveFrom": "2026/12/01"], "effectiveFrom", ""),
                (["key": "ce.nothing", "value": 36, "effectiveFrom": tomorrow], "key", "没有这项设置"),
                (["key": "ce.professional_hours_per_year", "value": 41, "effectiveFrom": tomorrow], "value", "继续教育专业课学时不能超过每年学时"),
                (["key": "ce.hours_per_year", "value": "many", "effectiveFrom": tomorrow], "value", ""),
            ]
            for (body, field, message) in bad {
                let id = "settings-bad-" + UUID().uuidString.prefix(8).lowercased()
                reply = try await http.send(.post, "/api/v1/province-settings/changes", token: province, json: body,
                                            headers: [.xRequestID: id])
                #expect(reply.status == 400, "\(body): \(reply.json)")
                #expect(Self.field(reply) == field, "\(body): \(reply.json)")
                if !message.isEmpty { #expect(reply.message == message) }
                #expect(try await stack.logEntries(requestID: id).isEmpty)
            }
            // With the total at 40 from tomorrow, 35 professional hours are fine from then on.
            reply = try await http.send(.post, "/api/v1/province-settings/changes", token: province,
                                        json: ["key": "ce.professional_hours_per_year", "value": 35, "effectiveFrom": later])
            #expect(reply.status == 200, "\(reply.json)")

            // A change still to come is withdrawn (one entry); one in force is not.
            let cancelID = "settings-cancel-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/province-settings/changes/cancel", token: province,
                                        json: ["key": "ce.professional_hours_per_year", "effectiveFrom": later],
                                        headers: [.xRequestID: cancelID])
            #expect(reply.status == 200, "\(reply.json)")
            #expect((reply["pending"] as? [[String: Any]] ?? []).isEmpty)
            #expect(try await stack.logEntries(requestID: cancelID) == ["settings.cancel"])
            reply = try await http.send(.post, "/api/v1/province-settings/changes/cancel", token: province,
                                        json: ["key": "ce.hours_per_year", "effectiveFrom": today])
            #expect(reply.status == 400 && reply.code == "FAILED_PRECONDITION")
            reply = try await http.send(.post, "/api/v1/province-settings/changes/cancel", token: province,
                                        json: ["key": "ce.hours_per_year", "effectiveFrom": later])
            #expect(reply.status == 404)

            // Tomorrow comes (the scheduled day moved to today): the new value is in force for the
            // settings page and for the services reading through the directory.
            try await stack.database.transaction { tx in
                try tx.execute("""
                    UPDATE province_settings SET effective_from = province_today()
                    WHERE key = 'ce.hours_per_year' AND effective_from = province_today() + 1
                    """)
            }
            let now = try await Self.setting("ce.hours_per_year", province, http)
            #expect(Self.value(now["current"]) == 40 && (now["pending"] as? [Any] ?? []).isEmpty)
            #expect(try await Self.directoryValue("ce.hours_per_year", stack) == 40)
        }
    }

    @Test("SPEC §0: the province adds a trade from a later day; until then no scope may name it; divisions are not edited here")
    func catalogEntry() async throws {
        let stack = try await Stack.shared.value
        // Two days ahead, not one: a run across Shanghai midnight must not see the trade come into force.
        let soon = try await Self.day(2, stack), later = try await Self.day(7, stack)
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            var reply = try await http.send(.get, "/api/v1/catalog?kind=post", token: province)
            let posts = reply["entries"] as? [[String: Any]] ?? []
            #expect(posts.count == 14)
            let builder = try #require(posts.first { $0["code"] as? String == "011" })
            let current = try #require(builder["current"] as? [String: Any])
            #expect(current["name"] as? String == "施工员" && current["specialty"] as? String == "土建" && current["requiredHours"] as? Int == 64)
            #expect(builder["editable"] as? Bool == true && builder["kind"] as? String == "CATALOG_KIND_POST")
            reply = try await http.send(.get, "/api/v1/catalog?kind=division", token: province)
            let divisions = reply["entries"] as? [[String: Any]] ?? []
            #expect(divisions.count == 17 && divisions.allSatisfy { $0["editable"] as? Bool != true })
            reply = try await http.send(.get, "/api/v1/catalog?kind=nothing", token: province)
            #expect(reply.status == 400)
            let student = try await http.newStudent(stack)
            reply = try await http.send(.get, "/api/v1/catalog", token: student.token)
            let kinds = Set((reply["entries"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
            #expect(reply.status == 200 && kinds.count == 4, "\(kinds)")

            // A new trade from the day after tomorrow: pending, not yet a code an organisation's scope may name.
            let requestID = "catalog-" + UUID().uuidString.prefix(8).lowercased()
            let trade: [String: Any] = ["kind": "CATALOG_KIND_TRADE", "code": "t11", "name": " 电工 ", "requiredHours": 56,
                                        "effectiveFrom": soon]
            reply = try await http.send(.post, "/api/v1/catalog/changes", token: province, json: trade, headers: [.xRequestID: requestID])
            #expect(reply.status == 200, "\(reply.json)")
            #expect(reply["code"] as? String == "T11" && reply["current"] == nil)
            let pending = try #require((reply["pending"] as? [[String: Any]])?.first)
            #expect(pending["name"] as? String == "电工" && pending["requiredHours"] as? Int == 56)
            #expect(try await stack.logEntries(requestID: requestID) == ["catalog.change"])
            let city = try await http.login("hefei_admin")
            let institution: [String: Any] = ["kind": "ORG_KIND_TRAINING_INSTITUTION", "postScope": ["T11"]]
            reply = try await http.send(.post, "/api/v1/organisations", token: city,
                                        json: institution.merging(["name": "电工培训学校\(Int.random(in: 0..<100_000))"]) { $1 })
            #expect(reply.status == 400 && Self.field(reply) == "postScope", "\(reply.json)")

            // A city cannot change the catalog; bad entries are refused at their field.
            reply = try await http.send(.post, "/api/v1/catalog/changes", token: city, json: trade)
            #expect(reply.status == 403)
            let bad: [([String: Any], String)] = [
                (trade.merging(["code": "X11"]) { $1 }, "code"),
                (trade.merging(["requiredHours": 0]) { $1 }, "requiredHours"),
                (trade.merging(["specialty": "土建"]) { $1 }, "specialty"),
                (trade.merging(["name": ""]) { $1 }, "name"),
                (trade.merging(["effectiveFrom": try await Self.day(-1, stack)]) { $1 }, "effectiveFrom"),
                (["kind": "CATALOG_KIND_POST", "code": "015", "name": "施工员", "requiredHours": 64, "effectiveFrom": soon], "specialty"),
                (["kind": "CATALOG_KIND_LEVEL", "code": "6", "name": "特级", "requiredHours": 10, "effectiveFrom": soon], "requiredHours"),
                (["kind": "CATALOG_KIND_TRADE", "code": "T12", "name": "管道工", "requiredHours": 48, "withdrawn": true,
                  "effectiveFrom": soon], "code"),
                (["code": "T12", "name": "管道工", "requiredHours": 48, "effectiveFrom": soon], "kind"),
            ]
            for (body, field) in bad {
                reply = try await http.send(.post, "/api/v1/catalog/changes", token: province, json: body)
                #expect(reply.status == 400 && Self.field(reply) == field, "\(body): \(reply.json)")
            }
            reply = try await http.send(.post, "/api/v1/catalog/changes", token: province, json: [
                "kind": "CATALOG_KIND_DIVISION", "code": "3401", "name": "合肥", "effectiveFrom": soon])
            #expect(reply.status == 400 && reply.code == "FAILED_PRECONDITION" && reply.message.contains("GB/T 2260"))

            // Its day comes: the trade is in force and a new institution may train it.
            try await stack.database.transaction { tx in
                try tx.execute("UPDATE catalog_entries SET effective_from = province_today() WHERE kind = 'trade' AND code = 'T11'")
            }
            reply = try await http.send(.get, "/api/v1/catalog?kind=trade", token: province)
            let electrician = (reply["entries"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "T11" }
            #expect((electrician?["current"] as? [String: Any])?["name"] as? String == "电工")
            reply = try await http.send(.post, "/api/v1/organisations", token: city,
                                        json: institution.merging(["name": "电工培训学校\(Int.random(in: 0..<100_000))"]) { $1 })
            #expect(reply.status == 200, "\(reply.json)")

            // Withdrawn from a later day, then that change withdrawn itself: one entry each.
            let withdrawID = "catalog-withdraw-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/catalog/changes", token: province, json: [
                "kind": "CATALOG_KIND_TRADE", "code": "T11", "name": "电工", "requiredHours": 56, "withdrawn": true,
                "effectiveFrom": later], headers: [.xRequestID: withdrawID])
            #expect(reply.status == 200, "\(reply.json)")
            #expect((reply["pending"] as? [[String: Any]])?.first?["withdrawn"] as? Bool == true)
            #expect(try await stack.logEntries(requestID: withdrawID) == ["catalog.change"])
            let cancelID = "catalog-cancel-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/catalog/changes/cancel", token: province, json: [
                "kind": "CATALOG_KIND_TRADE", "code": "T11", "effectiveFrom": later], headers: [.xRequestID: cancelID])
            #expect(reply.status == 200 && (reply["pending"] as? [Any] ?? []).isEmpty, "\(reply.json)")
            #expect(try await stack.logEntries(requestID: cancelID) == ["catalog.cancel"])
        }
    }

    @Test("ID-11: a notice's body is stored and served sanitised")
    func noticeSanitised() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let body = "<p onclick=\"alert(1)\">通知<script>alert(1)</script><img src=x onerror=alert(1)>"
                + "<a href=\"jav&#x61;script:alert(1)\">链接</a><a href=\"https://zjt.ah.gov.cn/\">官网</a></p><svg onload=alert(1)>"
            var reply = try await http.send(.post, "/api/v1/notices", token: province, json: ["title": "净化测试", "bodyHtml": body])
            #expect(reply.status == 200, "\(reply.json)")
            let clean = "<p>通知链接<a href=\"https://zjt.ah.gov.cn/\" rel=\"noopener noreferrer\" target=\"_blank\">官网</a></p>"
            #expect(reply["bodyHtml"] as? String == clean)
            let id = try #require(reply["id"] as? Int)
            let stored: String = try await stack.database.transaction { tx in
                try tx.execute("SELECT body_html FROM notices WHERE id = $1", [.int(Int64(id))])[0].decode("body_html")
            }
            #expect(stored == clean)
            // A body stored before sanitising is sanitised when served.
            try await stack.database.transaction { tx in
                try tx.execute("UPDATE notices SET body_html = $2 WHERE id = $1", [.int(Int64(id)), .text(body)])
            }
            reply = try await http.send(.get, "/api/v1/notices/\(id)", token: province)
            #expect(reply["bodyHtml"] as? String == clean)
        }
    }
}
