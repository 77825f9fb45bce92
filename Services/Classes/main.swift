// The classes service: see SPEC.md and docs/ARCHITECTURE.md. Domain methods arrive with their issues.
import Foundation
import ServiceHost

await ServiceHost.main(ServiceDefinition(
    name: "classes", defaultRPCPort: 7103, defaultMetricsPort: 9103,
    migrationsDirectory: Bundle.module.path(forResource: "Migrations", ofType: nil)!,
    makeServices: { _ in [] }))
