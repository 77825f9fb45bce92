import COpenSSL

/// B-1: ECDSA P-256 with SHA-256 (ES256) from OpenSSL. Signatures travel as the 64 bytes r‖s
/// (as in JOSE and WebCrypto), not as DER, so that they fit a QR code.
public enum SignatureError: Error, Equatable, Sendable {
    /// Not a PEM or DER key OpenSSL reads.
    case unreadableKey
    /// A key of another type or curve than P-256.
    case unsupportedKey
    case signingFailed
}

/// A private signing key, read from PEM (PKCS #8 or SEC 1, as `openssl genpkey` writes it).
public final class SigningKey: @unchecked Sendable {
    // Immutable after init; OpenSSL allows one EVP_PKEY to sign from several threads at once.
    private let key: OpaquePointer

    public init(pem: String) throws(SignatureError) {
        let bio = pem.withCString { BIO_new_mem_buf($0, -1) }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { ERR_clear_error(); throw .unreadableKey }
        guard ECDSAKey.isP256(key) else { EVP_PKEY_free(key); throw .unsupportedKey }
        self.key = key
    }

    /// A new random P-256 key (tests and the key script's checks).
    public static func generate() -> SigningKey {
        let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil)
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        precondition(EVP_PKEY_keygen_init(context) == 1 && EVP_PKEY_CTX_set_group_name(context, "P-256") == 1
                     && EVP_PKEY_generate(context, &key) == 1, "P-256 key generation failed")
        return SigningKey(key!)
    }

    private init(_ key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// The key as PKCS #8 PEM.
    public var pem: String {
        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        precondition(PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1)
        return ECDSAKey.string(bio)
    }

    /// The public half as DER SubjectPublicKeyInfo, what `VerifyingKey(der:)` reads.
    public var publicKeyDER: [UInt8] { ECDSAKey.publicDER(key) }

    /// The 64-byte r‖s signature of SHA-256(`message`).
    public func sign(_ message: [UInt8]) throws(SignatureError) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        var der = [UInt8](repeating: 0, count: 80)
        var length = der.count
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
              EVP_DigestSign(context, &der, &length, message, message.count) == 1 else { ERR_clear_error(); throw .signingFailed }
        return try ECDSAKey.raw(fromDER: Array(der.prefix(length)))
    }
}

/// A public key that checks signatures: from DER SubjectPublicKeyInfo (the published key set)
/// or PEM.
public final class VerifyingKey: @unchecked Sendable {
    private let key: OpaquePointer

    public init(der: [UInt8]) throws(SignatureError) {
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let decoded else { ERR_clear_error(); throw .unreadableKey }
        guard ECDSAKey.isP256(decoded) else { EVP_PKEY_free(decoded); throw .unsupportedKey }
        key = decoded
    }

    deinit { EVP_PKEY_free(key) }

    /// The DER SubjectPublicKeyInfo of a `-----BEGIN PUBLIC KEY-----` PEM.
    public static func der(pem: String) throws(SignatureError) -> [UInt8] {
        let bio = pem.withCString { BIO_new_mem_buf($0, -1) }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else { ERR_clear_error(); throw .unreadableKey }
        defer { EVP_PKEY_free(key) }
        guard ECDSAKey.isP256(key) else { throw .unsupportedKey }
        return ECDSAKey.publicDER(key)
    }

    /// Whether `signature` (r‖s) signs `message`; false for a signature of the wrong shape.
    public func verify(_ signature: [UInt8], _ message: [UInt8]) -> Bool {
        guard let der = ECDSAKey.der(fromRaw: signature) else { return false }
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        let ok = EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1
            && EVP_DigestVerify(context, der, der.count, message, message.count) == 1
        ERR_clear_error()
        return ok
    }
}

/// The conversions between DER and r‖s, and the curve check.
enum ECDSAKey {
    static let half = 32

    static func isP256(_ key: OpaquePointer) -> Bool {
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_EC else { return false }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else { return false }
        let group = String(cString: name)
        return group == "prime256v1" || group == "P-256"
    }

    static func publicDER(_ key: OpaquePointer) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(key, &out)
        precondition(length > 0, "i2d_PUBKEY failed")
        defer { shim_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    static func raw(fromDER der: [UInt8]) throws(SignatureError) -> [UInt8] {
        let signature: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let signature else { throw .signingFailed }
        defer { ECDSA_SIG_free(signature) }
        var r: OpaquePointer?
        var s: OpaquePointer?
        ECDSA_SIG_get0(signature, &r, &s)
        var out = [UInt8](repeating: 0, count: 2 * half)
        let ok = out.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, Int32(half)) == half
                && BN_bn2binpad(s, buffer.baseAddress! + half, Int32(half)) == half
        }
        guard ok else { throw .signingFailed }
        return out
    }

    static func der(fromRaw raw: [UInt8]) -> [UInt8]? {
        guard raw.count == 2 * half, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let r = BN_bin2bn(raw, Int32(half), nil)
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + half, Int32(half), nil) }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else { BN_free(r); BN_free(s); return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_ECDSA_SIG(signature, &out)
        guard length > 0 else { return nil }
        defer { shim_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    static func string(_ bio: OpaquePointer?) -> String {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(bio, &pointer)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
