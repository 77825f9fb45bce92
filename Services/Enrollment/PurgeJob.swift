import Foundation
import Logging
import NIOCore
import ServiceHost
import ServiceLifecycle
import Storage

/// EN-2: deletes each approved plan whose class-application deadline (`plans.purge_after`,
/// `PlanRules.purgeDeadline`) has passed without a class application, with its enrollments;
/// tells the students and writes one operation-log entry per plan (actor 0, the system, for the
/// plan's institution), in the same transaction.
///
/// Every instance runs the job; a transaction-scoped advisory lock lets one instance purge at a
/// time (the others skip that round), and the rows are re-checked under the lock, so a plan is
/// deleted once and a class application that lands first always wins.
public struct PurgeJob: Service {
    let database: DatabasePool
    let notifier: any StudentNotifier
    let interval: Duration
    let logger: Logger
    /// The advisory lock key ("enrolpur" in ASCII): shared by every instance, used by nothing else.
    static let lockKey: Int64 = 0x656E_726F_6C70_7572
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

    /// Whether this instance holds the job's lock for the rest of `tx` (false: another instance
    /// is running a round, skip this one).
    static func takeTurn(_ tx: Transaction) throws -> Bool {
        try tx.execute("SELECT pg_try_advisory_xact_lock($1) AS locked", [.int(lockKey)]).first?.decode("locked") ?? false
    }

    /// Uploads no enrollment or profile uses are deleted once older than this: ID card scans are
    /// not kept for nothing (a student who uploads and never enrolls).
    public static let unusedUploadLifetime: Int64 = 86_400

    /// Deletes uploads older than `unusedUploadLifetime` (by the database's clock) that no
    /// enrollment or profile references, up to `batch` a round, one operation-log entry each.
    /// - Returns: how many were deleted (0 when another instance held the lock).
    public func deleteUnusedUploads() async throws -> Int {
        try await database.transaction(deadline: .now() + .seconds(60)) { tx in
            guard try Self.takeTurn(tx) else { return 0 }
            let deleted = try tx.execute("""
                DELETE FROM files WHERE id IN (
                    SELECT f.id FROM files f
                    WHERE f.created_at < now() - make_interval(secs => $1)
                      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id_front_file_id = f.id)
                      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id_back_file_id = f.id)
                      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.education_file_id = f.id)
                      AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.photo_file_id = f.id)
                    ORDER BY f.id LIMIT $2 FOR UPDATE SKIP LOCKED)
                RETURNING id
                """, [.int(Self.unusedUploadLifetime), .int(Int64(Self.batch))])
            for row in deleted {
                try OperationLog.append(OperationLogEntry(action: "file.expire", targetType: "file", targetID: try row.decode("id")),
                                        by: nil, requestID: "upload-cleanup", in: tx)
            }
            return deleted.count
        }
    }

    /// Up to `batch` overdue plans, deleted in `tx`; (0, false) when another instance holds the lock.
    static func purgeBatch(now: Int64, notifier: any StudentNotifier, _ tx: Transaction) throws -> (Int, Bool) {
        guard try takeTurn(tx) else { return (0, false) }
        let plans = try tx.execute("""
            SELECT id, name, org_id FROM plans
            WHERE state = 'approved' AND class_application_at IS NULL AND purge_after <= to_timestamp($1)
            ORDER BY id LIMIT $2 FOR UPDATE
            """, [.int(now), .int(Int64(batch))])
        for plan in plans {
            let id: Int64 = try plan.decode("id")
            let name: String = try plan.decode("name")
            let students = try tx.execute("""
                SELECT DISTINCT student_user_id FROM enrollments WHERE plan_id = $1 AND state <> 'withdrawn'
                """, [.int(id)]).map { try $0.decode("student_user_id", as: Int64.self) }
            for student in students {
                try notifier.notify(userID: student, text: "培训机构未在报名结束后的规定期限内提交开班申请，报名计划“\(name)”及您的报名已被删除。",
                                    in: tx)
            }
            try tx.execute("DELETE FROM plans WHERE id = $1", [.int(id)])
            // The system (user 0) acting for the plan's institution, so the entry is in its log.
            let system = Caller(userID: 0, orgID: try plan.decode("org_id"), roles: [], permissions: [])
            try OperationLog.append(OperationLogEntry(action: "plan.purge", targetType: "plan", targetID: String(id)),
                                    by: system, requestID: "purge-\(now)", in: tx)
        }
        return (plans.count, true)
    }
}
