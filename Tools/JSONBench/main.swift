// json-bench: encodes/second of the gateway's `GET /api/v1/me` answer (`Identity_V1_Me` with 15
// permissions) through `JSONEncoder` (the generated `Codable`) and through the generated
// `writeJSON(to:)`, on one thread.
//
//   swift build -c release --product json-bench && .build/release/json-bench [seconds per run]
//
// Prints one line per path: RESULT path=P encodes_per_s=X bytes=N
import Foundation
import Proto

let me = Identity_V1_Me.with {
    $0.user = .with {
        $0.id = 10_482; $0.orgID = 31; $0.username = "zhang.san"; $0.name = "张三"
        $0.maskedPhone = "138****5678"; $0.roles = ["机构管理员", "审核员"]; $0.lastLoginUnix = 1_764_600_000
        $0.lastLoginIp = "10.0.0.1"; $0.createdAtUnix = 1_700_000_000; $0.superAdmin = false
    }
    $0.organisation = .with {
        $0.id = 31; $0.parentID = 3; $0.kind = .cityAuthority; $0.name = "合肥市住房和城乡建设局"
        $0.code = "HF-0031"; $0.divisionCode = "340100"; $0.online = true; $0.postScope = ["安全员", "施工员"]
    }
    $0.caller = .with {
        $0.userID = 10_482; $0.orgID = 31; $0.name = "张三"; $0.roles = ["机构管理员", "审核员"]
        $0.permissions = [
            "account.self", "assessment.manage", "assessment.review", "certificate.business.apply",
            "certificate.business.review", "certificate.manage", "class.apply", "class.review",
            "enrollment.plan.approve", "enrollment.plan.manage", "enrollment.review", "enterprise.review",
            "log.read", "notice.publish", "organisation.manage",
        ]
    }
}

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 3 : 3

/// Runs `body` in batches for about `seconds`; encodes per second and the last output's size.
func measure(_ body: () throws -> Int) rethrows -> (perSecond: Double, bytes: Int) {
    let clock = ContinuousClock()
    var size = 0
    for _ in 0..<1000 { size = try body() }  // warm-up
    var count = 0
    let start = clock.now
    let limit = Duration.milliseconds(Int(seconds * 1000))
    while clock.now - start < limit {
        for _ in 0..<1000 { size = try body() }
        count += 1000
    }
    let elapsed = clock.now - start
    let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(count) / total, size)
}

let encoder = JSONEncoder()
let viaEncoder = try measure { try encoder.encode(me).count }
let viaWriter = measure { me.jsonBytes().count }
print("RESULT path=JSONEncoder encodes_per_s=\(Int(viaEncoder.perSecond)) bytes=\(viaEncoder.bytes)")
print("RESULT path=writeJSON encodes_per_s=\(Int(viaWriter.perSecond)) bytes=\(viaWriter.bytes)")
print(String(format: "speedup %.1fx", viaWriter.perSecond / viaEncoder.perSecond))
