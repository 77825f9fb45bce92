import CommonRules
import Foundation
@testable import GatewayApp
import HTTPTypes
import IdentityDomain
import IdentityService
import Proto
import RPC
import Testing

/// End to end through the gateway's HTTP API, the identity service over mutual TLS, and
/// PostgreSQL (issue 4, "What it must show").
@Suite struct GatewayIdentityTests {
    /// A fresh username for tests that change an account.
    static func unique(_ prefix: String) -> String { prefix + "_" + UUID().uuidString.prefix(8).lowercased() }

    /// A valid GB 11643 number not in the demo data: region 340104, a random birth date, sequence.
    static func freshIDNumber() -> String {
        let first17 = "340104" + "19\(Int.random(in: 60...99))" + String(format: "%02d%02d", Int.random(in: 1...12), Int.random(in: 1...28))
            + String(format: "%03d", Int.random(in: 0...999))
        return first17 + String(IDNumber.checkCharacter(first17.utf8.map { $0 - 48 }))
    }

    static func freshPhone() -> String { "137" + String(format: "%08d", Int.random(in: 0..<100_000_000)) }

    @Test("ID-4: a student registers, is refused a second registration, logs in and changes password")
    func studentRegistration() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let number = Self.freshIDNumber(), phone = Self.freshPhone()
            var reply = try await http.send(.post, "/api/v1/sms-codes", json: ["phone": phone, "purpose": "SMS_PURPOSE_REGISTER"])
            #expect(reply.status == 200, "\(reply.json)")
            let code = try await stack.smsCode(to: phone)
            let registration: [String: Any] = ["idNumber": number, "name": "赵敏", "phone": phone, "smsCode": code, "password": "Study2026x"]
            reply = try await http.send(.post, "/api/v1/students", json: registration)
            #expect(reply.status == 200, "\(reply.json)")
            #expect(reply["realNameVerified"] as? Bool == true)

            // The code was used up; a second registration with the same ID number is refused clearly.
            _ = try await http.send(.post, "/api/v1/sms-codes", json: ["phone": phone, "purpose": "SMS_PURPOSE_REGISTER"])
            var again = registration
            again["smsCode"] = try await stack.smsCode(to: phone)
            reply = try await http.send(.post, "/api/v1/students", json: again)
            #expect(reply.status == 409)
            #expect(reply.message.contains("已被注册，请联系客服"))

            let token = try await http.login(number, password: "Study2026x")
            reply = try await http.send(.get, "/api/v1/me", token: token)
            #expect(reply.status == 200)
            #expect(reply["student"] as? Bool == true)
            #expect(reply["maskedIdNumber"] as? String == String(number.prefix(4)) + "**********" + String(number.suffix(4)))

            reply = try await http.send(.put, "/api/v1/me/password", token: token,
                                        json: ["oldPassword": "wrong-old-1", "newPassword": "Newer2026y"])
            #expect(reply.status == 400)
            reply = try await http.send(.put, "/api/v1/me/password", token: token,
                                        json: ["oldPassword": "Study2026x", "newPassword": "short"])
            #expect(reply.status == 400 && reply.code == "INVALID_ARGUMENT")
            reply = try await http.send(.put, "/api/v1/me/password", token: token,
                                        json: ["oldPassword": "Study2026x", "newPassword": "Newer2026y"])
            #expect(reply.status == 200)
            #expect(try await http.send(.post, "/api/v1/sessions", json: ["login": number, "password": "Study2026x"]).status == 401)
            _ = try await http.login(number, password: "Newer2026y")
        }
    }

    @Test("ID-4: registration refuses a bad ID number with a field error, and a wrong SMS code")
    func registrationRefusals() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            var number = Self.freshIDNumber()
            let last = number.removeLast()
            number.append(last == "1" ? "2" : "1")  // wrong check character
            var reply = try await http.send(.post, "/api/v1/students", json: [
                "idNumber": number, "name": "赵敏", "phone": Self.freshPhone(), "smsCode": "123456", "password": "Study2026x"])
            #expect(reply.status == 400)
            #expect((reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "idNumber")
            #expect(reply.message == "身份证号校验位错误")

            let phone = Self.freshPhone()
            reply = try await http.send(.post, "/api/v1/sms-codes", json: ["phone": phone, "purpose": "SMS_PURPOSE_REGISTER"])
            #expect(reply.status == 200, "\(reply.json)")
            let code = try await stack.smsCode(to: phone)
            reply = try await http.send(.post, "/api/v1/students", json: [
                "idNumber": Self.freshIDNumber(), "name": "赵敏", "phone": phone,
                "smsCode": code == "000000" ? "000001" : "000000", "password": "Study2026x"])
            #expect(reply.status == 400)
            #expect(reply.message == "验证码错误或已失效")
        }
    }

    @Test("ID-2: an org user binds a phone by SMS code on first login")
    func firstLoginBindsPhone() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            var reply = try await http.send(.post, "/api/v1/sessions", json: ["login": "hfjx_new", "password": DemoData.password])
            let session = try #require(reply["session"] as? [String: Any])
            #expect(session["mustBindPhone"] as? Bool == true)
            #expect((session["caller"] as? [String: Any])?["permissions"] as? [String] == ["account.bind_phone"])
            let token = try #require(session["token"] as? String)

            // Until the phone is bound the session can do nothing else.
            #expect(try await http.send(.get, "/api/v1/notices", token: token).status == 403)

            let phone = Self.freshPhone()
            reply = try await http.send(.post, "/api/v1/me/phone/sms-code", token: token, json: ["phone": phone])
            #expect(reply.status == 200, "\(reply.json)")
            reply = try await http.send(.put, "/api/v1/me/phone", token: token, json: ["phone": phone, "smsCode": "999999x"])
            #expect(reply.status == 400)
            reply = try await http.send(.put, "/api/v1/me/phone", token: token,
                                        json: ["phone": phone, "smsCode": try await stack.smsCode(to: phone)])
            #expect(reply.status == 200)

            #expect(try await http.send(.get, "/api/v1/notices", token: token).status == 200)
            reply = try await http.send(.get, "/api/v1/me", token: token)
            #expect((reply["user"] as? [String: Any])?["maskedPhone"] as? String == String(phone.prefix(3)) + "****" + String(phone.suffix(4)))
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": "hfjx_new", "password": DemoData.password])
            #expect((reply["session"] as? [String: Any])?["mustBindPhone"] as? Bool == false)
        }
    }

    @Test("ID-1: five wrong passwords lock the account; the error never says which part was wrong")
    func lockout() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let username = Self.unique("lock")
            var reply = try await http.send(.post, "/api/v1/users", token: admin,
                                            json: ["username": username, "name": "锁定测试", "initialPassword": "Initial2026z"])
            #expect(reply.status == 200, "\(reply.json)")

            let unknown = try await http.send(.post, "/api/v1/sessions", json: ["login": Self.unique("nobody"), "password": "x1234567"])
            for attempt in 1...5 {
                reply = try await http.send(.post, "/api/v1/sessions", json: ["login": username, "password": "Wrong2026\(attempt)"])
                if attempt < 5 {
                    #expect(reply.status == 401)
                    #expect(reply.message == unknown.message)  // unknown user and wrong password read the same
                }
            }
            #expect(reply.status == 429)
            #expect(reply.message.contains("账户已锁定"))
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": username, "password": "Initial2026z"])
            #expect(reply.status == 429)
        }
    }

    @Test("ID-6, ID-7, ID-8: an institution admin of org A gets 403/404 for every user, role and log entry of org B")
    func otherOrganisationIsInvisible() async throws {
        let stack = try await Stack.shared.value
        let orgB = try await stack.organisationID(code: "3415T001")
        let userB = try await stack.userID(username: "lajx_admin")
        let roleB: Int64 = try await stack.database.transaction { tx in
            try tx.execute("SELECT id FROM roles WHERE org_id = $1 LIMIT 1", [.int(orgB)])[0].decode("id")
        }
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let attempts: [(HTTPRequest.Method, String, [String: Any]?, Int)] = [
                (.get, "/api/v1/users/\(userB)", nil, 404),
                (.patch, "/api/v1/users/\(userB)", ["name": "改名"], 404),
                (.put, "/api/v1/users/\(userB)/password", ["newPassword": "Hijack2026a"], 404),
                (.delete, "/api/v1/users/\(userB)/phone", nil, 404),
                (.get, "/api/v1/users?orgId=\(orgB)", nil, 403),
                (.post, "/api/v1/users", ["orgId": orgB, "username": Self.unique("intruder"), "name": "入侵者",
                                          "initialPassword": "Intrude2026a"], 404),
                (.get, "/api/v1/roles?orgId=\(orgB)", nil, 403),
                (.post, "/api/v1/roles", ["orgId": orgB, "name": "越权角色", "permissions": ["account.self"]], 403),
                (.put, "/api/v1/roles/\(roleB)", ["name": "改名角色", "permissions": ["account.self"]], 404),
                (.get, "/api/v1/identity/operation-log?orgId=\(orgB)", nil, 403),
                (.put, "/api/v1/organisations/\(orgB)/online", ["online": false], 403),
            ]
            for (method, path, body, expected) in attempts {
                let reply = try await http.send(method, path, token: admin, json: body)
                #expect(reply.status == expected, "\(method) \(path): \(reply.status) \(reply.json)")
            }
            // Nothing changed in org B.
            let name: String = try await stack.database.transaction { tx in
                try tx.execute("SELECT name FROM users WHERE id = $1", [.int(userB)])[0].decode("name")
            }
            #expect(name == "六安建培管理员")
            _ = try await http.login("lajx_admin")
        }
    }

    @Test("ID-5: a city authority sees its subtree and not the other city's")
    func citySubtree() async throws {
        let stack = try await Stack.shared.value
        let luan = try await stack.organisationID(code: "3415")
        let luanSchool = try await stack.organisationID(code: "3415T001")
        try await stack.gateway { http in
            let hefei = try await http.login("hefei_admin")
            var reply = try await http.send(.get, "/api/v1/organisations?pageSize=200", token: hefei)
            let codes = Set((reply["organisations"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(codes.isSuperset(of: ["3401", "3401T001", "3401J001"]))
            #expect(codes.isDisjoint(with: ["34", "3415", "3415T001", "3400Z001"]))
            reply = try await http.send(.get, "/api/v1/organisations?parentId=\(luan)", token: hefei)
            #expect(reply.status == 403)
            reply = try await http.send(.get, "/api/v1/users?orgId=\(luanSchool)", token: hefei)
            #expect(reply.status == 403)

            // The province sees both cities.
            let province = try await http.login("sheng_admin")
            reply = try await http.send(.get, "/api/v1/organisations?pageSize=200", token: province)
            let all = Set((reply["organisations"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(all.isSuperset(of: ["34", "3401", "3415", "3401T001", "3415T001", "3400Z001"]))
            #expect((reply["page"] as? [String: Any])?["total"] as? Int == all.count)
        }
    }

    @Test("ID-5: an institution created by its city gets a generated code; offline, its users cannot log in")
    func offlineInstitution() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let hefei = try await http.login("hefei_admin")
            var reply = try await http.send(.post, "/api/v1/organisations", token: hefei, json: [
                "kind": "ORG_KIND_TRAINING_INSTITUTION", "name": "合肥测试培训学校\(Int.random(in: 0..<10_000))", "postScope": ["011", "030"]])
            #expect(reply.status == 200, "\(reply.json)")
            let orgID = try #require(reply["id"] as? Int)
            let code = try #require(reply["code"] as? String)
            #expect(code.hasPrefix("3401T") && code.count == 8)

            // A scope outside the parent's catalogue is refused.
            reply = try await http.send(.post, "/api/v1/organisations", token: hefei, json: [
                "kind": "ORG_KIND_TRAINING_INSTITUTION", "name": "范围错误学校", "postScope": ["999"]])
            #expect(reply.status == 400)

            let username = Self.unique("offline")
            reply = try await http.send(.post, "/api/v1/users", token: hefei, json: [
                "orgId": orgID, "username": username, "name": "下线测试", "initialPassword": "Offline2026a"])
            #expect(reply.status == 200, "\(reply.json)")
            let before = try await http.login(username, password: "Offline2026a")

            reply = try await http.send(.put, "/api/v1/organisations/\(orgID)/online", token: hefei, json: ["online": false])
            #expect(reply.status == 200)
            #expect(reply["online"] as? Bool == false)
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": username, "password": "Offline2026a"])
            #expect(reply.status == 403)
            #expect(reply.message == "所属机构已下线，无法登录")
            #expect(try await http.send(.get, "/api/v1/me", token: before).status == 401)
        }
    }

    @Test("GW-2: a revoked token is refused; a cookie session needs the CSRF header for changes")
    func revokedTokenAndCSRF() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let token = try await http.login("luan_admin")
            #expect(try await http.send(.get, "/api/v1/me", token: token).status == 200)
            #expect(try await http.send(.delete, "/api/v1/sessions/current", token: token).status == 200)
            let reply = try await http.send(.get, "/api/v1/me", token: token)
            #expect(reply.status == 401)
            #expect(reply.code == "UNAUTHENTICATED")
            #expect(try await http.send(.get, "/api/v1/me", token: String(repeating: "0", count: 64)).status == 401)
            #expect(try await http.send(.get, "/api/v1/me").status == 401)

            // The browser form of the same session.
            let login = try await http.send(.post, "/api/v1/sessions", json: ["login": "luan_admin", "password": DemoData.password])
            let cookies = login.headers[values: .setCookie]
            #expect(cookies.contains { $0.hasPrefix("session=") && $0.contains("HttpOnly") && $0.contains("Secure") && $0.contains("SameSite=Strict") })
            let session = try #require(cookies.first { $0.hasPrefix("session=") }?.split(separator: ";").first)
            let csrf = try #require(cookies.first { $0.hasPrefix("csrf_token=") }?.split(separator: ";").first)
            let cookieHeader: HTTPFields = [.cookie: "\(session); \(csrf)"]
            #expect(try await http.send(.get, "/api/v1/me", headers: cookieHeader).status == 200)
            let notice = ["title": "标题", "bodyHtml": "<p>正文</p>"]
            var refused = try await http.send(.post, "/api/v1/roles", json: notice, headers: cookieHeader)
            #expect(refused.status == 403)
            #expect(refused.message.contains("CSRF"))
            var withHeader = cookieHeader
            withHeader[.xCSRFToken] = String(csrf.dropFirst("csrf_token=".count))
            refused = try await http.send(.post, "/api/v1/roles", json: ["name": "CSRF角色\(Int.random(in: 0..<1_000_000))",
                                                                         "permissions": ["log.read"]], headers: withHeader)
            #expect(refused.status == 200, "\(refused.json)")
        }
    }

    @Test("ID-11: notice lists carry titles; the body (up to 200 KB) comes with the single notice")
    func noticeBodies() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let body = "<p>" + String(repeating: "培训通知正文", count: 8_000) + "</p>"  // about 144 KB
            var reply = try await http.send(.post, "/api/v1/notices", token: province, json: ["title": "长通知", "bodyHtml": body])
            let id = reply["id"] as? Int ?? 0
            #expect(reply.status == 200 && id > 0, "\(reply.json)")
            let student = try await http.newStudent(stack)
            reply = try await http.send(.get, "/api/v1/notices?pageSize=200", token: student.token)
            let listed = (reply["notices"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == id }
            #expect(listed?["title"] as? String == "长通知" && (listed?["bodyHtml"] as? String ?? "").isEmpty, "\(String(describing: listed))")
            reply = try await http.send(.get, "/api/v1/notices/\(id)", token: student.token)
            #expect(reply["bodyHtml"] as? String == body)
            #expect(try await http.send(.get, "/api/v1/notices/999999999", token: student.token).status == 404)
        }
    }

    @Test("ID-8, ID-9: every mutating call leaves exactly one operation-log entry, in its own transaction")
    func operationLogPerChange() async throws {
        let stack = try await Stack.shared.value
        let cityID = try await stack.organisationID(code: "3401")
        try await stack.gateway { http in
            /// Sends one change under a fresh request id; it must succeed and leave exactly `action`.
            @discardableResult
            func change(_ action: String, _ token: String?, _ method: HTTPRequest.Method, _ path: String,
                        _ body: [String: Any]? = nil) async throws -> HTTP.Reply {
                let requestID = "log-" + UUID().uuidString.prefix(12).lowercased()
                let reply = try await http.send(method, path, token: token, json: body, headers: [.xRequestID: requestID])
                #expect(reply.status == 200, "\(action): \(reply.status) \(reply.json)")
                #expect(try await stack.logEntries(requestID: requestID) == [action], "\(action)")
                return reply
            }
            func application() -> [String: Any] {
                ["name": "合肥测试建筑有限公司", "creditCode": Self.creditCode(), "cityAuthorityId": cityID,
                 "licenceImage": Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).base64EncodedString(),
                 "qualificationImages": [Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).base64EncodedString()],
                 "commitmentAccepted": true]
            }
            let province = try await http.login("sheng_admin")
            let hefei = try await http.login("hefei_admin")
            let school = try await http.login("hfjx_admin")
            let base = try await http.login("hfjj_admin")

            // Sessions, SMS and the student's own account (ID-1 … ID-4).
            let phone = Self.freshPhone(), number = Self.freshIDNumber()
            try await change("sms.send", nil, .post, "/api/v1/sms-codes", ["phone": phone, "purpose": "SMS_PURPOSE_REGISTER"])
            try await change("student.register", nil, .post, "/api/v1/students", [
                "idNumber": number, "name": "钱多多", "phone": phone, "smsCode": try await stack.smsCode(to: phone),
                "password": "Logged2026s"])
            let login = try await change("session.login", nil, .post, "/api/v1/sessions",
                                         ["login": number, "password": "Logged2026s", "wechatOpenid": "wx-first"])
            let student = try #require((login["session"] as? [String: Any])?["token"] as? String)
            try await change("user.change_password", student, .put, "/api/v1/me/password",
                             ["oldPassword": "Logged2026s", "newPassword": "Logged2026t"])
            let newPhone = Self.freshPhone()
            try await change("sms.send", student, .post, "/api/v1/me/phone/sms-code", ["phone": newPhone])
            try await change("user.bind_phone", student, .put, "/api/v1/me/phone",
                             ["phone": newPhone, "smsCode": try await stack.smsCode(to: newPhone)])
            // A forgotten password, by a code to the bound phone (a demo student: each phone may get one
            // code a minute, and this test's phones just had theirs).
            let forgetful = DemoData.studentIDNumbers[1]
            try await change("sms.send", nil, .post, "/api/v1/sms-codes", ["login": forgetful, "purpose": "SMS_PURPOSE_RESET_PASSWORD"])
            try await change("user.reset_password", nil, .post, "/api/v1/password-resets", [
                "login": forgetful, "smsCode": try await stack.smsCode(to: "13900000002"), "newPassword": "Logged2026u"])
            _ = try await http.login(forgetful, password: "Logged2026u")
            let otherWeChat = try await http.send(.post, "/api/v1/sessions",
                                                  json: ["login": number, "password": "Logged2026t", "wechatOpenid": "wx-second"])
            #expect(otherWeChat.status == 403)  // recorded for review, refused
            let userID = try #require((login["session"] as? [String: Any]).flatMap { ($0["caller"] as? [String: Any])?["userId"] as? Int })
            // A student with no enrollment: only the province handles the account (ID-9).
            let search = try await http.send(.post, "/api/v1/abnormal-accounts/search", token: province, json: ["idNumber": number])
            let wechat = ((search["accounts"] as? [[String: Any]])?.first?["wechat"] as? [[String: Any]]) ?? []
            #expect(wechat.map { "\($0["openid"]!)=\($0["bound"]!)" } == ["wx-first=1", "wx-second=0"])
            try await change("student.bind_wechat", province, .put, "/api/v1/abnormal-accounts/\(userID)/wechat", ["openid": "wx-second"])
            // ID-9: only the bound WeChat account may act now.
            #expect(try await http.send(.post, "/api/v1/sessions",
                                        json: ["login": number, "password": "Logged2026t", "wechatOpenid": "wx-first"]).status == 403)
            #expect(try await http.send(.post, "/api/v1/sessions",
                                        json: ["login": number, "password": "Logged2026t", "wechatOpenid": "wx-second"]).status == 200)

            // Users and roles of an institution (ID-6, ID-7).
            let created = try await change("user.create", school, .post, "/api/v1/users",
                                           ["username": Self.unique("logged"), "name": "日志测试", "initialPassword": "Logged2026a"])
            let user = created["id"] as? Int ?? 0
            try await change("user.update", school, .patch, "/api/v1/users/\(user)", ["name": "日志测试二"])
            try await change("user.reset_password", school, .put, "/api/v1/users/\(user)/password", ["newPassword": "Logged2026b"])
            try await change("user.unbind_phone", school, .delete, "/api/v1/users/\(user)/phone")
            let role = try await change("role.create", school, .post, "/api/v1/roles",
                                        ["name": "日志角色\(Int.random(in: 0..<1_000_000))", "permissions": ["log.read"]])
            try await change("role.update", school, .put, "/api/v1/roles/\(role["id"] as? Int ?? 0)",
                             ["name": "日志角色改\(Int.random(in: 0..<1_000_000))", "permissions": ["log.read", "account.self"]])
            let heir = try await change("user.create", base, .post, "/api/v1/users",
                                        ["username": Self.unique("heir"), "name": "继任管理员", "initialPassword": "Logged2026c"])
            try await change("user.transfer_super_admin", base, .post, "/api/v1/super-admin/transfer", ["toUserId": heir["id"] as? Int ?? 0])

            // Organisations, enterprises and notices (ID-5, ID-10, ID-11).
            let organisation = try await change("organisation.create", hefei, .post, "/api/v1/organisations", [
                "kind": "ORG_KIND_TRAINING_INSTITUTION", "name": "日志测试学校\(Int.random(in: 0..<10_000))"])
            let orgID = organisation["id"] as? Int ?? 0
            try await change("organisation.offline", hefei, .put, "/api/v1/organisations/\(orgID)/online", ["online": false])
            try await change("organisation.online", hefei, .put, "/api/v1/organisations/\(orgID)/online", ["online": true])
            try await change("notice.publish", province, .post, "/api/v1/notices", ["title": "关于开展培训的通知", "bodyHtml": "<p>内容</p>"])
            let rejected = try await change("enterprise.register", nil, .post, "/api/v1/enterprise-applications", application())
            // The reviewing city sees the licence image; the other city does not.
            let licence = "/api/v1/enterprise-applications/\(rejected["id"] as? Int ?? 0)/licence"
            let image = try await http.send(.get, licence, token: hefei)
            #expect(image.status == 200 && image.headers[.contentType]?.hasPrefix("image/") == true && image.data.count > 8)
            #expect(try await http.send(.get, licence, token: try await http.login("luan_admin")).status == 404)
            try await change("enterprise.reject", hefei, .post, "/api/v1/enterprise-applications/\(rejected["id"] as? Int ?? 0)/review",
                             ["approve": false, "reason": "营业执照不清晰"])
            let approved = try await change("enterprise.register", nil, .post, "/api/v1/enterprise-applications", application())
            // Approval creates the enterprise's organisation too: two entries, one transaction.
            let requestID = "log-approve-" + UUID().uuidString.prefix(8).lowercased()
            let approval = try await http.send(.post, "/api/v1/enterprise-applications/\(approved["id"] as? Int ?? 0)/review",
                                               token: hefei, json: ["approve": true], headers: [.xRequestID: requestID])
            #expect(approval.status == 200)
            #expect(try await stack.logEntries(requestID: requestID) == ["organisation.create", "enterprise.approve"])
            try await change("session.logout", school, .delete, "/api/v1/sessions/current")

            // A refused change leaves no entry.
            let refusedID = "log-refused-" + UUID().uuidString.prefix(8).lowercased()
            let refused = try await http.send(.post, "/api/v1/users", token: province, json: ["username": "1bad", "name": "x"],
                                              headers: [.xRequestID: refusedID])
            #expect(refused.status == 400)
            #expect(try await stack.logEntries(requestID: refusedID).isEmpty)

            // The school's log lists its own entries, newest first, with the actor's name.
            let fresh = try await http.login("hfjx_admin")
            let log = try await http.send(.get, "/api/v1/identity/operation-log?action=role.update", token: fresh)
            let entries = log["entries"] as? [[String: Any]] ?? []
            #expect(entries.first?["actorName"] as? String == "合肥建校管理员", "\(log.status) \(log.json)")
        }
    }

    /// A GB 32100 code with a random body and the check character `CreditCode` accepts.
    static func creditCode() -> String {
        let body = "91340100" + String((0..<9).map { _ in "0123456789".randomElement()! })
        return "0123456789ABCDEFGHJKLMNPQRTUWXY".map { body + String($0) }
            .first { (try? CreditCode($0))?.checksumValid == true }!
    }

    @Test("X-1: user lists mask phone numbers")
    func maskedLists() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let reply = try await http.send(.get, "/api/v1/users?search=hfjx_admin", token: admin)
            let users = reply["users"] as? [[String: Any]] ?? []
            #expect(users.first?["maskedPhone"] as? String == "138****0005")
            #expect(!String(decoding: reply.data, as: UTF8.self).contains("13800000005"))
        }
    }

    @Test("GW-1: bad input gets 400 with the field; unknown routes and oversized bodies get JSON errors; security headers")
    func inputValidation() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            var reply = try await http.send(.post, "/api/v1/sessions", raw: "{\"login\": 5, \"password\": \"x\"}")
            #expect(reply.status == 400)
            #expect((reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "login")
            reply = try await http.send(.post, "/api/v1/sessions", raw: "not json")
            #expect(reply.status == 400)
            reply = try await http.send(.get, "/api/v1/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.code == "INVALID_ARGUMENT" || reply.code == "NOT_FOUND")
            reply = try await http.send(.post, "/api/v1/sessions", raw: "{\"login\": \"" + String(repeating: "a", count: 5 * 1024 * 1024) + "\"}")
            #expect(reply.status == 413)
            #expect(reply.message == "请求体过大")
            let token = try await http.login("hfjx_admin")
            reply = try await http.send(.get, "/api/v1/users?pageSize=abc", token: token)
            #expect(reply.status == 400)
            reply = try await http.send(.get, "/api/v1/users/abc", token: token)
            #expect(reply.status == 400)
            #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            #expect(reply.headers[.xFrameOptions] == "DENY")
            #expect(reply.headers[.xRequestID]?.isEmpty == false)
        }
    }

    @Test("GW-1: too many logins from one address get 429 with Retry-After")
    func loginRateLimit() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(rateLimits: ["login": 3, "sms": 3]) { http in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(try await http.send(.post, "/api/v1/sessions", json: ["login": "nobody_x", "password": "x"]).status)
            }
            #expect(statuses == [401, 401, 401, 429])
            let reply = try await http.send(.post, "/api/v1/sessions", json: ["login": "nobody_x", "password": "x"])
            #expect(reply.headers[.retryAfter] != nil)
        }
    }

    @Test("GW-1: /openapi.json documents every route, and every documented route exists")
    func openAPIMatchesRoutes() async throws {
        let stack = try await Stack.shared.value
        let endpoints = GatewayApplication.router(backends: stack.backends, rateLimits: [:], web: .empty).1.endpoints
        try await stack.gateway { http in
            let reply = try await http.send(.get, "/openapi.json")
            #expect(reply.status == 200)
            let paths = try #require(reply["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let registered = Set(endpoints.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == registered)

            // Every documented route answers with something other than "no such route".
            for endpoint in endpoints {
                let path = endpoint.path.replacingOccurrences(of: "\\{[A-Za-z]+\\}", with: "1", options: .regularExpression)
                let answer = try await http.send(endpoint.method, path, raw: "{}")
                #expect(answer.status != 404 && answer.status != 405, "\(endpoint.method) \(path): \(answer.status)")
                if endpoint.access != .open { #expect(answer.status == 401, "\(endpoint.path)") }
            }

            // Every schema reference resolves.
            let schemas = try #require((reply["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let text = String(decoding: reply.data, as: UTF8.self)
            let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(!refs.isEmpty)
            for ref in refs { #expect(schemas[String(ref)] != nil, "\(ref)") }
        }
    }

    @Test("GW-4: the gateway balances over two identity instances and keeps answering when one drains")
    func balancing() async throws {
        let stack = try await Stack.shared.value
        let (servers, backends) = try await stack.instances(2)
        try await stack.gateway(backends: backends) { http in
            let token = try await http.login("zhisuo_admin")
            for _ in 0..<10 { #expect(try await http.send(.get, "/api/v1/me", token: token).status == 200) }
            #expect(servers.allSatisfy { $0.connectionCount > 0 })  // both instances took calls

            await servers[0].drain()
            #expect(servers[0].connectionCount == 0)
            for _ in 0..<10 { #expect(try await http.send(.get, "/api/v1/me", token: token).status == 200) }
        }
        await servers[1].drain()
        await backends.close()
    }

    @Test("GW-1: every RPC status maps to an HTTP status", arguments: [
        (RPCCode.invalidArgument, 400), (.notFound, 404), (.alreadyExists, 409), (.permissionDenied, 403),
        (.unauthenticated, 401), (.resourceExhausted, 429), (.failedPrecondition, 400), (.unavailable, 503),
        (.deadlineExceeded, 504), (.internal, 500), (.unimplemented, 501), (.cancelled, 499), (.aborted, 409),
        (.outOfRange, 400), (.dataLoss, 500), (.unknown, 500),
    ])
    func statusMapping(code: RPCCode, http: Int) {
        #expect(Int(APIError.status(for: code).code) == http)
    }
}
