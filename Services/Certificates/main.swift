// The certificates service (SPEC §5): see Services/Certificates/CertificatesService.swift. Besides
// the common settings (docs/CONFIGURATION.md) it reads IDENTITY_ENDPOINTS and
// ASSESSMENT_ENDPOINTS (its peers), SIGNING_KEYS_DIR (the issuers' keys, B-1; made by
// scripts/make-signing-keys.sh) and CERTIFICATE_LOOKUP_URL (the public lookup page the QR
// codes lead to), and for the national registry (B-3) REGISTRY_URL (https://host:port/path; unset:
// nothing is pushed and every certificate stays 未推送), REGISTRY_TRUST_ROOTS (default: the
// cluster CA), REGISTRY_TIMEOUT_SECONDS (10), REGISTRY_PUSH_INTERVAL_SECONDS (5),
// REGISTRY_LEASE_SECONDS (120) and REGISTRY_RETRY_BASE_SECONDS (5); for the public lookup (B-4)
// LOOKUP_CHALLENGE_AFTER_MISSES (5 misses an hour from one address), LOOKUP_PER_ID_NUMBER_PER_HOUR
// (10) and LOOKUP_LOG_KEY (the HMAC key of the ID numbers the log counts; set it in production);
// CERTIFICATE_FONT, the TrueType font of the PDF e-certificates (CE-6; default fonts-wqy-microhei's).
import CertificatesDomain
import CertificatesService
import Foundation
import RPC
import ServiceHost
import ServiceLifecycle

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
            lookupLimits: LookupLimits(challengeAfterMisses: try reader.positiveInt("LOOKUP_CHALLENGE_AFTER_MISSES", default: 5),
                                       perIDNumber: try reader.positiveInt("LOOKUP_PER_ID_NUMBER_PER_HOUR", default: 10)),
            lookupKey: Array(reader.string("LOOKUP_LOG_KEY", default: "development-lookup-log-key").utf8),
            pdf: CertificatePDF(fontPath: reader.string("CERTIFICATE_FONT", default: CertificatePDF.defaultFont)),
            logger: resources.logger)
        return [certificates, certificates.lookup, certificates.operationLog]
    },
    makeJobs: { resources in
        var jobs: [any Service] = [
            RenameJob(database: resources.database, logger: resources.logger),
            ApprovalReminderJob(database: resources.database, flows: [CertificatesService.businessFlow(reviewDays: 0)],
                                interval: .seconds((try? reader.int("REMINDER_INTERVAL_SECONDS", default: 300)) ?? 300),
                                logger: resources.logger),
        ]
        let url = reader.string("REGISTRY_URL", default: "")
        guard !url.isEmpty else {
            resources.logger.warning("REGISTRY_URL is not set: certificates are not pushed to the national registry")
            return jobs
        }
        do {
            var tls = resources.configuration.tls
            tls.trustRootsFile = reader.string("REGISTRY_TRUST_ROOTS", default: tls.trustRootsFile)
            let registry = try HTTPSNationalRegistry(url: url, tls: try TLSContext(tls, role: .client),
                                                     timeout: try reader.seconds("REGISTRY_TIMEOUT_SECONDS", default: 10))
            var settings = RegistryPushJob.Settings()
            settings.interval = try reader.seconds("REGISTRY_PUSH_INTERVAL_SECONDS", default: 5)
            settings.lease = Double(try reader.positiveInt("REGISTRY_LEASE_SECONDS", default: 120))
            settings.backoff = PushBackoff(base: Double(try reader.positiveInt("REGISTRY_RETRY_BASE_SECONDS", default: 5)))
            jobs.append(RegistryPushJob(database: resources.database, registry: registry, settings: settings, logger: resources.logger))
        } catch {
            resources.logger.critical("the national registry cannot be configured", metadata: ["error": "\(error)"])
        }
        return jobs
    }))
