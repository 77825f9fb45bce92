import Foundation
import Hummingbird
import Logging
import ProtoServices
import ServiceHost
import ServiceLifecycle

/// Builds the gateway's HTTP application over the given backends (used by `main.swift` and by
/// the tests, which point it at in-process services).
public enum GatewayApplication {
    /// Reads the environment, serves HTTP and metrics until SIGTERM/SIGINT; exits 1 on a
    /// start-up error.
    public static func main() async -> Never {
        do {
            let configuration = try GatewayConfiguration.fromEnvironment()
            let (logger, registry) = ServiceHost.bootstrap(label: "gateway", level: configuration.logLevel, format: configuration.logFormat)
            let web = try StaticFiles.bundled()
            let backends = try Backends(configuration: configuration, logger: logger)
            let app = make(configuration: configuration, backends: backends, web: web, logger: logger)
            let group = ServiceGroup(
                services: [app, MetricsServer(host: configuration.metricsHost, port: configuration.metricsPort,
                                              registry: registry, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
            await backends.close()
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("gateway: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The router with every route and middleware, and the API that documents them.
    /// Middleware, outermost first: request id and security headers, the access log, the
    /// front-end files (`web`; GET and HEAD of their paths end there), then the mapping of every
    /// failure to an `APIError`; the signed-in routes' group adds the `Authenticator`.
    static func router(backends: Backends, rateLimits: [String: Int], web: StaticFiles,
                       accessLogger: Logger = Logger(label: "gateway.access")) -> (Router<GatewayContext>, API) {
        let router = Router(context: GatewayContext.self)
        let registry = EndpointRegistry()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: accessLogger))
        router.add(middleware: StaticFilesMiddleware(files: web))
        router.add(middleware: ErrorMiddleware(registry: registry))
        let identity = Identity_V1_IdentityServiceClient(backends.clients["identity"]!)
        let api = API(router: router, registry: registry, identity: identity, limiter: RateLimiter(perMinute: rateLimits))
        HealthRoutes(backends: backends).register(on: api)
        OpenAPIRoute.register(on: api)
        IdentityRoutes(identity: identity).register(on: api)
        EnrollmentRoutes(enrollment: Enrollment_V1_EnrollmentServiceClient(backends.clients["enrollment"]!)).register(on: api)
        ClassesRoutes(classes: Classes_V1_ClassesServiceClient(backends.clients["classes"]!)).register(on: api)
        AssessmentRoutes(assessment: Assessment_V1_AssessmentServiceClient(backends.clients["assessment"]!)).register(on: api)
        CertificatesRoutes(certificates: Certificates_V1_CertificateServiceClient(backends.clients["certificates"]!)).register(on: api)
        OperationLogRoutes(backends: backends).register(on: api)
        return (router, api)
    }

    static func make(configuration: GatewayConfiguration, backends: Backends, web: StaticFiles, logger: Logger) -> some ApplicationProtocol {
        var accessLogger = logger
        accessLogger[metadataKey: "log"] = "access"
        let (router, _) = router(backends: backends, rateLimits: configuration.rateLimits, web: web, accessLogger: accessLogger)
        return Application(
            router: router,
            server: .http1OnEventLoops(),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort),
                                 serverName: "training-gateway"),
            logger: logger)
    }
}
