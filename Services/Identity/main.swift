// The identity service (SPEC §1): see Services/Identity/IdentityService.swift.
//   identity             serve (configuration from the environment, docs/CONFIGURATION.md)
//   identity seed-demo   migrate, then load the demonstration data (scripts/dev-stack.sh)
//
// Besides the common settings (docs/CONFIGURATION.md) it reads ENROLLMENT_ENDPOINTS (the
// enrollment service's instances, asked which organisations hold a student's enrollments, ID-9).
import IdentityService
import RPC
import ServiceHost

let definition = ServiceDefinition(
    name: "identity", defaultRPCPort: 7101, defaultMetricsPort: 9101,
    migrationsDirectory: IdentityService.migrationsDirectory,
    makeServices: { resources in
        let enrollment = try resources.peers.client("enrollment")
        let identity = IdentityService(database: resources.database,
                                       enrollments: EnrollmentServiceStudentEnrollments(client: enrollment), logger: resources.logger)
        return [identity, identity.operationLog, IdentityDirectory(database: resources.database)]
    })

if CommandLine.arguments.dropFirst().first == "seed-demo" {
    await ServiceHost.runTask(definition) { database in try await DemoData.seed(database) }
}
await ServiceHost.main(definition)
