import Foundation
import Logging
import RPC

/// A service process's settings, from environment variables with safe local defaults
/// (docs/CONFIGURATION.md lists them all).
public struct ServiceConfiguration: Sendable {
    /// The service's name: its schema, database role, certificate name and log label.
    public var name: String
    public var rpcHost: String
    public var rpcPort: Int
    public var metricsHost: String
    public var metricsPort: Int
    public var certificateFile: String
    public var privateKeyFile: String
    public var trustRootsFile: String
    public var databaseURL: String
    public var databasePoolSize: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    /// Time a peer has to complete the TLS handshake (`RPC_HANDSHAKE_TIMEOUT_SECONDS`).
    public var rpcHandshakeTimeout: Duration
    /// Time a connection may stay without calls in flight (`RPC_IDLE_TIMEOUT_SECONDS`).
    public var rpcIdleTimeout: Duration
    /// Connections the RPC server holds at once (`RPC_MAX_CONNECTIONS`).
    public var rpcMaximumConnections: Int
    /// Time the RPC server's drain waits for calls in flight (`RPC_DRAIN_TIMEOUT_SECONDS`).
    public var rpcDrainTimeout: Duration
    /// Longest graceful shutdown of the whole process before its services are cancelled
    /// (`SHUTDOWN_TIMEOUT_SECONDS`); longer than the drain, shorter than the container's grace period.
    public var shutdownTimeout: Duration

    public enum LogFormat: String, Sendable { case json, text }

    /// Reads the environment.
    /// - Throws: `ConfigurationError` naming the variable whose value is unusable.
    public static func fromEnvironment(
        name: String, rpcPort: Int, metricsPort: Int,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServiceConfiguration {
        let reader = EnvironmentReader(environment)
        let tlsDirectory = reader.string("TLS_DIR", default: ".dev/certs")
        let drainTimeout = try reader.seconds("RPC_DRAIN_TIMEOUT_SECONDS", default: 30)
        let shutdownTimeout = try reader.seconds("SHUTDOWN_TIMEOUT_SECONDS", default: 35)
        guard drainTimeout < shutdownTimeout else {
            throw ConfigurationError(variable: "RPC_DRAIN_TIMEOUT_SECONDS",
                                     reason: "must be shorter than SHUTDOWN_TIMEOUT_SECONDS (\(shutdownTimeout))")
        }
        return ServiceConfiguration(
            name: name,
            rpcHost: reader.string("RPC_HOST", default: "127.0.0.1"),
            rpcPort: try reader.int("RPC_PORT", default: rpcPort),
            metricsHost: reader.string("METRICS_HOST", default: "127.0.0.1"),
            metricsPort: try reader.int("METRICS_PORT", default: metricsPort),
            certificateFile: reader.string("TLS_CERT_FILE", default: "\(tlsDirectory)/\(name).pem"),
            privateKeyFile: reader.string("TLS_KEY_FILE", default: "\(tlsDirectory)/\(name).key"),
            trustRootsFile: reader.string("TLS_CA_FILE", default: "\(tlsDirectory)/ca.pem"),
            databaseURL: reader.string("DATABASE_URL", default: "postgresql://\(name)@127.0.0.1:55432/training"),
            databasePoolSize: try reader.int("DB_POOL_SIZE", default: 8),
            logLevel: try reader.logLevel(),
            logFormat: try reader.logFormat(),
            rpcHandshakeTimeout: try reader.seconds("RPC_HANDSHAKE_TIMEOUT_SECONDS", default: 10),
            rpcIdleTimeout: try reader.seconds("RPC_IDLE_TIMEOUT_SECONDS", default: 300),
            rpcMaximumConnections: try reader.positiveInt("RPC_MAX_CONNECTIONS", default: 1024),
            rpcDrainTimeout: drainTimeout,
            shutdownTimeout: shutdownTimeout)
    }

    /// The RPC server's settings: address, TLS and limits from this configuration.
    /// - Throws: `TLSError` when the certificate, key or CA file cannot be loaded.
    public func rpcServerConfiguration() throws -> RPCServerConfiguration {
        var configuration = RPCServerConfiguration(host: rpcHost, port: rpcPort, tls: try TLSContext(tls, role: .server))
        configuration.metricsName = name
        configuration.handshakeTimeout = rpcHandshakeTimeout
        configuration.idleTimeout = rpcIdleTimeout
        configuration.maximumConnections = rpcMaximumConnections
        configuration.drainTimeout = rpcDrainTimeout
        return configuration
    }

    /// This service's TLS settings (the same certificate serves and calls).
    public var tls: TLSConfiguration {
        TLSConfiguration(certificateChainFile: certificateFile, privateKeyFile: privateKeyFile,
                         trustRootsFile: trustRootsFile)
    }
}

/// A configuration value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let variable: String
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }
    public var description: String { "\(variable): \(reason)" }
}

/// Typed reads of environment variables; an empty value counts as unset.
public struct EnvironmentReader: Sendable {
    private let environment: [String: String]

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func string(_ name: String, default value: String) -> String {
        environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? value
    }

    /// A service's instances as `host:port[,host:port…]`, each verified as `serverHostname`.
    public func endpoints(_ name: String, default value: String, serverHostname: String) throws -> [RPCEndpoint] {
        let list = string(name, default: value)
        return try list.split(separator: ",").map { item in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw ConfigurationError(variable: name, reason: "expected host:port[,host:port…], got \(list)")
            }
            return RPCEndpoint(host: String(parts[0]), port: port, serverHostname: serverHostname)
        }
    }

    public func int(_ name: String, default value: Int) throws -> Int {
        let text = string(name, default: String(value))
        guard let number = Int(text), number >= 0 else {
            throw ConfigurationError(variable: name, reason: "expected a non-negative integer, got \(text)")
        }
        return number
    }

    /// An integer of at least 1.
    public func positiveInt(_ name: String, default value: Int) throws -> Int {
        let number = try int(name, default: value)
        guard number > 0 else {
            throw ConfigurationError(variable: name, reason: "expected a positive integer, got \(number)")
        }
        return number
    }

    /// A whole number of seconds, at least 1.
    public func seconds(_ name: String, default value: Int) throws -> Duration {
        .seconds(try positiveInt(name, default: value))
    }

    func logLevel() throws -> Logger.Level {
        let text = string("LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: text) else {
            throw ConfigurationError(variable: "LOG_LEVEL", reason: "unknown level \(text)")
        }
        return level
    }

    func logFormat() throws -> ServiceConfiguration.LogFormat {
        let text = string("LOG_FORMAT", default: "json")
        guard let format = ServiceConfiguration.LogFormat(rawValue: text) else {
            throw ConfigurationError(variable: "LOG_FORMAT", reason: "expected json or text, got \(text)")
        }
        return format
    }
}
