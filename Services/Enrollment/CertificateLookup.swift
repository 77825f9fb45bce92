import EnrollmentDomain
import Proto
import ProtoServices
import RPC

/// EN-7: how a continuing-education enrollment's certificate is checked: `CertificateServiceLookup`
/// asks `certificates.v1.CertificateLookup/LookupCertificate`; `FormatOnlyCertificateLookup`
/// (tests without a certificates service) checks the number's shape only.
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

/// Asks the certificates service (the enrollment certificate is one of its lookup peers). A
/// certificate it issued is verified when it is the student's and valid, and refused when it is
/// another person's or no longer valid; a number it does not know (issued before this system)
/// is checked for its shape and left unverified for the institution's review.
public struct CertificateServiceLookup: CertificateLookup {
    private let client: Certificates_V1_CertificateLookupClient

    public init(client: RPCClient) { self.client = Certificates_V1_CertificateLookupClient(client) }

    public func verify(number: String, holderUserID: Int64, province: String) async throws -> Bool {
        var request = Certificates_V1_LookupCertificateRequest()
        request.number = number
        request.holderUserID = holderUserID
        let summary = try await client.lookupCertificate(request, options: CallOptions(timeout: .seconds(3)))
        guard summary.found else { return try await FormatOnlyCertificateLookup().verify(number: number, holderUserID: holderUserID, province: province) }
        guard summary.heldByRequester, summary.valid else { throw EnrollmentError.certificateNotUsable }
        return true
    }
}
