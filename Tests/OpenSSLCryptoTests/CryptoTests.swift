import OpenSSLCrypto
import Testing

@Suite("OpenSSL crypto")
struct CryptoTests {
    @Test("SHA-256 of known inputs")
    func sha256() {
        #expect(Crypto.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Crypto.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("HMAC-SHA256: RFC 4231 test cases 1 and 2")
    func hmac() {
        #expect(Crypto.hex(Crypto.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Crypto.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("random bytes differ between calls")
    func random() {
        #expect(Crypto.randomBytes(16) != Crypto.randomBytes(16))
        #expect(Crypto.randomBytes(32).count == 32)
    }

    @Test("ID-3: a password verifies against its hash; another does not; salts are unique")
    func passwordHash() {
        let hasher = PasswordHasher()
        let stored = hasher.hash("安全员Passw0rd")
        #expect(stored.hasPrefix("scrypt$15$8$1$"))
        #expect(hasher.verify("安全员Passw0rd", against: stored))
        #expect(!hasher.verify("安全员Passw0rd ", against: stored))
        #expect(!hasher.verify("", against: stored))
        #expect(hasher.hash("安全员Passw0rd") != stored)
    }

    @Test("ID-3: a damaged or foreign stored hash never verifies", arguments: [
        "", "scrypt$15$8$1$00$00", "pbkdf2$15$8$1$aa$bb", "scrypt$40$8$1$" + String(repeating: "a", count: 32) + "$" + String(repeating: "b", count: 64),
        "scrypt$15$8$1$zz$" + String(repeating: "b", count: 64),
    ])
    func damaged(stored: String) {
        #expect(!PasswordHasher().verify("x", against: stored))
    }

    @Test("ID-3: parameters come from the stored hash, so old hashes keep working")
    func parametersTravel() {
        var light = PasswordHasher()
        light.logN = 12
        let stored = light.hash("abc12345")
        #expect(stored.hasPrefix("scrypt$12$"))
        #expect(PasswordHasher().verify("abc12345", against: stored))
    }
}
