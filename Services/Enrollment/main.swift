// The enrollment service (SPEC §2): see Services/Enrollment/EnrollmentService.swift.
// Besides the common settings (docs/CONFIGURATION.md) it reads IDENTITY_ENDPOINTS (the identity
// service's instances, for its directory), CLASSES_ENDPOINTS (EN-5 training), ASSESSMENT_ENDPOINTS (EN-5 tests, AS-4),
// CERTIFICATES_ENDPOINTS (EN-7's certificate lookup) and PURGE_INTERVAL_SECONDS (how often the EN-2 purge
// runs, default 300).
import EnrollmentService
import RPC
import ServiceHost

let reader = EnvironmentReader()
await ServiceHost.main(ServiceDefinition(
    name: "enrollment", defaultRPCPort: 7102, defaultMetricsPort: 9102,
    migrationsDirectory: EnrollmentService.migrationsDirectory,
    makeServices: { resources in
        let identity = try resources.peers.client("identity")
        let enrollment = EnrollmentService(database: resources.database, identity: DirectoryIdentityFacts(client: identity),
                                           certificates: CertificateServiceLookup(client: try resources.peers.client("certificates")),
                                           classTraining: ClassesDirectoryTraining(client: try resources.peers.client("classes")),
                                           assessments: AssessmentDirectoryLookup(client: try resources.peers.client("assessment")),
                                           logger: resources.logger)
        return [enrollment, enrollment.operationLog]
    },
    makeJobs: { resources in
        [PurgeJob(database: resources.database,
                  interval: .seconds((try? reader.int("PURGE_INTERVAL_SECONDS", default: 300)) ?? 300), logger: resources.logger),
         ApprovalReminderJob(database: resources.database, flows: EnrollmentService.approvalFlows, logger: resources.logger)]
    }))
