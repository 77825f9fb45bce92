import Foundation
@testable import GatewayApp
import HTTPTypes
import Proto
import Testing

/// End to end through the gateway: the routes the console needs beside the ones the seed
/// systems' flows already had (issue 12): the open list of city authorities, one enterprise
/// application, the photos waiting for confirmation, the enrollment log's actor names.
@Suite struct GatewayConsoleRouteTests {
    @Test("ID-10: anyone may list the online city authorities (id, name, division), rate-limited like the other open routes")
    func openAuthorityList() async throws {
        let stack = try await Stack.shared.value
        let hefeiID = try await stack.organisationID(code: "3401")
        let provinceID = try await stack.organisationID(code: "34")
        try await stack.gateway { http in
            let reply = try await http.send(.get, "/api/v1/authorities")
            #expect(reply.status == 200, "\(reply.json)")
            let authorities = reply["authorities"] as? [[String: Any]] ?? []
            let hefei = authorities.first { $0["id"] as? Int == Int(hefeiID) }
            #expect(hefei?["name"] as? String == "合肥市住房和城乡建设局", "\(authorities)")
            #expect((hefei?["divisionCode"] as? String)?.hasPrefix("3401") == true)
            // Only what a visitor needs, and only city authorities.
            #expect(Set(hefei?.keys.map { $0 } ?? []) == ["id", "name", "divisionCode"])
            #expect(!authorities.contains { $0["id"] as? Int == Int(provinceID) })
            let codes = authorities.compactMap { $0["divisionCode"] as? String }
            #expect(codes == codes.sorted())
        }
        try await stack.gateway(rateLimits: ["login": 2, "sms": 2]) { http in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await http.send(.get, "/api/v1/authorities").status) }
            #expect(statuses == [200, 200, 429])
        }
    }

    @Test("ID-10: one enterprise application, for the reviewers whose list shows it; others get 403/404")
    func oneEnterpriseApplication() async throws {
        let stack = try await Stack.shared.value
        let cityID = try await stack.organisationID(code: "3401")
        try await stack.gateway { http in
            let registered = try await http.send(.post, "/api/v1/enterprise-applications", json: [
                "name": "合肥详情测试建筑有限公司", "creditCode": GatewayIdentityTests.creditCode(), "cityAuthorityId": cityID,
                "licenceImage": Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).base64EncodedString(),
                "qualificationImages": [Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).base64EncodedString()],
                "commitmentAccepted": true])
            #expect(registered.status == 200, "\(registered.json)")
            let id = registered["id"] as? Int ?? 0
            let path = "/api/v1/enterprise-applications/\(id)"

            for reviewer in ["hefei_admin", "sheng_admin"] {
                let reply = try await http.send(.get, path, token: try await http.login(reviewer))
                #expect(reply.status == 200, "\(reviewer): \(reply.json)")
                #expect(reply["id"] as? Int == id)
                #expect(reply["name"] as? String == "合肥详情测试建筑有限公司")
                #expect(reply["state"] as? String == "submitted")
                #expect(reply["qualificationImageCount"] as? Int == 1)
            }
            // Another city's reviewer does not learn it exists; an institution may not review.
            #expect(try await http.send(.get, path, token: try await http.login("luan_admin")).status == 404)
            #expect(try await http.send(.get, path, token: try await http.login("hfjx_admin")).status == 403)
            #expect(try await http.send(.get, path).status == 401)
            #expect(try await http.send(.get, "/api/v1/enterprise-applications/999999999",
                                        token: try await http.login("hefei_admin")).status == 404)
        }
    }

    @Test("EN-6: 照片确认 lists the institution's students' photos by state, a page at a time; other institutions see none of them")
    func photosByState() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin")
            let plan = try await http.createPlan(admin, posts: ["012"])
            var students: [(token: String, id: Int64)] = []
            for _ in 0..<3 {
                let student = try await http.newStudent(stack)
                #expect(try await http.enroll(student.token, plan: plan, post: "012").status == 200)
                let photo = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: GatewayEnrollmentTests.png)
                #expect(try await http.send(.put, "/api/v1/me/photo", token: student.token,
                                            json: ["fileId": photo["id"] as? Int ?? 0]).status == 200)
                students.append(student)
            }
            // One enrolled student without a photo is not listed at all.
            let bare = try await http.newStudent(stack)
            #expect(try await http.enroll(bare.token, plan: plan, post: "012").status == 200)
            let returned = students[1], confirmed = students[2]
            #expect(try await http.send(.post, "/api/v1/students/\(returned.id)/photo/review", token: admin,
                                        json: ["confirm": false, "comment": "背景不是白色"]).status == 200)
            #expect(try await http.send(.post, "/api/v1/students/\(confirmed.id)/photo/review", token: admin,
                                        json: ["confirm": true]).status == 200)

            /// Every photo the list gives `token` in `state` ("" for the default), walking pages of 2.
            func photos(_ token: String, _ state: String) async throws -> [Int64: [String: Any]] {
                var found: [Int64: [String: Any]] = [:], pageToken = ""
                repeat {
                    let query = "pageSize=2" + (state.isEmpty ? "" : "&state=\(state)") + (pageToken.isEmpty ? "" : "&pageToken=\(pageToken)")
                    let reply = try await http.send(.get, "/api/v1/student-photos?" + query, token: token)
                    #expect(reply.status == 200, "\(reply.json)")
                    for photo in reply["photos"] as? [[String: Any]] ?? [] {
                        found[Int64(photo["studentUserId"] as? Int ?? 0)] = photo
                    }
                    pageToken = (reply["page"] as? [String: Any])?["nextPageToken"] as? String ?? ""
                } while !pageToken.isEmpty
                return found
            }
            let pending = try await photos(admin, "")
            let waiting = try #require(pending[students[0].id])
            #expect(waiting["photoState"] as? String == "PHOTO_STATE_PENDING")
            #expect(waiting["planName"] as? String == "2027年第一期施工员培训")
            #expect((waiting["idNumber"] as? String)?.contains("**********") == true, "masked (X-1)")
            #expect((waiting["photoFileId"] as? Int ?? 0) > 0)
            #expect(pending[returned.id] == nil && pending[confirmed.id] == nil && pending[bare.id] == nil)
            #expect(try await photos(admin, "pending").keys.contains(students[0].id))
            let back = try await photos(admin, "returned")
            #expect(back[returned.id]?["photoComment"] as? String == "背景不是白色")
            #expect(back[students[0].id] == nil)
            #expect(try await photos(admin, "confirmed")[confirmed.id]?["photoState"] as? String == "PHOTO_STATE_CONFIRMED")

            // Another institution's reviewer, and a student, get none of them.
            let other = try await photos(try await http.login("lajx_admin"), "")
            #expect(students.allSatisfy { other[$0.id] == nil })
            #expect(try await http.send(.get, "/api/v1/student-photos", token: students[0].token).status == 403)
        }
    }

    @Test("ID-8: enrollment's operation log names its actors (asked of identity's directory, one call a page)")
    func enrollmentLogActorNames() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway { http in
            let admin = try await http.login("hfjx_admin"), reviewer = try await http.login("hfjx_reviewer")
            let plan = try await http.createPlan(admin, posts: ["012"])
            let student = try await http.newStudent(stack)
            #expect(try await http.enroll(student.token, plan: plan, post: "012").status == 200)
            let photo = try await http.send(.post, "/api/v1/files?kind=photo", token: student.token, bytes: GatewayEnrollmentTests.png)
            #expect(try await http.send(.put, "/api/v1/me/photo", token: student.token, json: ["fileId": photo["id"] as? Int ?? 0]).status == 200)
            #expect(try await http.send(.post, "/api/v1/students/\(student.id)/photo/review", token: reviewer,
                                        json: ["confirm": true]).status == 200)

            /// The actor's name on the entry of `action` on `target` in hfjx's enrollment log.
            func actorName(_ action: String, _ target: Int64) async throws -> String? {
                let reply = try await http.send(.get, "/api/v1/enrollment/operation-log?action=\(action)&pageSize=200", token: admin)
                #expect(reply.status == 200, "\(reply.json)")
                let entry = (reply["entries"] as? [[String: Any]] ?? []).first { $0["targetId"] as? String == String(target) }
                return entry?["actorName"] as? String
            }
            #expect(try await actorName("plan.create", plan) == "合肥建校管理员")
            #expect(try await actorName("profile.photo.confirm", student.id) == "合肥建校审核员")
        }
    }
}
