import CertificatesDomain
import Proto
import ProtoServices
import RPC
import ServiceHost

/// `certificates.v1.CertificateLookup` (EN-7): whether a certificate a continuing-education
/// enrollment names exists, whose it is, and whether it is valid. Only `lookupPeers` may call.
public struct CertificateLookupService: Certificates_V1_CertificateLookupService {
    let service: CertificatesService

    public func lookupCertificate(_ request: Certificates_V1_LookupCertificateRequest,
                                  context: CallContext) async throws -> Certificates_V1_CertificateSummary {
        try context.requirePeer(in: service.lookupPeers)
        let number = request.number.uppercased()
        var summary = Certificates_V1_CertificateSummary()
        summary.number = number
        guard (try? CertificateNumber(parsing: number)) != nil else { return summary }
        let today = CertificatesService.today
        guard let certificate = try await service.database.transaction(deadline: context.deadline, { tx in
            try CertificateStore.byNumber(number, today: today, tx)
        }) else { return summary }
        summary.found = true
        summary.post = certificate.post
        summary.heldByRequester = certificate.holderUserID == request.holderUserID
        summary.valid = certificate.status == .valid
        return summary
    }
}

extension CertificatesService {
    public var lookup: CertificateLookupService { CertificateLookupService(service: self) }
}
