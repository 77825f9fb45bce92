import CommonRules

/// B-1: the part of a certificate its issuer signs, in one canonical byte form, and the QR
/// payload that carries it with the signature so that it verifies offline.
///
/// The canonical form is UTF-8, one field per line, in this order and nothing else:
///
///     TC1
///     26340001190001K      number
///     张三                  holder name
///     3421**********0029   masked ID number
///     011                  post or trade code
///     9                    level code (9: a post, which has none)
///     3400                 issuer (the authority's division code)
///     2026-12-03           issued on (Asia/Shanghai)
///     2029-12-02           valid until (inclusive)
///
/// Every field is a single line with no leading or trailing spaces, so no two certificates share
/// a form and a verifier rebuilds it exactly (docs/CERTIFICATES.md).
public struct SignedForm: Hashable, Sendable {
    public var number: String
    public var holderName: String
    public var maskedIDNumber: String
    public var code: String
    public var level: String
    public var issuer: String
    public var issuedOn: String
    public var validUntil: String

    public static let version = "TC1"

    public enum Problem: Error, Equatable, Sendable { case malformed }

    public init(number: String, holderName: String, maskedIDNumber: String, code: String, level: String,
                issuer: String, issuedOn: String, validUntil: String) {
        self.number = number
        self.holderName = holderName
        self.maskedIDNumber = maskedIDNumber
        self.code = code
        self.level = level
        self.issuer = issuer
        self.issuedOn = issuedOn
        self.validUntil = validUntil
    }

    var fields: [String] { [number, holderName, maskedIDNumber, code, level, issuer, issuedOn, validUntil] }

    /// The bytes that are signed.
    public var canonical: [UInt8] {
        Array(([Self.version] + fields).joined(separator: "\n").utf8)
    }

    /// The form back from its canonical bytes. - Throws: `Problem.malformed`.
    public init(canonical bytes: [UInt8]) throws(Problem) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 9, lines[0] == Self.version,
              lines.allSatisfy({ !$0.isEmpty && $0 == $0.trimmingSpaces }) else { throw .malformed }
        self.init(number: lines[1], holderName: lines[2], maskedIDNumber: lines[3], code: lines[4], level: lines[5],
                  issuer: lines[6], issuedOn: lines[7], validUntil: lines[8])
    }
}

/// B-1: what the certificate's QR code holds: the lookup page's address, then after `#` what a
/// verifier needs to rebuild the signed form, the key id and the signature (ECDSA P-256 r‖s):
///
///     https://zs.example.gov.cn/verify#TC1.26340001190001F.5byg5LiJ.3421**********0029.20261203.20291202.3400-2026a.<signature>
///
/// The holder's name and the signature are base64url; the post or trade, the level and the
/// issuer are not repeated, because the number holds them (CCC, L, RRRR). The page opens from a
/// phone's camera and looks the number up; a verifier reads the part after `#` offline. Kept
/// within 271 bytes, so it fits QR version 10 at level L (docs/CERTIFICATES.md).
public struct QRPayload: Hashable, Sendable {
    public var form: SignedForm
    public var keyID: String
    public var signature: [UInt8]

    /// The largest payload QR version 10 holds at error correction L in byte mode.
    public static let maximumBytes = 271

    public enum Problem: Error, Equatable, Sendable { case malformed }

    public init(form: SignedForm, keyID: String, signature: [UInt8]) {
        self.form = form
        self.keyID = keyID
        self.signature = signature
    }

    /// The part after `#`.
    public var fragment: String {
        [SignedForm.version, form.number, Base64URL.encode(Array(form.holderName.utf8)), form.maskedIDNumber,
         String(form.issuedOn.filter { $0 != "-" }), String(form.validUntil.filter { $0 != "-" }),
         keyID, Base64URL.encode(signature)].joined(separator: ".")
    }

    /// The text of the QR code for a lookup page at `lookupURL`.
    public func text(lookupURL: String) -> String { lookupURL + "#" + fragment }

    /// A payload from a QR's text, with or without the address before `#`. - Throws: `Problem.malformed`.
    public init(parsing text: String) throws(Problem) {
        let fragment = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let parts = fragment.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8, parts[0] == SignedForm.version, let number = try? CertificateNumber(parsing: parts[1]),
              number.description == parts[1],
              let name = Base64URL.decode(parts[2]).flatMap({ String(validating: $0, as: UTF8.self) }),
              let issuedOn = Self.date(parts[4]), let validUntil = Self.date(parts[5]), !parts[6].isEmpty,
              let signature = Base64URL.decode(parts[7]) else { throw .malformed }
        let form = SignedForm(number: parts[1], holderName: name, maskedIDNumber: parts[3], code: number.segment.code,
                              level: number.segment.level, issuer: number.segment.region, issuedOn: issuedOn, validUntil: validUntil)
        guard (try? SignedForm(canonical: form.canonical)) == form else { throw .malformed }
        self.init(form: form, keyID: parts[6], signature: signature)
    }

    /// "20261203" as "2026-12-03"; nil unless it is a real date.
    private static func date(_ compact: String) -> String? {
        guard compact.count == 8 else { return nil }
        let c = Array(compact)
        return CivilDate(String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8]))?.description
    }
}

/// Base64 with the URL alphabet and no padding (RFC 4648 §5).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b = Array(chunk) + [UInt8](repeating: 0, count: 3 - chunk.count)
            let value = UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
            for position in 0..<(chunk.count + 1) { out.append(alphabet[Int(value >> (18 - 6 * UInt32(position)) & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil for a character outside the alphabet or an impossible length.
    public static func decode(_ text: String) -> [UInt8]? {
        var values = [UInt8]()
        for byte in text.utf8 {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(value))
        }
        guard values.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var value: UInt32 = 0
            for (position, v) in chunk.enumerated() { value |= UInt32(v) << (18 - 6 * UInt32(position)) }
            for position in 0..<(chunk.count - 1) { out.append(UInt8(value >> (16 - 8 * UInt32(position)) & 0xff)) }
            index += 4
        }
        return out
    }
}
