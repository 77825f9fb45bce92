import COpenSSL
import NIOCore

/// Who is at the other end of a verified TLS connection: the certificate's subject CN and
/// DNS subject-alternative names. Services use it to know which service is calling.
public struct PeerIdentity: Sendable, Hashable {
    public var commonName: String?
    public var dnsNames: [String]

    public init(commonName: String?, dnsNames: [String]) {
        self.commonName = commonName
        self.dnsNames = dnsNames
    }
}

/// One OpenSSL `SSL` over two memory BIOs: ciphertext from the network is fed in, plaintext
/// comes out, and what OpenSSL wants sent is drained. Owns the `SSL` (which owns the BIOs).
/// Used from one event loop only.
final class TLSConnection {
    enum Progress: Equatable {
        case complete
        case needsMoreData
        case failed(TLSError)
    }

    enum ReadResult: Equatable {
        case plaintext
        case needsMoreData
        case closedByPeer
        case failed(TLSError)
    }

    private let ssl: OpaquePointer
    private let networkIn: OpaquePointer
    private let networkOut: OpaquePointer

    /// - Parameter serverHostname: for clients, the name the server's certificate must carry.
    init(context: TLSContext, serverHostname: String?) throws {
        guard let ssl = SSL_new(context.context),
              let networkIn = BIO_new(BIO_s_mem()), let networkOut = BIO_new(BIO_s_mem()) else {
            throw TLSError.configuration("SSL_new: \(OpenSSLErrors.drain())")
        }
        _ = shim_BIO_set_mem_eof_return(networkIn, -1)
        _ = shim_BIO_set_mem_eof_return(networkOut, -1)
        SSL_set_bio(ssl, networkIn, networkOut)
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut
        switch context.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverHostname {
                try verifyHostname(serverHostname)
            }
        }
    }

    deinit {
        SSL_free(ssl)
    }

    private func verifyHostname(_ hostname: String) throws {
        let isAddress = hostname.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } && hostname.contains { $0 == "." || $0 == ":" }
            && hostname.contains { $0.isNumber }
        if isAddress {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), hostname) == 1 else {
                throw TLSError.configuration("bad server address \(hostname)")
            }
        } else {
            guard SSL_set1_host(ssl, hostname) == 1, shim_SSL_set_tlsext_host_name(ssl, hostname) == 1 else {
                throw TLSError.configuration("bad server hostname \(hostname)")
            }
        }
    }

    /// Hands ciphertext received from the network to OpenSSL.
    func receive(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            _ = BIO_write(networkIn, base, Int32(bytes.count))
        }
    }

    /// Advances the handshake with what has been received so far.
    func handshake() -> Progress {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsMoreData
        default: return .failed(.handshakeFailed(failureReason()))
        }
    }

    /// Decrypts into `buffer`'s writable space (it needs some).
    func read(into buffer: inout ByteBuffer) -> ReadResult {
        ERR_clear_error()
        var count: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { space in
            count = SSL_read(ssl, space.baseAddress, Int32(clamping: space.count))
            return max(Int(count), 0)
        }
        if count > 0 { return .plaintext }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsMoreData
        case SSL_ERROR_ZERO_RETURN: return .closedByPeer
        default: return .failed(.protocolFailure(failureReason()))
        }
    }

    /// Encrypts all of `plaintext`; the records wait in the outgoing BIO until drained.
    func write(_ plaintext: ByteBuffer) -> TLSError? {
        ERR_clear_error()
        return plaintext.withUnsafeReadableBytes { bytes -> TLSError? in
            guard bytes.count > 0 else { return nil }
            let written = SSL_write(ssl, bytes.baseAddress, Int32(bytes.count))
            return written == bytes.count ? nil : .protocolFailure(failureReason())
        }
    }

    /// Queues a close_notify alert.
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
    }

    /// Bytes OpenSSL wants sent.
    var pendingOutput: Int { Int(BIO_ctrl_pending(networkOut)) }

    /// Moves everything OpenSSL wants sent into `buffer`.
    func drainOutput(into buffer: inout ByteBuffer) {
        let pending = pendingOutput
        guard pending > 0 else { return }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { space in
            Int(max(BIO_read(networkOut, space.baseAddress, Int32(pending)), 0))
        }
    }

    /// The verified peer's names (after the handshake).
    var peerIdentity: PeerIdentity? {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { return nil }
        return PeerIdentity(commonName: Self.commonName(certificate), dnsNames: Self.dnsNames(certificate))
    }

    /// The negotiated protocol, e.g. "TLSv1.3".
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    private func failureReason() -> String {
        let verify = SSL_get_verify_result(ssl)
        let queued = OpenSSLErrors.drain()
        guard verify != X509_V_OK else { return queued }
        return String(cString: X509_verify_cert_error_string(verify)) + " (" + queued + ")"
    }

    private static func commonName(_ certificate: OpaquePointer) -> String? {
        guard let subject = X509_get_subject_name(certificate) else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        let length = X509_NAME_get_text_by_NID(subject, NID_commonName, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private static func dnsNames(_ certificate: OpaquePointer) -> [String] {
        guard let extensionData = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(extensionData)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let raw = OPENSSL_sk_value(names, index) else { continue }
            let name = raw.assumingMemoryBound(to: GENERAL_NAME.self)
            guard name.pointee.type == GEN_DNS, let text = name.pointee.d.dNSName,
                  let data = ASN1_STRING_get0_data(text) else { continue }
            let bytes = UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(text)))
            result.append(String(decoding: bytes, as: UTF8.self))
        }
        return result
    }
}
