// The enrollment service: see SPEC.md and docs/ARCHITECTURE.md. Domain methods arrive with their issues.
import Foundation
import ServiceHost

await ServiceHost.main(ServiceDefinition(
    name: "enrollment", defaultRPCPort: 7102, defaultMetricsPort: 9102,
    migrationsDirectory: Bundle.module.path(forResource: "Migrations", ofType: nil)!,
    makeServices: { _ in [] }))
