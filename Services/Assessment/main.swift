// The assessment service (SPEC §4): see Services/Assessment/AssessmentService.swift. Besides the
// common settings (docs/CONFIGURATION.md) it reads IDENTITY_ENDPOINTS and CLASSES_ENDPOINTS (its
// peers: identity's directory, and classes' for eligible students and assessors) and
// REMINDER_INTERVAL_SECONDS (how often overdue reviews are reminded, default 300).
import AssessmentService
import RPC
import ServiceHost

let reader = EnvironmentReader()
await ServiceHost.main(ServiceDefinition(
    name: "assessment", defaultRPCPort: 7104, defaultMetricsPort: 9104,
    migrationsDirectory: AssessmentService.migrationsDirectory,
    makeServices: { resources in
        let assessment = AssessmentService(database: resources.database,
                                           identity: DirectoryIdentityFacts(client: try resources.peers.client("identity")),
                                           classes: ClassesDirectoryFacts(client: try resources.peers.client("classes")),
                                           logger: resources.logger)
        return [assessment, assessment.directory, assessment.operationLog]
    },
    makeJobs: { resources in
        [ApprovalReminderJob(database: resources.database, flows: AssessmentService.approvalFlows,
                             interval: .seconds((try? reader.int("REMINDER_INTERVAL_SECONDS", default: 300)) ?? 300),
                             logger: resources.logger)]
    }))
