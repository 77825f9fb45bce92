import Logging
import NIOCore
import ServiceLifecycle
import Storage

/// Probes the database every few seconds and sets health to NOT_SERVING while it is unreachable.
public struct DatabaseMonitor: Service {
    let pool: DatabasePool
    let health: HealthState
    let interval: Duration
    let logger: Logger

    public init(pool: DatabasePool, health: HealthState, interval: Duration = .seconds(5), logger: Logger) {
        self.pool = pool
        self.health = health
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await probe() }
    }

    /// One probe: `SELECT 1` within the interval.
    public func probe() async {
        let reachable: Bool
        do {
            try await pool.transaction(deadline: .now() + .seconds(2)) { try $0.execute("SELECT 1") }
            reachable = true
        } catch {
            reachable = false
            if health.isServing { logger.warning("database unreachable", metadata: ["error": "\(error)"]) }
        }
        if reachable, !health.isServing { logger.info("database reachable: serving") }
        health.set(serving: reachable)
    }
}
