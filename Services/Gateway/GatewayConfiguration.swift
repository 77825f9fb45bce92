import Foundation
import Logging
import RPC
import ServiceHost

/// The gateway's settings from the environment (docs/CONFIGURATION.md).
struct GatewayConfiguration: Sendable {
    /// The backends, by service name, each with its instances.
    static let backendNames = ServiceDirectory.defaultPorts.keys.sorted()

    var httpHost: String
    var httpPort: Int
    var metricsHost: String
    var metricsPort: Int
    var tls: TLSConfiguration
    var backends: [String: [RPCEndpoint]]
    var logLevel: Logger.Level
    var logFormat: ServiceConfiguration.LogFormat
    /// Requests a minute per client IP, by rate-limit bucket (login, sms).
    var rateLimits: [String: Int]

    /// - Throws: `ConfigurationError` naming the unusable variable.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfiguration {
        let reader = EnvironmentReader(environment)
        let service = try ServiceConfiguration.fromEnvironment(
            name: "gateway", rpcPort: 0, metricsPort: 9100, environment: environment)
        var backends: [String: [RPCEndpoint]] = [:]
        for name in backendNames {
            backends[name] = try ServiceDirectory.endpoints(of: name, reader)
        }
        return GatewayConfiguration(
            httpHost: reader.string("HTTP_HOST", default: "127.0.0.1"),
            httpPort: try reader.int("HTTP_PORT", default: 8080),
            metricsHost: service.metricsHost, metricsPort: service.metricsPort,
            tls: service.tls, backends: backends, logLevel: service.logLevel, logFormat: service.logFormat,
            rateLimits: ["login": try reader.int("RATE_LIMIT_LOGIN_PER_MINUTE", default: 20),
                         "sms": try reader.int("RATE_LIMIT_SMS_PER_MINUTE", default: 5),
                         "lookup": try reader.int("RATE_LIMIT_LOOKUP_PER_MINUTE", default: 60)])
    }
}
