import Storage

/// SQL for `PurgeJob` (EN-2 and the expiry of unused uploads): the job's lock, overdue plans,
/// their students, and uploads nothing uses.
enum PurgeStore {
    /// The advisory lock key ("enrolpur" in ASCII): shared by every instance, used by nothing else.
    static let lockKey: Int64 = 0x656E_726F_6C70_7572

    /// Whether this instance holds the job's lock for the rest of `tx` (false: another instance
    /// is running a round, skip this one).
    static func takeTurn(_ tx: Transaction) throws -> Bool {
        try tx.execute("SELECT pg_try_advisory_xact_lock($1) AS locked", [.int(lockKey)]).first?.decode("locked") ?? false
    }

    /// Deletes up to `limit` uploads older than `lifetime` seconds (by the database's clock) that
    /// no enrollment or profile references, skipping rows another transaction holds.
    /// - Returns: the deleted files' ids.
    static func deleteUnusedUploads(olderThan lifetime: Int64, limit: Int, _ tx: Transaction) throws -> [Int64] {
        try tx.execute("""
            DELETE FROM files WHERE id IN (
                SELECT f.id FROM files f
                WHERE f.created_at < now() - make_interval(secs => $1)
                  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id_front_file_id = f.id)
                  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.id_back_file_id = f.id)
                  AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.education_file_id = f.id)
                  AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.photo_file_id = f.id)
                ORDER BY f.id LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, [.int(lifetime), .int(Int64(limit))]).map { try $0.decode("id", as: Int64.self) }
    }

    /// An approved plan past its purge deadline without a class application.
    struct OverduePlan {
        let id: Int64
        let name: String
        let orgID: Int64
    }

    /// EN-2: up to `limit` plans overdue at `now` (Unix seconds), by id, locked for the rest of `tx`.
    static func overduePlans(at now: Int64, limit: Int, _ tx: Transaction) throws -> [OverduePlan] {
        try tx.execute("""
            SELECT id, name, org_id FROM plans
            WHERE state = 'approved' AND class_application_at IS NULL AND purge_after <= to_timestamp($1)
            ORDER BY id LIMIT $2 FOR UPDATE
            """, [.int(now), .int(Int64(limit))])
            .map { OverduePlan(id: try $0.decode("id"), name: try $0.decode("name"), orgID: try $0.decode("org_id")) }
    }

    /// EN-2: the students holding an enrollment (not withdrawn) in plan `id`, each once.
    static func enrolledStudents(ofPlan id: Int64, _ tx: Transaction) throws -> [Int64] {
        try tx.execute("""
            SELECT DISTINCT student_user_id FROM enrollments WHERE plan_id = $1 AND state <> 'withdrawn'
            """, [.int(id)]).map { try $0.decode("student_user_id", as: Int64.self) }
    }

    /// EN-2: deletes plan `id` and (by cascade) its enrollments.
    static func deletePlan(_ id: Int64, _ tx: Transaction) throws {
        try tx.execute("DELETE FROM plans WHERE id = $1", [.int(id)])
    }
}
