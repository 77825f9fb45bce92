// The national registry's stand-in (B-3): HTTPS + JSON on our OpenSSL TLS, idempotent on the
// certificate number, with faults to switch on. The real registry (rcgz.mohurd.gov.cn) cannot
// be reached from here; docs/CERTIFICATES.md ("The national registry") gives both shapes.
//
//   registry-simulator --certs .dev/certs [--port 7190] [--timeout-rate 0.1] [--error-rate 0.2]
//                      [--duplicate-rate 0.1] [--reject-rate 0.05] [--stall-seconds 30] [--seed 1]
//                      [--journal FILE]
//
// POST /v1/certificate-records   one record; 200 accepted | 200 duplicate | 422 rejected | 503
// GET  /_sim/records             what it holds: per number, status and the records applied
// GET  /_sim/stats               requests, applied, duplicates, rejected, faults by kind
// PUT  /_sim/faults              {"timeoutRate":…, "errorRate":…, "duplicateRate":…, "rejectRate":…}
import ArgumentParser
import CertificatesDomain
import Foundation
import HTTPS
import RPC

@main
struct RegistrySimulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "registry-simulator",
                                                    abstract: "The national certificate registry's stand-in, for development and tests.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0: any free one, printed on start).") var port = 7190
    @Option(help: "Directory with registry.pem, registry.key and ca.pem (scripts/dev-certs.sh).") var certs = ".dev/certs"
    @Flag(help: "Accept clients without a certificate from the CA.") var allowAnonymous = false
    @Option(help: "Share of records it applies and then answers only after --stall-seconds.") var timeoutRate = 0.0
    @Option(help: "Share of requests answered 503 without applying.") var errorRate = 0.0
    @Option(help: "Share of new records applied but answered as duplicates.") var duplicateRate = 0.0
    @Option(help: "Share of new records refused (422) with a reason.") var rejectRate = 0.0
    @Option(help: "How long a 'timeout' waits before answering.") var stallSeconds = 30.0
    @Option(help: "Seed of the fault draws (0: from the clock).") var seed: UInt64 = 0
    @Option(help: "Append applied records here and read them back on start (default: memory only).") var journal: String?

    func run() async throws {
        var tls = TLSConfiguration.directory(certs, name: "registry")
        tls.requireClientCertificate = !allowAnonymous
        let faults = Faults(timeoutRate: timeoutRate, errorRate: errorRate, duplicateRate: duplicateRate, rejectRate: rejectRate)
        let registry = try SimulatedRegistry(faults: faults, seed: seed == 0 ? UInt64(Date().timeIntervalSince1970 * 1000) : seed,
                                             stall: stallSeconds, journal: journal)
        let replayed = await registry.replay()
        let server = HTTPSServer(tls: try TLSContext(tls, role: .server)) { request in await registry.answer(request) }
        let bound = try await server.start(host: host, port: port)
        FileHandle.standardOutput.write(Data(
            "registry-simulator listening on https://\(host):\(bound)/v1/certificate-records (\(replayed) records from the journal)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// The shares of requests that go wrong, each way.
struct Faults: Codable, Sendable {
    var timeoutRate = 0.0
    var errorRate = 0.0
    var duplicateRate = 0.0
    var rejectRate = 0.0
}

/// A number the registry holds: its last status and every record applied to it.
struct Held: Codable, Sendable {
    var number: String
    var status: String
    var holderName: String
    var applied: [Applied]
}

struct Applied: Codable, Sendable {
    var recordId: String
    var action: String
    var receipt: String
}

/// The registry's state: what it holds, what it was asked, and its fault draws.
actor SimulatedRegistry {
    private var faults: Faults
    private var random: SplitMix64
    private let stall: Double
    private let journal: FileHandle?
    private let journalPath: String?
    private var held: [String: Held] = [:]
    /// The receipt of every record applied, by record id: a record sent again answers with it.
    private var receipts: [String: String] = [:]
    private var rejected: [String: String] = [:]
    private var stats: [String: Int] = [:]

    init(faults: Faults, seed: UInt64, stall: Double, journal path: String?) throws {
        self.faults = faults
        self.random = SplitMix64(seed: seed)
        self.stall = stall
        self.journalPath = path
        guard let path else { self.journal = nil; return }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        self.journal = FileHandle(forWritingAtPath: path)
        _ = try journal?.seekToEnd()
    }

    /// Reads back the journal's records (a restarted registry still has what it accepted).
    /// - Returns: how many it read.
    func replay() -> Int {
        guard let journalPath, let lines = try? String(contentsOfFile: journalPath, encoding: .utf8) else { return 0 }
        let records = lines.split(separator: "\n").compactMap { try? JSONDecoder().decode(RegistryRecord.self, from: Data($0.utf8)) }
        for record in records { _ = apply(record) }
        return records.count
    }

    func answer(_ request: HTTPSMessage) async -> HTTPSMessage {
        switch (request.method, request.path) {
        case ("POST", "/v1/certificate-records"): return await receive(request.body)
        case ("GET", "/_sim/records"): return json(200, held.values.sorted { $0.number < $1.number })
        case ("GET", "/_sim/stats"): return json(200, stats)
        case ("PUT", "/_sim/faults"):
            guard let new = try? JSONDecoder().decode(Faults.self, from: Data(request.body)) else { return json(400, ["error": "bad faults"]) }
            faults = new
            return json(200, faults)
        default: return json(404, ["error": "no such path"])
        }
    }

    private func receive(_ body: [UInt8]) async -> HTTPSMessage {
        count("requests")
        guard let record = try? JSONDecoder().decode(RegistryRecord.self, from: Data(body)) else {
            count("malformed")
            return json(400, RegistryAnswer(result: "rejected", reason: "报文格式错误"))
        }
        if draw(faults.errorRate) {
            count("fault_5xx")
            return json(503, ["error": "service unavailable (simulated)"])
        }
        if let receipt = receipts[record.recordID] {
            count("duplicates")
            return json(200, RegistryAnswer(result: "duplicate", receipt: receipt))
        }
        if let reason = rejected[record.recordID] {
            return json(422, RegistryAnswer(result: "rejected", reason: reason))
        }
        if draw(faults.rejectRate) {
            let reason = "全国库校验未通过：持证人信息与人口库不一致（模拟）"
            rejected[record.recordID] = reason
            count("rejected")
            return json(422, RegistryAnswer(result: "rejected", reason: reason))
        }
        let receipt = apply(record)
        journal?.write(Data((String(decoding: (try? JSONEncoder().encode(record)) ?? Data(), as: UTF8.self) + "\n").utf8))
        count("applied")
        if draw(faults.timeoutRate) {
            count("fault_timeout")
            try? await Task.sleep(for: .seconds(stall))
        }
        if draw(faults.duplicateRate) {
            count("fault_duplicate")
            return json(200, RegistryAnswer(result: "duplicate", receipt: receipt))
        }
        return json(200, RegistryAnswer(result: "accepted", receipt: receipt))
    }

    /// Applies a record once, keyed by its id and number; gives back its receipt.
    private func apply(_ record: RegistryRecord) -> String {
        if let receipt = receipts[record.recordID] { return receipt }
        let receipt = "R" + String(receipts.count + 1)
        receipts[record.recordID] = receipt
        var entry = held[record.number] ?? Held(number: record.number, status: record.status, holderName: record.holderName, applied: [])
        entry.status = record.status
        entry.holderName = record.holderName
        entry.applied.append(Applied(recordId: record.recordID, action: record.action.rawValue, receipt: receipt))
        held[record.number] = entry
        return receipt
    }

    private func draw(_ rate: Double) -> Bool { rate > 0 && random.nextUnit() < rate }
    private func count(_ name: String) { stats[name, default: 0] += 1 }

    private func json(_ status: Int, _ value: some Encodable) -> HTTPSMessage {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return HTTPSMessage(status: status, body: Array((try? encoder.encode(value)) ?? Data()))
    }
}

/// A small seeded generator, so a fault mix can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
