import EnrollmentDomain

/// EN-7: how a continuing-education enrollment's certificate is checked. The real adapter calls
/// `certificates.v1.CertificateLookup/LookupCertificate` (proto/certificates/v1/lookup.proto)
/// once the certificates service serves it; until then `FormatOnlyCertificateLookup` accepts a
/// well-formed number and reports it unverified.
public protocol CertificateLookup: Sendable {
    /// Whether the number was confirmed as the student's valid certificate (false: unverified).
    /// - Throws: when the number is malformed or the certificate is known to be someone else's.
    func verify(number: String, holderUserID: Int64, province: String) async throws -> Bool
}

/// Checks the number's shape only (CertificateNumber) and reports every certificate unverified.
public struct FormatOnlyCertificateLookup: CertificateLookup {
    public init() {}

    public func verify(number: String, holderUserID: Int64, province: String) async throws -> Bool {
        guard CertificateNumber.isWellFormed(number, province: province) else { throw EnrollmentError.certificateNumberInvalid }
        return false
    }
}
