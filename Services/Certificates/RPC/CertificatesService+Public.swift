import CertificatesDomain
import CommonRules
import Foundation
import Proto
import RPC

extension CertificatesService {
    /// B-1: every verification key, active and retired; public.
    public func getSigningKeys(_ request: Common_V1_Empty, context: CallContext) async throws -> Certificates_V1_SigningKeySet {
        var set = Certificates_V1_SigningKeySet()
        set.keys = keys.published.map { published in
            var key = Certificates_V1_SigningKey()
            key.keyID = published.keyID
            key.algorithm = "ES256"
            key.publicKey = Data(published.publicKeyDER).base64EncodedString()
            key.active = published.active
            return key
        }
        return set
    }

    /// B-1: the revocation status of one number; public. A malformed number is not found.
    public func getCertificateStatus(_ request: Certificates_V1_CertificateStatusRequest,
                                     context: CallContext) async throws -> Certificates_V1_CertificateStatusResponse {
        var response = Certificates_V1_CertificateStatusResponse()
        let number = request.number.trimmingSpaces.uppercased()
        response.number = number
        guard (try? CertificateNumber(parsing: number)) != nil else { return response }
        let today = Self.today
        guard let (certificate, changedAt) = try await transaction(context, { tx -> (Certificates_V1_Certificate, Int64)? in
            guard let certificate = try CertificateStore.byNumber(number, today: today, tx) else { return nil }
            return (certificate, try CertificateStore.stateChangedAt(certificate.id, tx))
        }) else { return response }
        response.found = true
        response.status = certificate.status
        response.validUntil = certificate.validUntil
        response.changedAtUnix = changedAt
        return response
    }

    /// B-1: the cancelled and voided numbers and the signatures changes replaced, for offline
    /// verifiers; public.
    public func listRevocations(_ request: Certificates_V1_RevocationsRequest,
                                context: CallContext) async throws -> Certificates_V1_RevocationList {
        var list = Certificates_V1_RevocationList()
        (list.numbers, list.supersededSignatures) = try await transaction(context) { tx in
            (try CertificateStore.revokedNumbers(tx), try CertificateStore.supersededSignatures(tx))
        }
        list.asOfUnix = Self.now
        return list
    }
}
