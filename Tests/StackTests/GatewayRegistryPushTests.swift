import CertificatesDomain
import CertificatesService
import Foundation
import HTTPS
import Logging
import RPC
import RPCTestSupport
import Storage
import Testing

/// B-3 against the real `registry-simulator` executable: part of the serialized certificates
/// suite, because its pushers deliver every pending row (the other tests read push states).
extension GatewayCertificatesTests {
    @Test("B-3: every certificate reaches the registry exactly once, with faults on and a pusher killed mid-batch")
    func registryExactlyOnce() async throws {
        let stack = try await Stack.shared.value
        let simulator = try RegistrySimulatorProcess(certificates: stack.devCertificates)
        defer { simulator.stop() }
        try await stack.gateway { http in
            let province = try await http.login("sheng_admin")
            let planID = try await stack.scoredPlan(passed: 40, post: "016")
            #expect(try await http.send(.post, "/api/v1/test-plans/\(planID)/certificates", token: province)["issued"] as? Int == 40)

            // A pusher whose every request stalls (the registry applies, then answers late) is
            // stopped in the middle of its batch: nothing of it is recorded, its lease runs out.
            try await simulator.setFaults(timeout: 1)
            let killed = Task { try await stack.pusher(to: simulator, timeout: .seconds(20), lease: 2).pushBatch() }
            try await waitUntil(seconds: 20) { try await simulator.stats()["requests", default: 0] >= 4 }
            killed.cancel()
            #expect(try await stack.outboxDelivered(testPlanID: planID) == 0, "the stopped pusher recorded nothing")

            // Two instances take over with every fault switched on.
            try await simulator.setFaults(timeout: 0.1, error: 0.2, duplicate: 0.15, reject: 0.25)
            let pushers = [try stack.pusher(to: simulator, timeout: .seconds(1), lease: 2), try stack.pusher(to: simulator, timeout: .seconds(1), lease: 2)]
            let running = pushers.map { pusher in Task { try await pusher.run() } }
            defer { running.forEach { $0.cancel() } }
            try await waitUntil(seconds: 90) { try await stack.outboxDelivered(testPlanID: planID) == 40 }

            let rows = try await stack.pushedRows(testPlanID: planID)
            let held = try await simulator.records()
            let accepted = rows.filter { $0.outcome == "accepted" }, rejected = rows.filter { $0.outcome == "rejected" }
            #expect(accepted.count + rejected.count == 40 && !rejected.isEmpty && !accepted.isEmpty, "\(accepted.count) + \(rejected.count)")
            for row in accepted {
                let applied = held[row.number] ?? []
                #expect(applied == ["tc-\(row.outboxID)"], "\(row.number) applied \(applied) at the registry")
                #expect(row.pushState == "pushed" && row.pushEvents == ["push"], "\(row)")
            }
            for row in rejected {
                #expect(held[row.number] == nil, "a rejected record is not held")
                #expect(row.pushState == "failed" && row.pushError.contains("全国库校验未通过") && row.pushEvents == ["push_rejected"], "\(row)")
            }
            let stats = try await simulator.stats()
            #expect(stats["fault_timeout", default: 0] >= 4 && stats["fault_5xx", default: 0] > 0 && stats["duplicates", default: 0] > 0,
                    "faults were met and records were sent again: \(stats)")

            // A cancel goes after its issue, as a second record of the same number.
            let certificateID = try #require(accepted.first).certificateID
            try await simulator.setFaults()
            _ = try await http.send(.post, "/api/v1/certificates/\(certificateID)/actions", token: province,
                                    json: ["action": "CERTIFICATE_ACTION_CANCEL", "reason": "测试注销"])
            try await waitUntil(seconds: 30) {
                try await simulator.records()[accepted.first!.number]?.count == 2
            }

            let report = try await http.send(.get, "/api/v1/certificate-reconciliation", token: province)
            let totals = report["totals"] as? [String: Any] ?? [:]
            #expect((totals["accepted"] as? Int ?? 0) >= accepted.count + 1 && (totals["rejected"] as? Int ?? 0) >= rejected.count,
                    "\(report.json)")
            let institution = try await http.login("hfjx_admin")
            #expect(try await http.send(.get, "/api/v1/certificate-reconciliation", token: institution).status == 403)
        }
    }
}

/// Polls `condition` every 200 ms until it holds or `seconds` pass (then the test fails).
func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(200))
    }
    Issue.record("condition not met within \(seconds) s")
}

/// The `registry-simulator` built beside the tests, on a free port, with the cluster's dev CA.
final class RegistrySimulatorProcess: Sendable {
    let process: Process
    let port: Int
    let client: HTTPSClient

    init(certificates: DevCertificates) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("registry-simulator")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--certs", certificates.directory, "--port", "0", "--stall-seconds", "30", "--seed", "15"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #":(\d+)/"#, options: .regularExpression),
              let port = Int(text[range].dropFirst().dropLast()) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "registry-simulator said: \(text)"])
        }
        self.process = process
        self.port = port
        let tls = TLSConfiguration(certificateChainFile: certificates.path("certificates.pem"),
                                   privateKeyFile: certificates.path("certificates.key"), trustRootsFile: certificates.path("ca.pem"))
        self.client = HTTPSClient(tls: try TLSContext(tls, role: .client))
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any] = [:]) async throws -> Any {
        let data = method == "GET" ? [] : Array(try JSONSerialization.data(withJSONObject: body))
        let answer = try await client.send(HTTPSMessage(method: method, path: path, body: data), host: "127.0.0.1", port: port,
                                           timeout: .seconds(5))
        return try JSONSerialization.jsonObject(with: Data(answer.body))
    }

    func setFaults(timeout: Double = 0, error: Double = 0, duplicate: Double = 0, reject: Double = 0) async throws {
        _ = try await call("PUT", "/_sim/faults", ["timeoutRate": timeout, "errorRate": error, "duplicateRate": duplicate, "rejectRate": reject])
    }

    func stats() async throws -> [String: Int] { try await call("GET", "/_sim/stats") as? [String: Int] ?? [:] }

    /// The record ids applied to each number the registry holds.
    func records() async throws -> [String: [String]] {
        let held = try await call("GET", "/_sim/records") as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: held.map { entry in
            (entry["number"] as? String ?? "", (entry["applied"] as? [[String: Any]] ?? []).map { $0["recordId"] as? String ?? "" })
        })
    }
}

/// One outbox row of a test plan's certificates, with its certificate's push state and push events.
struct PushedRow: CustomStringConvertible {
    let outboxID: Int64, certificateID: Int64, number: String, outcome: String, pushState: String, pushError: String
    let pushEvents: [String]
    var description: String { "\(number) \(outcome) \(pushState) \(pushError) \(pushEvents)" }
}

extension Stack {
    /// A registry pusher on the stack's certificates database, sending to the simulator.
    func pusher(to simulator: RegistrySimulatorProcess, timeout: Duration, lease: Double) throws -> RegistryPushJob {
        let certificates = devCertificates
        let tls = TLSConfiguration(certificateChainFile: certificates.path("certificates.pem"),
                                   privateKeyFile: certificates.path("certificates.key"), trustRootsFile: certificates.path("ca.pem"))
        let registry = try HTTPSNationalRegistry(url: "https://localhost:\(simulator.port)/v1/certificate-records",
                                                 tls: try TLSContext(tls, role: .client), timeout: timeout)
        var settings = RegistryPushJob.Settings()
        settings.interval = .milliseconds(200)
        settings.batch = 10
        settings.concurrency = 4
        settings.lease = lease
        settings.backoff = PushBackoff(base: 0.1, cap: 1)
        return RegistryPushJob(database: certificatesDatabase, registry: registry, settings: settings, logger: Logger(label: "pusher-test"))
    }

    func outboxDelivered(testPlanID: Int64) async throws -> Int {
        let count: Int64 = try await certificatesDatabase.withConnection { connection in
            try connection.execute("""
                SELECT count(*) AS n FROM registry_outbox o JOIN certificates c ON c.id = o.certificate_id
                WHERE c.test_plan_id = $1 AND o.kind = 'issue' AND o.delivered_at IS NOT NULL
                """, [.int(testPlanID)]).first?.decode("n") ?? 0
        }
        return Int(count)
    }

    func pushedRows(testPlanID: Int64) async throws -> [PushedRow] {
        try await certificatesDatabase.withConnection { connection in
            try connection.execute("""
                SELECT o.id, c.id AS certificate_id, c.number, coalesce(o.outcome, '') AS outcome, c.push_state, c.push_error,
                    (SELECT string_agg(e.action, ',' ORDER BY e.id) FROM certificate_events e
                     WHERE e.certificate_id = c.id AND e.action LIKE 'push%') AS events
                FROM registry_outbox o JOIN certificates c ON c.id = o.certificate_id
                WHERE c.test_plan_id = $1 AND o.kind = 'issue' ORDER BY o.id
                """, [.int(testPlanID)]).map { row in
                PushedRow(outboxID: try row.decode("id"), certificateID: try row.decode("certificate_id"), number: try row.decode("number"),
                          outcome: try row.decode("outcome"), pushState: try row.decode("push_state"),
                          pushError: try row.decode("push_error"),
                          pushEvents: ((try? row.decode("events") as String) ?? "").split(separator: ",").map(String.init))
            }
        }
    }
}
