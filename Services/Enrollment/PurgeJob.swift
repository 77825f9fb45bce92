import Foundation
import Logging
import NIOCore
import ServiceHost
import ServiceLifecycle
import Storage

/// EN-2: deletes each approved plan whose class-application deadline (`plans.purge_after`,
/// `PlanRules.purgeDeadline`) has passed without a class application, with its enrollments;
/// tells the students and writes one operation-log entry per plan (actor 0, the system, for the
/// plan's institution), in the same transaction. The job keeps the loop and the rounds; its SQL is
/// `PurgeStore`'s.
///
/// Every instance runs the job; a transaction-scoped advisory lock lets one instance purge at a
/// time (the others skip that round), and the rows are re-checked under the lock, so a plan is
/// deleted once and a class application that lands first always wins.
public struct PurgeJob: Service {
    let database: DatabasePool
    let notifier: any StudentNotifier
    let interval: Duration
    let logger: Logger
    static let batch = 500

    public init(database: DatabasePool, notifier: any StudentNotifier = OutboxStudentNotifier(),
                interval: Duration = .seconds(300), logger: Logger) {
        self.database = database
        self.notifier = notifier
        self.interval = interval
        self.logger = logger
    }

    /// Runs a round every `interval` until graceful shutdown, which ends the wait at once.
    public func run() async throws {
        await runPeriodically(every: interval) { await purgeRound() }
    }

    /// One round: purges overdue plans, then deletes unused uploads; failures wait for the next.
    func purgeRound() async {
        do {
            let purged = try await purge(now: Int64(Date().timeIntervalSince1970))
            if purged > 0 { logger.info("purged plans without a class application", metadata: ["plans": "\(purged)"]) }
            let files = try await deleteUnusedUploads()
            if files > 0 { logger.info("deleted unused uploads", metadata: ["files": "\(files)"]) }
        } catch {
            logger.warning("purge failed; retrying next round", metadata: ["error": "\(error)"])
        }
    }

    /// One round: purges every plan overdue at `now` (Unix seconds), in batches.
    /// - Returns: how many plans this call deleted (0 when another instance held the lock).
    public func purge(now: Int64) async throws -> Int {
        var total = 0
        while true {
            let notifier = self.notifier
            let (purged, lockHeld) = try await database.transaction(deadline: .now() + .seconds(60)) { tx in
                try Self.purgeBatch(now: now, notifier: notifier, tx)
            }
            total += purged
            if !lockHeld || purged < Self.batch { return total }
        }
    }

    /// Uploads no enrollment or profile uses are deleted once older than this: ID card scans are
    /// not kept for nothing (a student who uploads and never enrolls).
    public static let unusedUploadLifetime: Int64 = 86_400

    /// Deletes uploads older than `unusedUploadLifetime` (by the database's clock) that no
    /// enrollment or profile references, up to `batch` a round, one operation-log entry each.
    /// - Returns: how many were deleted (0 when another instance held the lock).
    public func deleteUnusedUploads() async throws -> Int {
        try await database.transaction(deadline: .now() + .seconds(60)) { tx in
            guard try PurgeStore.takeTurn(tx) else { return 0 }
            let deleted = try PurgeStore.deleteUnusedUploads(olderThan: Self.unusedUploadLifetime, limit: Self.batch, tx)
            for id in deleted {
                try OperationLog.append(OperationLogEntry(action: "file.expire", targetType: "file", targetID: String(id)),
                                        by: nil, requestID: "upload-cleanup", in: tx)
            }
            return deleted.count
        }
    }

    /// Up to `batch` overdue plans, deleted in `tx`; (0, false) when another instance holds the lock.
    static func purgeBatch(now: Int64, notifier: any StudentNotifier, _ tx: Transaction) throws -> (Int, Bool) {
        guard try PurgeStore.takeTurn(tx) else { return (0, false) }
        let plans = try PurgeStore.overduePlans(at: now, limit: batch, tx)
        for plan in plans {
            for student in try PurgeStore.enrolledStudents(ofPlan: plan.id, tx) {
                try notifier.notify(userID: student, text: "培训机构未在报名结束后的规定期限内提交开班申请，报名计划“\(plan.name)”及您的报名已被删除。",
                                    in: tx)
            }
            try PurgeStore.deletePlan(plan.id, tx)
            // The system (user 0) acting for the plan's institution, so the entry is in its log.
            let system = Caller(userID: 0, orgID: plan.orgID, roles: [], permissions: [])
            try OperationLog.append(OperationLogEntry(action: "plan.purge", targetType: "plan", targetID: String(plan.id)),
                                    by: system, requestID: "purge-\(now)", in: tx)
        }
        return (plans.count, true)
    }
}
