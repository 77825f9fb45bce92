// The certificates service (SPEC §5): see Services/Certificates/CertificatesService.swift. Besides
// the common settings (docs/CONFIGURATION.md) it reads IDENTITY_ENDPOINTS and
// ASSESSMENT_ENDPOINTS (its peers), SIGNING_KEYS_DIR (the issuers' keys, B-1; made by
// scripts/make-signing-keys.sh) and CERTIFICATE_LOOKUP_URL (the public lookup page the QR
// codes lead to).
import CertificatesService
import Foundation
import RPC
import ServiceHost

let reader = EnvironmentReader()
await ServiceHost.main(ServiceDefinition(
    name: "certificates", defaultRPCPort: 7105, defaultMetricsPort: 9105,
    migrationsDirectory: CertificatesService.migrationsDirectory,
    makeServices: { resources in
        let certificates = CertificatesService(
            database: resources.database,
            identity: DirectoryIdentityFacts(client: try resources.peers.client("identity")),
            assessment: AssessmentDirectoryFacts(client: try resources.peers.client("assessment")),
            keys: try SigningKeys(directory: reader.string("SIGNING_KEYS_DIR", default: "signing-keys")),
            lookupURL: reader.string("CERTIFICATE_LOOKUP_URL", default: "http://127.0.0.1:8080/verify"),
            logger: resources.logger)
        return [certificates, certificates.lookup, certificates.operationLog]
    }))
