import CertificatesDomain
import Logging
import ServiceHost
import ServiceLifecycle
import Storage

/// B-3: delivers the registry outbox, in every instance. A round claims a batch of due rows
/// (`FOR UPDATE SKIP LOCKED`, so instances never take the same row) and moves them past a lease;
/// sends each, a few at a time; and records each verdict under its claim. Rows without a verdict
/// are due again after a backoff; rows of a pusher that died are due again after the lease. The
/// registry keeps a record once however often it comes (`recordId`), so a record sent twice —
/// after a lost answer, or after a lease ran out — is delivered once.
public struct RegistryPushJob: Service {
    /// How the job paces itself.
    public struct Settings: Sendable {
        public var interval: Duration = .seconds(5)
        public var batch = 100
        public var concurrency = 8
        /// Seconds a claim holds its rows: longer than a batch's sends take at the timeout.
        public var lease: Double = 120
        public var backoff = PushBackoff()

        public init() {}
    }

    let database: DatabasePool
    let registry: any NationalRegistry
    let settings: Settings
    let logger: Logger

    public init(database: DatabasePool, registry: any NationalRegistry, settings: Settings = Settings(), logger: Logger) {
        self.database = database
        self.registry = registry
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: settings.interval) {
            do {
                while try await pushBatch() == settings.batch, !Task.isCancelled {}
            } catch {
                logger.warning("registry push failed; retrying next round", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One batch: claim, send, record. - Returns: how many rows it claimed.
    @discardableResult
    public func pushBatch() async throws -> Int {
        let (batch, lease) = (settings.batch, settings.lease)
        let claimed = try await database.transaction { tx in try RegistryOutboxStore.claim(limit: batch, lease: lease, tx) }
        guard !claimed.isEmpty else { return 0 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = claimed.makeIterator()
            for _ in 0..<min(settings.concurrency, claimed.count) {
                if let row = next.next() { group.addTask { try await push(row) } }
            }
            while try await group.next() != nil {
                if let row = next.next() { group.addTask { try await push(row) } }
            }
        }
        return claimed.count
    }

    private func push(_ row: RegistryOutboxStore.Claimed) async throws {
        let outcome = await registry.push(row.record)
        try Task.checkCancellation()  // a stopped pusher records nothing more; its lease runs out
        let delay = settings.backoff.delay(afterAttempt: row.attempts)
        try await database.transaction { tx in
            switch outcome {
            case .accepted(let receipt): try RegistryOutboxStore.deliver(row, accepted: true, receipt: receipt, reason: "", tx)
            case .rejected(let reason): try RegistryOutboxStore.deliver(row, accepted: false, receipt: "", reason: reason, tx)
            case .retry(let error): try RegistryOutboxStore.postpone(row, delay: delay, error: error, tx)
            }
        }
        if case .retry(let error) = outcome {
            logger.info("registry push postponed", metadata: ["record": "\(row.record.recordID)", "attempt": "\(row.attempts)",
                                                            "error": "\(error)"])
        }
    }
}
