// The gateway: the only public entry point. HTTP/JSON for the web console and mini-program,
// turned into RPC calls to the services (SPEC GW-1 … GW-4).
import Foundation
import Hummingbird
import Logging
import ServiceHost
import ServiceLifecycle

do {
    let configuration = try GatewayConfiguration.fromEnvironment()
    let (logger, registry) = ServiceHost.bootstrap(label: "gateway", level: configuration.logLevel, format: configuration.logFormat)
    let backends = try Backends(configuration: configuration, logger: logger)
    let router = Router()
    HealthRoutes(backends: backends).register(on: router)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "training-gateway"),
        logger: logger)
    let group = ServiceGroup(
        services: [app, MetricsServer(host: configuration.metricsHost, port: configuration.metricsPort, registry: registry, logger: logger)],
        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    try await group.run()
    await backends.close()
} catch {
    FileHandle.standardError.write(Data("gateway: \(error)\n".utf8))
    exit(1)
}
