import Foundation
import Storage
import Testing

/// CE-7, B-4 through the gateway: the public lookup masks, answers a wrong name exactly as an
/// unknown person, asks for a challenge after misses, limits per ID number and per address, and
/// logs every question for the province. Part of the serialized certificates suite (it counts the
/// lookups of 127.0.0.1, the only address tests have).
extension GatewayCertificatesTests {
    @Test("CE-7, B-4: the public lookup masks, answers a mismatch like a miss, challenges, limits and logs")
    func publicLookup() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(rateLimits: ["login": 100_000, "lookup": 100_000]) { http in
            let province = try await http.login("sheng_admin")
            let planID = try await stack.scoredPlan(passed: 2, post: "017")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)["issued"] as? Int == 2)
            let (number, idNumber) = try await stack.certificateOf(testPlanID: planID, name: "考生1")
            let lookup = "/api/v1/public/certificate-lookup"

            // By number: the holder masked, nothing beyond the public fields.
            var reply = try await http.send(.post, lookup, json: ["number": number.lowercased()])
            let shown = try #require((reply["certificates"] as? [[String: Any]])?.first, "\(reply.json)")
            #expect(reply["found"] as? Bool == true && shown["holderName"] as? String == "考*1" && shown["number"] as? String == number)
            #expect(shown["idNumber"] as? String == String(idNumber.prefix(4)) + "**********" + String(idNumber.suffix(4)))
            #expect(shown["status"] as? String == "CERTIFICATE_STATUS_VALID" && shown["postName"] as? String != nil)
            let allowed: Set = ["number", "holderName", "idNumber", "post", "postName", "level", "issuerName", "issuedOn", "validUntil", "status"]
            #expect(Set(shown.keys).isSubset(of: allowed), "\(shown.keys)")
            #expect(!String(decoding: reply.data, as: UTF8.self).contains(idNumber), "the whole ID number never leaves")

            // By person: right name found; a wrong name and an unknown person answer byte for byte alike.
            reply = try await http.send(.post, lookup, json: ["idNumber": idNumber, "name": "考生1"])
            #expect(reply["found"] as? Bool == true && (reply["certificates"] as? [Any])?.count == 1)
            let mismatch = try await http.send(.post, lookup, json: ["idNumber": idNumber, "name": "考生9"])
            let unknown = try await http.send(.post, lookup, json: ["idNumber": GatewayIdentityTests.freshIDNumber(), "name": "考生1"])
            #expect(mismatch.status == 200 && mismatch.data == unknown.data, "\(mismatch.json) vs \(unknown.json)")
            #expect(mismatch["found"] as? Bool != true)
            #expect(try await http.send(.post, lookup, json: [:]).status == 400)

            // Five misses from this address: the next lookup must answer a challenge first.
            for _ in 0..<3 { _ = try await http.send(.post, lookup, json: ["number": "26340001199999X"]) }
            reply = try await http.send(.post, lookup, json: ["number": number])
            #expect(reply["challengeRequired"] as? Bool == true && reply["found"] as? Bool != true, "\(reply.json)")
            let challenge = try #require(reply["challenge"] as? [String: Any])
            let svg = challenge["svg"] as? String ?? ""
            #expect(svg.hasPrefix("<svg") && !svg.contains("<text"), "drawn as strokes, no text to copy")
            let challengeID = challenge["id"] as? String ?? ""
            let answer = try await stack.challengeAnswer(challengeID)
            reply = try await http.send(.post, lookup, json: ["number": number, "challengeId": challengeID, "challengeAnswer": "999"])
            #expect(reply["challengeFailed"] as? Bool == true && (reply["challenge"] as? [String: Any])?["id"] as? String != challengeID)
            reply = try await http.send(.post, lookup, json: ["number": number, "challengeId": challengeID, "challengeAnswer": answer])
            #expect(reply["challengeFailed"] as? Bool == true, "a challenge is spent by its first answer")
            reply = try await http.answeringChallenges(stack, ["number": number])
            #expect(reply["found"] as? Bool == true, "\(reply.json)")

            // One ID number asked too often is refused, whoever asks.
            var statuses: [Int] = []
            for _ in 0..<10 { statuses.append(try await http.answeringChallenges(stack, ["idNumber": idNumber, "name": "考生2"]).status) }
            #expect(statuses.last == 429 && statuses.first == 200, "\(statuses)")

            // The log: the province reads it, the ID numbers masked; nobody else does.
            reply = try await http.send(.get, "/api/v1/certificate-lookup-log?pageSize=200", token: province)
            let entries = reply["entries"] as? [[String: Any]] ?? []
            let results = Set(entries.compactMap { $0["result"] as? String })
            #expect(results.isSuperset(of: ["LOOKUP_RESULT_FOUND", "LOOKUP_RESULT_NOT_FOUND", "LOOKUP_RESULT_CHALLENGED",
                                            "LOOKUP_RESULT_CHALLENGE_FAILED", "LOOKUP_RESULT_LIMITED"]), "\(results)")
            #expect(entries.allSatisfy { ($0["ip"] as? String) == "127.0.0.1" })
            #expect(!String(decoding: reply.data, as: UTF8.self).contains(idNumber) && entries.contains { ($0["asked"] as? String ?? "").hasSuffix("考*2") })
            let city = try await http.login("hefei_admin")
            #expect(try await http.send(.get, "/api/v1/certificate-lookup-log", token: city).status == 403)
        }
        // The per-address limit of the gateway.
        try await stack.gateway(rateLimits: ["login": 100_000, "lookup": 3]) { http in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await http.send(.post, "/api/v1/public/certificate-lookup", json: ["number": "X"]).status) }
            #expect(statuses.prefix(3).allSatisfy { $0 == 200 } && statuses.last == 429, "\(statuses)")
        }
    }
}

extension HTTP {
    /// A public lookup that answers every challenge it is asked with the stored answer.
    func answeringChallenges(_ stack: Stack, _ question: [String: String]) async throws -> Reply {
        var reply = try await send(.post, "/api/v1/public/certificate-lookup", json: question)
        if reply["challengeRequired"] as? Bool == true, let id = (reply["challenge"] as? [String: Any])?["id"] as? String {
            reply = try await send(.post, "/api/v1/public/certificate-lookup",
                                   json: question.merging(["challengeId": id, "challengeAnswer": try await stack.challengeAnswer(id)]) { a, _ in a })
        }
        return reply
    }
}

extension Stack {
    /// The number and ID number of the certificate a test plan gave the candidate `name`.
    func certificateOf(testPlanID: Int64, name: String) async throws -> (String, String) {
        try await certificatesDatabase.withConnection { connection in
            let row = try connection.execute("SELECT number, id_number FROM certificates WHERE test_plan_id = $1 AND holder_name = $2",
                                             [.int(testPlanID), .text(name)])[0]
            return (try row.decode("number"), try row.decode("id_number"))
        }
    }

    /// The stored answer of a lookup challenge.
    func challengeAnswer(_ id: String) async throws -> String {
        try await certificatesDatabase.withConnection { connection in
            try connection.execute("SELECT answer FROM lookup_challenges WHERE id = $1::uuid", [.text(id)])[0].decode("answer")
        }
    }
}
