import Foundation
import Logging
import RPC
import ServiceHost
import ServiceLifecycle
import Storage

/// B-5: delivers the messages classes wrote in its outbox (`student_notifications`, in the
/// change's own transaction) into the students' inbox, which the enrollment service keeps
/// (`DeliverStudentNotifications`). Each message carries its key (`classes:<id>`), so a batch
/// sent again after a lost answer, or by two instances at once, adds nothing twice; a message is
/// marked delivered only after enrollment answered.
public struct NotificationDeliveryJob: Service {
    let database: DatabasePool
    let enrollment: any EnrollmentPlans
    let interval: Duration
    let logger: Logger
    static let batch = 200

    public init(database: DatabasePool, enrollment: any EnrollmentPlans, interval: Duration = .seconds(5), logger: Logger) {
        self.database = database
        self.enrollment = enrollment
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval) {
            do {
                while try await deliverBatch() == Self.batch {}
            } catch {
                logger.warning("notification delivery failed; retrying next round", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One batch: the oldest undelivered messages to enrollment, then marked delivered.
    /// - Returns: how many were delivered.
    @discardableResult
    func deliverBatch() async throws -> Int {
        let pending = try await database.transaction { tx in try OutboxStore.undelivered(limit: Self.batch, tx) }
        guard !pending.isEmpty else { return 0 }
        try await enrollment.deliver(pending, options: CallOptions(timeout: .seconds(10)))
        try await database.transaction { tx in try OutboxStore.markDelivered(pending.map(\.id), tx) }
        return pending.count
    }
}
