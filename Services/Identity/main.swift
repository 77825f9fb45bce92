// The identity service (SPEC §1): see Services/Identity/IdentityService.swift.
//   identity             serve (configuration from the environment, docs/CONFIGURATION.md)
//   identity seed-demo   migrate, then load the demonstration data (scripts/dev-stack.sh)
import IdentityService
import ServiceHost

let definition = ServiceDefinition(
    name: "identity", defaultRPCPort: 7101, defaultMetricsPort: 9101,
    migrationsDirectory: IdentityService.migrationsDirectory,
    makeServices: { resources in
        [IdentityService(database: resources.database, logger: resources.logger),
         IdentityDirectory(database: resources.database)]
    })

if CommandLine.arguments.dropFirst().first == "seed-demo" {
    await ServiceHost.runTask(definition) { database in try await DemoData.seed(database) }
}
await ServiceHost.main(definition)
