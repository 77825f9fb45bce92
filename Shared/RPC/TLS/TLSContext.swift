import COpenSSL

/// Which end of the handshake a context is for.
public enum TLSRole: Sendable {
    case server, client
}

/// TLS failures, with OpenSSL's own reasons in the text.
public enum TLSError: Error, Equatable, CustomStringConvertible {
    /// Certificates, key or trust roots could not be loaded.
    case configuration(String)
    /// The handshake failed (bad or missing certificate, wrong host, protocol version …).
    case handshakeFailed(String)
    /// The peer sent something that is not valid TLS after the handshake.
    case protocolFailure(String)

    public var description: String {
        switch self {
        case .configuration(let reason): "TLS configuration: \(reason)"
        case .handshakeFailed(let reason): "TLS handshake failed: \(reason)"
        case .protocolFailure(let reason): "TLS failure: \(reason)"
        }
    }
}

/// An OpenSSL `SSL_CTX`, configured once and shared by every connection of one server or client.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and never mutated after;
/// OpenSSL allows concurrent `SSL_new` on a configured context (its internal locks).
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    public let role: TLSRole

    /// Loads certificates, key and trust roots.
    /// - Throws: `TLSError.configuration` naming the file and OpenSSL's reason.
    public init(_ configuration: TLSConfiguration, role: TLSRole) throws {
        guard let context = SSL_CTX_new(role == .server ? TLS_server_method() : TLS_client_method()) else {
            throw TLSError.configuration("SSL_CTX_new: \(OpenSSLErrors.drain())")
        }
        self.context = context
        self.role = role
        ERR_clear_error()
        if configuration.minimumVersion == .tls1_1 || configuration.maximumVersion == .tls1_1 {
            SSL_CTX_set_security_level(context, 0)  // OpenSSL 3 refuses TLS 1.1 at level ≥ 1.
        }
        _ = shim_SSL_CTX_set_min_proto_version(context, configuration.minimumVersion.openSSLValue)
        if let maximum = configuration.maximumVersion {
            _ = shim_SSL_CTX_set_max_proto_version(context, maximum.openSSLValue)
        }
        if let chain = configuration.certificateChainFile {
            guard SSL_CTX_use_certificate_chain_file(context, chain) == 1 else {
                throw TLSError.configuration("certificate chain \(chain): \(OpenSSLErrors.drain())")
            }
        }
        if let key = configuration.privateKeyFile {
            guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
                  SSL_CTX_check_private_key(context) == 1 else {
                throw TLSError.configuration("private key \(key): \(OpenSSLErrors.drain())")
            }
        }
        guard SSL_CTX_load_verify_locations(context, configuration.trustRootsFile, nil) == 1 else {
            throw TLSError.configuration("trust roots \(configuration.trustRootsFile): \(OpenSSLErrors.drain())")
        }
        switch role {
        case .server:
            let requireCertificate = configuration.requireClientCertificate ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | requireCertificate, nil)
            if let names = SSL_load_client_CA_file(configuration.trustRootsFile) {
                SSL_CTX_set_client_CA_list(context, names)
            }
            // Connections live long and never resume sessions: no tickets to make or send.
            _ = shim_SSL_CTX_set_num_tickets(context, 0)
        case .client:
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        _ = shim_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
    }

    deinit {
        SSL_CTX_free(context)
    }
}

extension TLSVersion {
    var openSSLValue: Int32 {
        switch self {
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}

/// OpenSSL's per-thread error queue, read as text.
enum OpenSSLErrors {
    /// Empties the queue and joins its reasons; "unknown" when it was empty.
    static func drain() -> String {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while case let code = ERR_get_error(), code != 0 {
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return reasons.isEmpty ? "unknown" : reasons.joined(separator: "; ")
    }
}
