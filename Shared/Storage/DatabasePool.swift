import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A bounded pool of libpq connections whose blocking work runs on its own thread pool,
/// never on an event loop. Connections are opened lazily, one thread per connection in use;
/// a broken one is discarded and replaced on the next use, and its caller gets
/// `StorageError.connectionLost`, so a server restart costs failed calls, never hung ones.
public final class DatabasePool: Sendable {
    public struct Configuration: Sendable {
        /// libpq connection string or URI.
        public var url: String
        public var maximumConnections = 8
        /// How long a caller waits for a free connection before `StorageError.poolTimeout`.
        public var acquireTimeout: Duration = .seconds(5)
        /// Attempts of a transaction that hits a serialization failure or deadlock.
        public var transactionAttempts = 3

        public init(url: String) {
            self.url = url
        }
    }

    private enum Lease {
        case existing(PostgresConnection)
        case new
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Lease, any Error>
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
    }

    public let configuration: Configuration
    private let threads: NIOThreadPool
    private let state = NIOLockedValueBox(State())
    private let inUse: Gauge
    private let waitTimer: Metrics.Timer
    private let timeouts: Counter

    public init(_ configuration: Configuration, label: String = "db") {
        self.configuration = configuration
        self.threads = NIOThreadPool(numberOfThreads: configuration.maximumConnections)
        self.threads.start()
        self.inUse = Gauge(label: "db_pool_connections_in_use", dimensions: [("pool", label)])
        self.waitTimer = Metrics.Timer(label: "db_pool_acquire_seconds", dimensions: [("pool", label)])
        self.timeouts = Counter(label: "db_pool_timeouts_total", dimensions: [("pool", label)])
    }

    /// Runs `body` with a connection of its own on a pool thread.
    /// - Throws: `StorageError.poolTimeout` when none frees up in time, `.connectionFailed`,
    ///   `.connectionLost`, or whatever `body` throws.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let lease = try await acquire()
        let url = configuration.url
        let leased: PostgresConnection? = if case .existing(let existing) = lease { existing } else { nil }
        do {
            let (result, used) = try await threads.runIfActive { () throws -> (T, PostgresConnection) in
                let used = try leased ?? PostgresConnection(url: url)
                do {
                    return (try body(used), used)
                } catch {
                    throw ConnectionFailure(error: error, connection: used)
                }
            }
            release(used)
            return result
        } catch let failure as ConnectionFailure {
            release(failure.connection)
            throw failure.error
        } catch {
            release(nil)
            throw error
        }
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    /// Serialization failures and deadlocks re-run the whole body (a bounded number of times),
    /// so `body` must not have effects outside the database. With a deadline, statements are
    /// cancelled by PostgreSQL when it passes (SQLSTATE 57014).
    public func transaction<T: Sendable>(
        deadline: NIODeadline? = nil, isolation: IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try connection.execute("BEGIN ISOLATION LEVEL " + isolation.rawValue)
                    do {
                        if let deadline {
                            let milliseconds = max((deadline - .now()).nanoseconds / 1_000_000, 1)
                            try connection.execute("SELECT set_config('statement_timeout', $1, true)",
                                                   [.text(String(milliseconds))])
                        }
                        let result = try body(Transaction(connection: connection))
                        try connection.execute("COMMIT")
                        return result
                    } catch {
                        if connection.isHealthy { _ = try? connection.execute("ROLLBACK") }
                        throw error
                    }
                }
            } catch let error as StorageError where error.isRetryableConflict && attempt < configuration.transactionAttempts {
                attempt += 1
            }
        }
    }

    /// Closes every idle connection and refuses new work; waits for the threads to finish.
    public func shutdown() async {
        let waiters = state.withLockedValue { state in
            state.closed = true
            state.idle = []  // dropping a connection closes it
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: StorageError.poolClosed) }
        try? await threads.shutdownGracefully()
    }

    /// Connections open now (idle or in use), for tests and metrics.
    public var openConnections: Int { state.withLockedValue { $0.open } }

    // MARK: Leasing

    private func acquire() async throws -> Lease {
        let started = NIODeadline.now()
        let immediate: Lease? = try state.withLockedValue { state in
            if state.closed { throw StorageError.poolClosed }
            if let connection = state.idle.popLast() { return .existing(connection) }
            if state.open < configuration.maximumConnections {
                state.open += 1
                return .new
            }
            return nil
        }
        if let immediate {
            inUse.record(state.withLockedValue { $0.open - $0.idle.count })
            return immediate
        }
        let timeout = configuration.acquireTimeout
        let id = state.withLockedValue { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        // The wait's timer, an event-loop timer (the caller's own loop when it runs on one, as
        // service handlers do): no task and no Dispatch timer per wait. Cancelled as soon as the
        // wait ends.
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        var timer: Scheduled<Void>?
        defer { timer?.cancel() }
        let lease = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
            let registered = state.withLockedValue { state -> Bool in
                guard !state.closed else { return false }
                state.waiters.append(Waiter(id: id, continuation: continuation))
                return true
            }
            guard registered else { return continuation.resume(throwing: StorageError.poolClosed) }
            timer = loop.scheduleTask(in: TimeAmount(timeout)) {
                self.expireWaiter(id, waited: timeout)
            }
        }
        waitTimer.recordNanoseconds((NIODeadline.now() - started).nanoseconds)
        return lease
    }

    private func expireWaiter(_ id: UInt64, waited: Duration) {
        let waiter = state.withLockedValue { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        guard let waiter else { return }
        timeouts.increment()
        waiter.continuation.resume(throwing: StorageError.poolTimeout(waited: waited))
    }

    /// Returns a connection (nil: none was made) to the pool or to the first waiter; a broken
    /// one is dropped and its slot passed on, so the waiter opens a fresh connection.
    private func release(_ connection: PostgresConnection?) {
        let healthy = connection.flatMap { $0.isHealthy ? $0 : nil }
        let (waiter, lease): (Waiter?, Lease?) = state.withLockedValue { state in
            if !state.waiters.isEmpty, !state.closed {
                let waiter = state.waiters.removeFirst()
                return (waiter, healthy.map(Lease.existing) ?? .new)
            }
            if let healthy, !state.closed {
                state.idle.append(healthy)
            } else {
                state.open -= 1
            }
            return (nil, nil)
        }
        if let waiter, let lease { waiter.continuation.resume(returning: lease) }
        inUse.record(state.withLockedValue { $0.open - $0.idle.count })
    }
}

/// A failure inside `body`, carrying the connection back out so the pool can check it.
private struct ConnectionFailure: Error {
    let error: any Error
    let connection: PostgresConnection
}

/// PostgreSQL transaction isolation levels.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

/// Something that runs parameterized statements: a `Transaction`, or a `PostgresConnection` from
/// `DatabasePool.withConnection` in autocommit mode (a read that needs no transaction).
public protocol SQLExecutor {
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Rows
}

extension PostgresConnection: SQLExecutor {}

/// Statements inside one transaction (`DatabasePool.transaction`).
public struct Transaction: SQLExecutor {
    let connection: PostgresConnection

    /// Runs one parameterized statement in the transaction.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Rows {
        try connection.execute(sql, parameters)
    }
}
