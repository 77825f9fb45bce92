// B-1: checks a certificate's QR payload offline, against the published keys and, if given, the
// list of cancelled numbers — both downloaded beforehand:
//
//   curl -s https://<host>/.well-known/certificate-keys.json > keys.json
//   curl -s https://<host>/api/v1/public/certificate-revocations > revoked.json
//   cert-verify --keys keys.json [--revoked revoked.json] '<QR text>'
//
// Prints the certificate's fields and "有效签名" and exits 0 when the signature verifies and the
// number is not cancelled; exits 1 with the reason otherwise, 2 on a usage error.
// `--repeat N` parses and verifies the payload N times more and prints the rate (the benchmark).
import CertificatesDomain
import Foundation
import OpenSSLCrypto

func fail(_ message: String, _ status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("cert-verify: \(message)\n".utf8))
    exit(status)
}

func json(_ path: String) -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: path),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { fail("\(path) is not a JSON object", 2) }
    return object
}

var arguments = Array(CommandLine.arguments.dropFirst())
var keysPath: String?, revokedPath: String?
var repeats = 0
var text: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--keys": keysPath = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--revoked": revokedPath = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--repeat": repeats = arguments.isEmpty ? 0 : Int(arguments.removeFirst()) ?? 0
    default: text = argument
    }
}
guard let keysPath, let text else { fail("usage: cert-verify --keys keys.json [--revoked revoked.json] '<QR text>'", 2) }

let payload: QRPayload
do { payload = try QRPayload(parsing: text) } catch { fail("不是本系统的证书二维码（格式或证书编号校验位不正确）") }
let keys = json(keysPath)["keys"] as? [[String: Any]] ?? []
guard let key = keys.first(where: { $0["keyId"] as? String == payload.keyID }),
      let der = (key["publicKey"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
    fail("没有签名密钥 \(payload.keyID) 的公钥（请更新 keys.json）")
}
let verifier: VerifyingKey
do { verifier = try VerifyingKey(der: Array(der)) } catch { fail("公钥 \(payload.keyID) 无法读取：\(error)") }
guard verifier.verify(payload.signature, payload.form.canonical) else { fail("签名无效：证书内容被改动或不是签发机关签发") }
if let revokedPath {
    let revoked = json(revokedPath)
    if (revoked["numbers"] as? [String] ?? []).contains(payload.form.number) {
        fail("证书 \(payload.form.number) 已注销或已作废")
    }
    if (revoked["supersededSignatures"] as? [String] ?? []).contains(Base64URL.encode(payload.signature)) {
        fail("证书 \(payload.form.number) 的信息已变更，此二维码已失效，请以新证书为准")
    }
}
let form = payload.form
print("""
    证书编号 \(form.number)
    持证人   \(form.holderName)（\(form.maskedIDNumber)）
    岗位/工种 \(form.code)  等级 \(form.level)  签发机关 \(form.issuer)
    发证日期 \(form.issuedOn)  有效期至 \(form.validUntil)
    有效签名（密钥 \(payload.keyID)）
    """)
if repeats > 0 {
    let started = ContinuousClock.now
    for _ in 0..<repeats {
        guard let again = try? QRPayload(parsing: text), verifier.verify(again.signature, again.form.canonical) else { fail("验签失败") }
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(repeats) 次解析并验签，\(String(format: "%.0f", Double(repeats) / seconds)) 次/秒（单线程）")
}
