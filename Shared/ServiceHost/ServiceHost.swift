import Foundation
import Logging
import Metrics
import NIOCore
import Prometheus
import Proto
import ProtoServices
import RPC
import ServiceLifecycle
import Storage

/// What a service executable contributes to the common host.
public struct ServiceDefinition: Sendable {
    /// Service name: schema, database role, certificate name, log label ("identity").
    public var name: String
    public var defaultRPCPort: Int
    public var defaultMetricsPort: Int
    /// Directory of the service's `NNNN_name.sql` migrations.
    public var migrationsDirectory: String
    /// The RPC services to serve, given the process's resources.
    public var makeServices: @Sendable (ServiceResources) throws -> [any RPCService]
    /// Scheduled jobs that run beside the server until shutdown (e.g. enrollment's purge, EN-2).
    public var makeJobs: @Sendable (ServiceResources) -> [any Service]

    public init(name: String, defaultRPCPort: Int, defaultMetricsPort: Int, migrationsDirectory: String,
                makeServices: @escaping @Sendable (ServiceResources) throws -> [any RPCService],
                makeJobs: @escaping @Sendable (ServiceResources) -> [any Service] = { _ in [] }) {
        self.name = name
        self.defaultRPCPort = defaultRPCPort
        self.defaultMetricsPort = defaultMetricsPort
        self.migrationsDirectory = migrationsDirectory
        self.makeServices = makeServices
        self.makeJobs = makeJobs
    }
}

/// What handlers get from the host.
public struct ServiceResources: Sendable {
    public let configuration: ServiceConfiguration
    public let database: DatabasePool
    public let logger: Logger
    /// Clients of the other services this one calls.
    public let peers: PeerClients
}

/// Every service executable has the same shape: read the environment, log as JSON, expose
/// Prometheus metrics, migrate its schema, serve its RPCs plus health over mutual TLS, and on
/// SIGTERM/SIGINT drain and stop. `--health-check` asks a running instance for its health
/// (exit 0 when SERVING), for container healthchecks.
public enum ServiceHost {
    /// Runs the service; never returns normally. Start-up failures print and exit 1.
    public static func main(_ definition: ServiceDefinition) async -> Never {
        do {
            let configuration = try ServiceConfiguration.fromEnvironment(
                name: definition.name, rpcPort: definition.defaultRPCPort, metricsPort: definition.defaultMetricsPort)
            if CommandLine.arguments.contains("--health-check") {
                exit(await healthCheck(configuration) ? 0 : 1)
            }
            try await run(definition, configuration: configuration)
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(definition.name): \(error)\n".utf8))
            exit(1)
        }
    }

    /// Runs a one-off task against the migrated database instead of serving (e.g. loading demo
    /// data), then exits: 0 when it succeeded, 1 with the error printed when it failed.
    public static func runTask(_ definition: ServiceDefinition, _ task: @escaping @Sendable (DatabasePool) async throws -> Void) async -> Never {
        do {
            let configuration = try ServiceConfiguration.fromEnvironment(
                name: definition.name, rpcPort: definition.defaultRPCPort, metricsPort: definition.defaultMetricsPort)
            let (logger, _) = bootstrap(label: definition.name, level: configuration.logLevel, format: configuration.logFormat)
            let pool = DatabasePool(DatabasePool.Configuration(url: configuration.databaseURL), label: definition.name)
            try await migrateWhenReachable(
                Migrator(schema: definition.name, migrations: migrations(serviceDirectory: definition.migrationsDirectory)),
                pool: pool, logger: logger)
            do {
                try await task(pool)
            } catch {
                await pool.shutdown()
                throw error
            }
            await pool.shutdown()
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(definition.name): \(error)\n".utf8))
            exit(1)
        }
    }

    /// Bootstraps logging and metrics for a process (once).
    public static func bootstrap(label: String, level: Logger.Level, format: ServiceConfiguration.LogFormat) -> (Logger, PrometheusCollectorRegistry) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return (Logger(label: label), registry)
    }

    static func run(_ definition: ServiceDefinition, configuration: ServiceConfiguration) async throws {
        let (logger, registry) = bootstrap(label: definition.name, level: configuration.logLevel, format: configuration.logFormat)
        var poolConfiguration = DatabasePool.Configuration(url: configuration.databaseURL)
        poolConfiguration.maximumConnections = max(configuration.databasePoolSize, 1)
        let pool = DatabasePool(poolConfiguration, label: definition.name)
        let migrations = try migrations(serviceDirectory: definition.migrationsDirectory)
        try await migrateWhenReachable(Migrator(schema: definition.name, migrations: migrations), pool: pool, logger: logger)

        let health = HealthState(serving: true)
        let peers = PeerClients(tls: try TLSContext(configuration.tls, role: .client), logger: logger)
        let resources = ServiceResources(configuration: configuration, database: pool, logger: logger, peers: peers)
        let services = try definition.makeServices(resources)
        let names = Set(services.flatMap { $0.methods.map { String($0.name.split(separator: "/")[0]) } })
        let server = RPCServer(
            configuration: try configuration.rpcServerConfiguration(),
            services: [HealthService(state: health, serviceNames: names)] + services, logger: logger)
        let group = serviceGroup(
            [
                server,
                DatabaseMonitor(pool: pool, health: health, logger: logger),
                MetricsServer(host: configuration.metricsHost, port: configuration.metricsPort, registry: registry, logger: logger),
            ] + definition.makeJobs(resources),
            shutdownTimeout: configuration.shutdownTimeout, logger: logger)
        try await group.run()
        await peers.close()
        await pool.shutdown()
    }

    /// How long the services get to end once graceful shutdown has turned into cancellation,
    /// before ServiceLifecycle gives up on them (a crash, so the process ends anyway).
    static let cancellationTimeout: Duration = .seconds(3)

    /// The group a service process runs: started in order, stopped in reverse on SIGTERM or
    /// SIGINT, each waited for; after `shutdownTimeout` whatever still runs is cancelled, and
    /// after `cancellationTimeout` more the group gives up on it.
    static func serviceGroup(_ services: [any Service], shutdownTimeout: Duration, logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = cancellationTimeout
        return ServiceGroup(configuration: configuration)
    }

    /// The host's shared migrations (versions below 100: the operation log every schema has)
    /// followed by the service's own (from 100).
    /// - Throws: `MigrationError.badFileName` for a service migration numbered below 100.
    public static func migrations(serviceDirectory: String) throws -> [Migration] {
        let shared = try Migration.load(directory: Bundle.module.path(forResource: "Migrations", ofType: nil)!)
        let own = try Migration.load(directory: serviceDirectory)
        if let early = own.first(where: { $0.version < firstServiceVersion }) {
            throw MigrationError.badFileName("\(early.version)_\(early.name).sql: service migrations start at 0100")
        }
        return shared + own
    }

    /// The first version a service's own migration may have.
    public static let firstServiceVersion = 100

    /// Applies migrations, waiting for the database to become reachable; a migration error
    /// (a changed migration, an unknown one) stops start-up at once.
    static func migrateWhenReachable(_ migrator: Migrator, pool: DatabasePool, logger: Logger) async throws {
        while true {
            do {
                try await migrator.migrate(pool, logger: logger)
                return
            } catch let error as StorageError {
                logger.warning("database not ready; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Calls this instance's `health.v1.Health/Check` over mutual TLS.
    static func healthCheck(_ configuration: ServiceConfiguration) async -> Bool {
        guard let tls = try? TLSContext(configuration.tls, role: .client) else { return false }
        var clientConfiguration = RPCClientConfiguration(tls: tls)
        clientConfiguration.defaultTimeout = .seconds(3)
        let host = configuration.rpcHost == "0.0.0.0" ? "127.0.0.1" : configuration.rpcHost
        let client = RPCClient(
            endpoints: [RPCEndpoint(host: host, port: configuration.rpcPort, serverHostname: configuration.name)],
            configuration: clientConfiguration, logger: Logger(label: "health-check"))
        let response = try? await Health_V1_HealthClient(client).check(Health_V1_CheckRequest())
        await client.close()
        return response?.status == .serving
    }
}
