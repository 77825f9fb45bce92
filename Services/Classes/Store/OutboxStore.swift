import Storage

/// SQL for messages to students (B-5, `student_notifications`): written in the change's own
/// transaction, so a message exists exactly when the change does; `NotificationDeliveryJob`
/// hands them to the students' inbox (enrollment's) and marks them delivered.
enum OutboxStore {
    static func append(userID: Int64, text: String, _ tx: Transaction) throws {
        try tx.execute("INSERT INTO student_notifications (user_id, text) VALUES ($1, $2)", [.int(userID), .text(text)])
    }

    /// The oldest messages not yet delivered.
    static func undelivered(limit: Int, _ tx: some SQLExecutor) throws -> [OutboxMessage] {
        try tx.execute("""
            SELECT id, user_id, text, extract(epoch FROM created_at)::bigint AS created FROM student_notifications
            WHERE delivered_at IS NULL ORDER BY id LIMIT $1
            """, [.int(Int64(limit))]).map { row in
            OutboxMessage(id: try row.decode("id"), userID: try row.decode("user_id"), text: try row.decode("text"), createdAt: try row.decode("created"))
        }
    }

    static func markDelivered(_ ids: [Int64], _ tx: Transaction) throws {
        try tx.execute("UPDATE student_notifications SET delivered_at = now() WHERE id = ANY($1::bigint[]) AND delivered_at IS NULL",
                       [.intArray(ids)])
    }
}

/// A message waiting in the outbox.
public struct OutboxMessage: Sendable {
    public let id: Int64
    public let userID: Int64
    public let text: String
    public let createdAt: Int64

    /// The inbox's key for it: a redelivery adds nothing.
    public var sourceKey: String { "classes:\(id)" }
}
