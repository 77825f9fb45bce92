/// B-2: the rotating code of a lesson's venue QR. Every `stepSeconds` (30) the code changes:
/// the HMAC-SHA256 (with the class's own secret) of "venue:<class>:<lesson>:<step>", cut to 8
/// decimal digits by the dynamic truncation of RFC 4226. Only the current and the previous step
/// are accepted, so a photo of the QR is good for 30 to 60 seconds.
public struct VenueCode: Sendable {
    public static let stepSeconds: Int64 = 30

    /// The MAC: HMAC-SHA256 from OpenSSL in the service (the rule does not depend on it).
    public typealias MAC = @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]

    let secret: [UInt8]
    let classID: Int64
    let lessonID: Int64
    let mac: MAC

    public init(secret: [UInt8], classID: Int64, lessonID: Int64, mac: @escaping MAC) {
        self.secret = secret
        self.classID = classID
        self.lessonID = lessonID
        self.mac = mac
    }

    /// The time step of a moment.
    public static func step(at unix: Int64) -> Int64 { unix >= 0 ? unix / stepSeconds : (unix - stepSeconds + 1) / stepSeconds }

    /// The 8-digit code of a step.
    public func code(step: Int64) -> String {
        let digest = mac(secret, Array("venue:\(classID):\(lessonID):\(step)".utf8))
        let offset = Int(digest[digest.count - 1] & 0x0f)
        let value = (UInt32(digest[offset] & 0x7f) << 24) | (UInt32(digest[offset + 1]) << 16)
            | (UInt32(digest[offset + 2]) << 8) | UInt32(digest[offset + 3])
        let text = String(value % 100_000_000)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    /// The code shown at `unix`.
    public func code(at unix: Int64) -> String { code(step: Self.step(at: unix)) }

    /// Whether `code` is the current or the previous step's at `unix` (compared in constant time).
    public func accepts(_ code: String, at unix: Int64) -> Bool {
        let given = Array(code.utf8)
        let step = Self.step(at: unix)
        var matched = false
        for candidate in [step, step - 1] {
            let expected = Array(self.code(step: candidate).utf8)
            var difference: UInt8 = given.count == expected.count ? 0 : 1
            for (a, b) in zip(given, expected) { difference |= a ^ b }
            matched = matched || difference == 0
        }
        return matched
    }
}
