import CommonRules
import Foundation
import Logging
import ServiceLifecycle
import Storage

/// B-6 "deadlines with reminders": every `interval`, the items of `flows` whose stop is past its
/// due date get one `remind` row on their timeline (`Approvals.remindOverdue`); the reviewer's
/// timeline shows it. Every instance may run it: the UPDATE … RETURNING claims each item
/// once.
public struct ApprovalReminderJob: Service {
    let database: DatabasePool
    let flows: [ApprovalFlow]
    let interval: Duration
    let logger: Logger

    public init(database: DatabasePool, flows: [ApprovalFlow], interval: Duration = .seconds(300), logger: Logger) {
        self.database = database
        self.flows = flows
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await round(now: Int64(Date().timeIntervalSince1970)) }
    }

    /// One round; a failure waits for the next.
    func round(now: Int64) async {
        for flow in flows {
            do {
                let reminded = try await database.transaction { tx in try Approvals.remindOverdue(flow, now: now, tx) }
                if !reminded.isEmpty { logger.info("reminded overdue reviews", metadata: ["flow": "\(flow.name)", "items": "\(reminded.count)"]) }
            } catch {
                logger.warning("review reminders failed; retrying next round", metadata: ["flow": "\(flow.name)", "error": "\(error)"])
            }
        }
    }
}
