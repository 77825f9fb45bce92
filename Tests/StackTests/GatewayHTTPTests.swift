import CommonRules
import Foundation
@testable import GatewayApp
import HTTPTypes
import InMemoryLogging
import Logging
import Testing

/// The HTTP shape every route shares: methods, query strings typed by their proto messages,
/// required bodies, the OpenAPI document's parameters and statuses, and the access log.
@Suite(.serialized)
struct GatewayHTTPTests {
    @Test("GW-1: a method a path does not have is a 405 with Allow, an unknown path a 404")
    func methodNotAllowed() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            var reply = try await http.send(.delete, "/api/v1/me")
            #expect(reply.status == 405)
            #expect(reply.headers[.allow] == "GET")
            #expect(reply.code == "UNIMPLEMENTED")
            reply = try await http.send(.put, "/api/v1/users/7")
            #expect(reply.status == 405)
            #expect(reply.headers[.allow] == "GET, PATCH")
            reply = try await http.send(.get, "/api/v1/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.code == "NOT_FOUND")
            #expect(try await http.send(.get, "/api/v1/users/7/extra").status == 404)
        }
    }

    @Test("GW-1: query parameters decode as the proto request's fields: integers, enums by short name, paging")
    func typedQuery() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            var reply = try await http.send(.get, "/api/v1/organisations?kind=training_institution&pageSize=200", token: province)
            #expect(reply.status == 200)
            let kinds = (reply["organisations"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(!kinds.isEmpty && kinds.allSatisfy { $0 == "ORG_KIND_TRAINING_INSTITUTION" })

            reply = try await http.send(.get, "/api/v1/organisations?kind=castle", token: province)
            #expect(reply.status == 400)
            #expect(reply.message == "查询参数kind无效")
            let hint = (reply["fields"] as? [[String: Any]])?.first?["message"] as? String ?? ""
            #expect(hint.contains("training_institution"))
            reply = try await http.send(.get, "/api/v1/users?pageSize=-1", token: province)
            #expect(reply.status == 400)
            #expect(reply.message == "查询参数pageSize无效")
            #expect(try await http.send(.get, "/api/v1/users?orgId=1.5", token: province).status == 400)
            #expect(try await http.send(.get, "/api/v1/users?unknownParameter=1", token: province).status == 200)
        }
    }

    @Test("GW-1: a route that takes a JSON body refuses a missing one")
    func requiredBody() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let me = try await http.send(.get, "/api/v1/me", token: admin)
            let userID = (me["user"] as? [String: Any])?["id"] as? Int ?? 0
            let reply = try await http.send(.patch, "/api/v1/users/\(userID)", token: admin)
            #expect(reply.status == 400)
            #expect(reply.message == "缺少请求体（JSON）")
            #expect(try await http.send(.post, "/api/v1/sessions").status == 400)
        }
    }

    @Test("GW-1: the OpenAPI document types each query parameter from the proto and lists every status")
    func openAPIParameters() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let document = try await http.send(.get, "/openapi.json")
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let list = try #require(paths["/api/v1/enrollments"]?["get"])
            let parameters = try #require(list["parameters"] as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as? String ?? "", $0["schema"] as? [String: Any] ?? [:]) })
            #expect(Set(byName.keys) == ["state", "planId", "pageSize", "pageToken"])
            #expect(byName["planId"]?["type"] as? String == "integer")
            #expect(byName["pageSize"]?["maximum"] as? Int == 200)
            #expect(byName["state"]?["enum"] as? [String] == ["submitted", "approved", "rejected", "withdrawn"])

            let login = try #require(paths["/api/v1/sessions"]?["post"]?["responses"] as? [String: Any])
            #expect(login["401"] != nil && login["429"] != nil && login["413"] != nil)
            let user = try #require(paths["/api/v1/users/{userId}"]?["get"])
            let path = (user["parameters"] as? [[String: Any]])?.first
            #expect((path?["schema"] as? [String: Any])?["minimum"] as? Int == 1)
            let health = try #require(paths["/healthz"]?["get"]?["responses"] as? [String: Any])
            #expect(Set(health.keys) == ["200", "503"])
        }
    }

    @Test("GW-1: one access-log line per request: method, route template, status, duration, request id, caller; no values")
    func accessLog() async throws {
        let stack = try await Stack.shared.value
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "access") { _ in logs }
        try await stack.gateway(accessLogger: logger) { http in
            let token = try await http.login("hfjx_admin")
            let before = logs.entries.count
            let secret = "340104199003071236"
            let unparsable = "34010419900307123X"
            let reply = try await http.send(.get, "/api/v1/users?search=\(secret)", token: token,
                                            headers: [.xRequestID: "access-log-test"])
            #expect(reply.status == 200)
            _ = try await http.send(.get, "/api/v1/students/\(unparsable)/profile", token: token)
            let lines = Array(logs.entries.dropFirst(before))
            #expect(lines.count == 2)
            let first = try #require(lines.first?.metadata)
            #expect(first["http.method"] == "GET")
            #expect(first["http.route"] == "/api/v1/users")
            #expect(first["http.status"].map { "\($0)" } == "200")
            #expect(first["request.id"] == "access-log-test")
            #expect(first["caller.user_id"] != nil)
            #expect(first["duration_us"] != nil)
            #expect(lines[1].metadata["http.route"] == "/api/v1/students/{userId}/profile")
            #expect(lines[1].metadata["http.status"].map { "\($0)" } == "400")
            for line in lines {
                #expect(!"\(line.message) \(line.metadata)".contains(secret))
                #expect(!"\(line.message) \(line.metadata)".contains(unparsable))
            }
        }
    }
}

/// The grants a session carries are the user row's, kept current by migration 0106's triggers.
@Suite(.serialized)
struct SessionGrantTests {
    @Test("GW-2, ID-7: a role given, changed or taken away changes the session's permissions at the next request")
    func grantsFollowRoles() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let token = try await http.login("hfjx_reviewer")
            func permissions() async throws -> Set<String> {
                let me = try await http.send(.get, "/api/v1/me", token: token)
                return Set(((me["caller"] as? [String: Any])?["permissions"] as? [String]) ?? [])
            }
            #expect(try await !permissions().contains(Permission.noticePublish))
            let user = try await stack.userID(username: "hfjx_reviewer")
            let org = try await stack.organisationID(code: "3401T001")
            let role: Int64 = try await stack.database.transaction { tx in
                let role: Int64 = try tx.execute("INSERT INTO roles (org_id, name, permissions) VALUES ($1, '授权测试', '{notice.publish}') RETURNING id",
                                                 [.int(org)])[0].decode("id")
                try tx.execute("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", [.int(user), .int(role)])
                return role
            }
            #expect(try await permissions().contains(Permission.noticePublish))
            try await stack.database.transaction { tx in
                try tx.execute("UPDATE roles SET permissions = '{log.read}' WHERE id = $1", [.int(role)])
            }
            var now = try await permissions()
            #expect(!now.contains(Permission.noticePublish) && now.contains(Permission.logRead))
            try await stack.database.transaction { tx in try tx.execute("DELETE FROM roles WHERE id = $1", [.int(role)]) }
            now = try await permissions()
            #expect(!now.contains(Permission.logRead) && now.contains(Permission.enrollmentReview))
            let roles = try await http.send(.get, "/api/v1/me", token: token)["user"] as? [String: Any]
            #expect(roles?["roles"] as? [String] == ["报名审核员"])
        }
    }
}

extension GatewayHTTPTests {
    @Test("ID-8: operation-log filters outside their ranges are a 400, not a database error")
    func operationLogRanges() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let token = try await http.login("hfjx_admin")
            for service in ["identity", "enrollment", "training"] {
                for query in ["actorUserId=-9223372036854775808", "fromUnix=-1", "toUnix=9223372036854775807"] {
                    let reply = try await http.send(.get, "/api/v1/\(service)/operation-log?\(query)", token: token)
                    #expect(reply.status == 400, "\(service) \(query)")
                }
                #expect(try await http.send(.get, "/api/v1/\(service)/operation-log?fromUnix=3000000000&actorUserId=3000000000",
                                            token: token).status == 200)
            }
        }
    }
}
