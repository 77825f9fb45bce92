// The assessment service: see SPEC.md and docs/ARCHITECTURE.md. Domain methods arrive with their issues.
import Foundation
import ServiceHost

await ServiceHost.main(ServiceDefinition(
    name: "assessment", defaultRPCPort: 7104, defaultMetricsPort: 9104,
    migrationsDirectory: Bundle.module.path(forResource: "Migrations", ofType: nil)!,
    makeServices: { _ in [] }))
