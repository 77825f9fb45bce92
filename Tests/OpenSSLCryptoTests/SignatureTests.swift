import OpenSSLCrypto
import Testing

@Suite("B-1: ECDSA P-256 signatures")
struct SignatureTests {
    // A throw-away key made for this test with `openssl genpkey -algorithm EC -pkeyopt
    // ec_paramgen_curve:P-256`, and that tool's signature of `message` (`openssl dgst -sha256
    // -sign`), DER converted to r‖s. It signs nothing else.
    static let cliKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc6ls90csRmCEjPGx
        gMI+SjdsK4BXeKIxvTo+zMd4k+OhRANCAATe9yDzW8306L9c1QNEEr2Txz0P6TFx
        ar+eTemOkHc1b3kyjVjxTIBqyv0/Cawth2c9Tf46YcicVkaZcUMAmGiV
        -----END PRIVATE KEY-----
        """
    static let cliSignature = "2ff59984004cb74ecad64bcd794976425d918f97fe4df0d25b05b2e174ff98c84aeff702490b8e030cc639fd0a3586d609a514378cc9dec95d84b1bf81b45c38"
    static let message = Array("TC1\n证书".utf8)
    static let p384Key = """
        -----BEGIN PRIVATE KEY-----
        MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDAVFTayeA82Xz/zMs1C
        yxmH6isSv+qdQRyS3c4EqO1m4efsiLR2VUAUJahtc2yzTLWhZANiAASyienaY0tQ
        zfF6ZfQfg9RmVx4K8Sil0Iz03CbeX/VwruemntDOg0er9QvBOW6zkb6dZLkDWCI1
        GkmmZaUe5A9sWpjuKJhKO0lQV+BOjvTgQ3kCQrPP7U6weNMk1/UjLPE=
        -----END PRIVATE KEY-----
        """

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
    }

    @Test("a signature of the openssl tool verifies, and ours verify against the published DER key")
    func interoperates() throws {
        let key = try SigningKey(pem: Self.cliKey)
        let published = try VerifyingKey(der: key.publicKeyDER)
        #expect(published.verify(Self.bytes(hex: Self.cliSignature), Self.message))
        let ours = try key.sign(Self.message)
        #expect(ours.count == 64)
        #expect(published.verify(ours, Self.message))
        #expect(try SigningKey(pem: key.pem).publicKeyDER == key.publicKeyDER)
    }

    @Test("a changed message, a changed signature, another key or a wrong length is refused")
    func refuses() throws {
        let key = SigningKey.generate()
        let signature = try key.sign(Self.message)
        let verifier = try VerifyingKey(der: key.publicKeyDER)
        #expect(!verifier.verify(signature, Self.message + [0x20]))
        var flipped = signature
        flipped[10] ^= 1
        #expect(!verifier.verify(flipped, Self.message))
        #expect(!verifier.verify(Array(signature.prefix(63)), Self.message))
        #expect(!verifier.verify([UInt8](repeating: 0, count: 64), Self.message))
        #expect(!(try VerifyingKey(der: SigningKey.generate().publicKeyDER)).verify(signature, Self.message))
    }

    @Test("keys that are not P-256, or not keys, are refused")
    func keys() {
        #expect(throws: SignatureError.unsupportedKey) { try SigningKey(pem: Self.p384Key) }
        #expect(throws: SignatureError.unreadableKey) { try SigningKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") }
        #expect(throws: SignatureError.unreadableKey) { try VerifyingKey(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
    }
}
