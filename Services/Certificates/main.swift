// The certificates service: see SPEC.md and docs/ARCHITECTURE.md. Domain methods arrive with their issues.
import Foundation
import ServiceHost

await ServiceHost.main(ServiceDefinition(
    name: "certificates", defaultRPCPort: 7105, defaultMetricsPort: 9105,
    migrationsDirectory: Bundle.module.path(forResource: "Migrations", ofType: nil)!,
    makeServices: { _ in [] }))
