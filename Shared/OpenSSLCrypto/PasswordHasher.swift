import COpenSSL

/// Slow salted password hashes with OpenSSL's scrypt (ID-3, DESIGN.md): N = 2^15, r = 8,
/// p = 1 (32 MiB, tens of milliseconds), 16 random bytes of salt, 32 bytes of hash, stored as
///
///     scrypt$<log2 N>$<r>$<p>$<salt hex>$<hash hex>
///
/// The parameters travel with each hash, so they can be raised later without breaking old
/// hashes. Hashing is CPU- and memory-heavy: call it from a thread pool, never an event loop.
public struct PasswordHasher: Sendable {
    public var logN: UInt8 = 15
    public var r: UInt32 = 8
    public var p: UInt32 = 1

    public init() {}

    /// A new hash of `password` with a fresh salt.
    public func hash(_ password: String) -> String {
        let salt = Crypto.randomBytes(16)
        let key = Self.derive(password, salt: salt, logN: logN, r: r, p: p)!
        return "scrypt$\(logN)$\(r)$\(p)$\(Crypto.hex(salt))$\(Crypto.hex(key))"
    }

    /// Whether `password` matches `stored`, compared in constant time. A malformed stored
    /// value never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logN = UInt8(parts[1]), (10...20).contains(logN),
              let r = UInt32(parts[2]), let p = UInt32(parts[3]), (1...32).contains(r), (1...16).contains(p),
              let salt = Self.unhex(parts[4]), let expected = Self.unhex(parts[5]), expected.count == 32,
              let key = Self.derive(password, salt: salt, logN: logN, r: r, p: p) else { return false }
        return Crypto.constantTimeEquals(key, expected)
    }

    private static func derive(_ password: String, salt: [UInt8], logN: UInt8, r: UInt32, p: UInt32) -> [UInt8]? {
        var key = [UInt8](repeating: 0, count: 32)
        let secret = Array(password.utf8)
        let ok = EVP_PBE_scrypt(secret.map { CChar(bitPattern: $0) }, secret.count, salt, salt.count,
                                UInt64(1) << logN, UInt64(r), UInt64(p), 64 * 1024 * 1024, &key, key.count)
        return ok == 1 ? key : nil
    }

    private static func unhex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
