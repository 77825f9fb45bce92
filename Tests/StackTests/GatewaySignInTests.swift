import CommonRules
import Foundation
@testable import GatewayApp
import HTTPTypes
import IdentityService
import Testing

/// ID-1, ID-2 through the gateway: what the sign-in page needs beyond the password login that
/// GatewayIdentityTests covers: the SMS-code login, its lockout, and the second factor.
@Suite struct GatewaySignInTests {
    /// Asks for a LOGIN code for `login` and reads it from the development outbox.
    static func loginCode(_ login: String, phone: String, _ http: HTTP, _ stack: Stack) async throws -> String {
        let reply = try await http.send(.post, "/api/v1/sms-codes", json: ["login": login, "purpose": "SMS_PURPOSE_LOGIN"])
        guard reply.status == 200 else { throw TestFailure("sms-codes: \(reply.status) \(reply.json)") }
        return try await stack.smsCode(to: phone)
    }

    static func wrong(_ code: String) -> String { code == "000000" ? "000001" : "000000" }

    @Test("ID-2: a student signs in with an SMS code and no password; the code works once; unknown logins read the same")
    func smsCodeLogin() async throws {
        let stack = try await Stack.shared.value
        let number = GatewayIdentityTests.freshIDNumber(), phone = GatewayIdentityTests.freshPhone()
        _ = try await stack.insertStudent(idNumber: number, phone: phone)
        try await stack.gateway { http in
            let code = try await Self.loginCode(number, phone: phone, http, stack)
            var reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "smsCode": Self.wrong(code)])
            #expect(reply.status == 400 && reply.message == "验证码错误或已失效")
            #expect((reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "smsCode")
            let unknown = try await http.send(.post, "/api/v1/sessions",
                                              json: ["login": GatewayIdentityTests.freshIDNumber(), "smsCode": code])
            #expect(unknown.status == reply.status && unknown.message == reply.message)

            let requestID = "sms-login-" + UUID().uuidString.prefix(8).lowercased()
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "password": "", "smsCode": code],
                                        headers: [.xRequestID: requestID])
            #expect(reply.status == 200, "\(reply.json)")
            let session = try #require(reply["session"] as? [String: Any])
            #expect((session["caller"] as? [String: Any])?["student"] as? Bool == true)
            #expect(reply.headers[values: .setCookie].contains { $0.hasPrefix("session=") && $0.contains("HttpOnly") })
            #expect(try await stack.logEntries(requestID: requestID) == ["session.login"])
            let token = try #require(session["token"] as? String)
            #expect(try await http.send(.get, "/api/v1/me", token: token).status == 200)

            // Used up: the same code does not sign in again.
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "smsCode": code])
            #expect(reply.status == 400)
            // Neither password nor code: the usual refusal.
            #expect(try await http.send(.post, "/api/v1/sessions", json: ["login": number]).status == 401)
        }
    }

    @Test("ID-1: wrong SMS codes count as failed logins and lock the account, told with the time")
    func smsCodeLockout() async throws {
        let stack = try await Stack.shared.value
        let number = GatewayIdentityTests.freshIDNumber(), phone = GatewayIdentityTests.freshPhone()
        _ = try await stack.insertStudent(idNumber: number, phone: phone)
        try await stack.gateway { http in
            let code = try await Self.loginCode(number, phone: phone, http, stack)
            var statuses: [Int] = []
            var reply: HTTP.Reply?
            for _ in 1...5 {
                reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "smsCode": Self.wrong(code)])
                statuses.append(reply?.status ?? 0)
            }
            #expect(statuses == [400, 400, 400, 400, 429])
            #expect(reply?.message.contains("账户已锁定，请于") == true)
            // Locked: neither the right code nor the password gets in.
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "smsCode": code])
            #expect(reply?.status == 429)
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": number, "password": Stack.studentPassword])
            #expect(reply?.status == 429)
        }
    }

    @Test("ID-2: an account that must give a second factor is told to add its password, and the code stays usable")
    func secondFactorNeedsPassword() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let username = GatewayIdentityTests.unique("twofactor")
            var reply = try await http.send(.post, "/api/v1/users", token: admin, json: [
                "username": username, "name": "双因素测试", "initialPassword": "Factor2026a", "requireSmsSecondFactor": true])
            #expect(reply.status == 200, "\(reply.json)")
            let phone = try await stack.bindPhone(username: username)
            let code = try await Self.loginCode(username, phone: phone, http, stack)
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": username, "smsCode": code])
            #expect(reply.status == 400 && reply.message == "该账号须同时输入密码和短信验证码登录", "\(reply.json)")
            #expect((reply["fields"] as? [[String: Any]])?.first?["field"] as? String == "password")
            reply = try await http.send(.post, "/api/v1/sessions", json: ["login": username, "password": "Factor2026a", "smsCode": code])
            #expect(reply.status == 200, "\(reply.json)")
            #expect(reply["session"] != nil)
        }
    }
}
