// The identity service: see SPEC.md and docs/ARCHITECTURE.md. Domain methods arrive with their issues.
import Foundation
import ServiceHost

await ServiceHost.main(ServiceDefinition(
    name: "identity", defaultRPCPort: 7101, defaultMetricsPort: 9101,
    migrationsDirectory: Bundle.module.path(forResource: "Migrations", ofType: nil)!,
    makeServices: { _ in [] }))
