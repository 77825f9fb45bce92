/// What a TLS endpoint presents and trusts. Both sides of every service connection use
/// mutual TLS: each presents a certificate signed by the cluster CA and verifies the peer's.
public struct TLSConfiguration: Sendable {
    /// PEM file with this endpoint's certificate (and any intermediates).
    public var certificateChainFile: String?
    /// PEM file with the certificate's private key.
    public var privateKeyFile: String?
    /// PEM file with the CA certificates trusted to sign peers' certificates.
    public var trustRootsFile: String
    /// The lowest protocol version accepted. Never below TLS 1.2 in production.
    public var minimumVersion: TLSVersion = .tls1_2
    /// The highest protocol version offered; nil lets OpenSSL choose (TLS 1.3).
    public var maximumVersion: TLSVersion?
    /// Servers only: refuse clients that present no certificate from `trustRootsFile`.
    public var requireClientCertificate = true

    public init(certificateChainFile: String?, privateKeyFile: String?, trustRootsFile: String) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.trustRootsFile = trustRootsFile
    }

    /// The usual service configuration from a directory made by `scripts/dev-certs.sh`:
    /// `<dir>/ca.pem`, `<dir>/<name>.pem`, `<dir>/<name>.key`.
    public static func directory(_ path: String, name: String) -> TLSConfiguration {
        TLSConfiguration(certificateChainFile: "\(path)/\(name).pem", privateKeyFile: "\(path)/\(name).key",
                         trustRootsFile: "\(path)/ca.pem")
    }
}

/// TLS protocol versions we name in configuration.
public enum TLSVersion: Sendable {
    case tls1_1, tls1_2, tls1_3
}
