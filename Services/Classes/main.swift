// The classes service (SPEC §3): see Services/Classes/ClassesService.swift. Besides the common
// settings (docs/CONFIGURATION.md) it reads IDENTITY_ENDPOINTS and ENROLLMENT_ENDPOINTS (its
// peers; enrollment also keeps the students' inbox its outbox delivers to, B-5) and REMINDER_INTERVAL_SECONDS (how often overdue reviews are reminded, default 300).
import ClassesService
import RPC
import ServiceHost

let reader = EnvironmentReader()
await ServiceHost.main(ServiceDefinition(
    name: "classes", defaultRPCPort: 7103, defaultMetricsPort: 9103,
    migrationsDirectory: ClassesService.migrationsDirectory,
    makeServices: { resources in
        let classes = ClassesService(database: resources.database,
                                     identity: DirectoryIdentityFacts(client: try resources.peers.client("identity")),
                                     enrollment: EnrollmentServicePlans(client: try resources.peers.client("enrollment")),
                                     logger: resources.logger)
        return [classes, classes.directory, classes.operationLog]
    },
    makeJobs: { resources in
        let reminders = ApprovalReminderJob(database: resources.database, flows: ClassesService.approvalFlows,
                                            interval: .seconds((try? reader.int("REMINDER_INTERVAL_SECONDS", default: 300)) ?? 300),
                                            logger: resources.logger)
        guard let enrollment = try? resources.peers.client("enrollment") else { return [reminders] }
        return [reminders, NotificationDeliveryJob(database: resources.database, enrollment: EnrollmentServicePlans(client: enrollment),
                                                   logger: resources.logger)]
    }))
