import Proto
import ServiceHost
import Storage

/// SQL for the students' messages (`student_notifications`, EN-2, EN-4, EN-6): the outbox that
/// the student's message list reads and a push channel would deliver.
enum NotificationStore {
    /// Adds a message for student `userID`, in the change's own transaction.
    static func append(userID: Int64, text: String, _ tx: Transaction) throws {
        try tx.execute("INSERT INTO student_notifications (user_id, text) VALUES ($1, $2)", [.int(userID), .text(text)])
    }

    /// B-5: a message another service delivered, once per `key`.
    /// - Returns: whether it was new.
    static func deliver(key: String, userID: Int64, text: String, createdAt: Int64, _ tx: Transaction) throws -> Bool {
        try !tx.execute("""
            INSERT INTO student_notifications (user_id, text, created_at, source_key) VALUES ($1, $2, to_timestamp($3), $4)
            ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING RETURNING id
            """, [.int(userID), .text(text), .double(Double(createdAt)), .text(key)]).isEmpty
    }

    /// One page of student `userID`'s messages, newest first.
    static func list(_ window: PageWindow, userID: Int64, _ tx: Transaction) throws -> Page<Enrollment_V1_Notification> {
        try window.fetch(tx, columns: "id, text, extract(epoch FROM created_at)::bigint AS created_unix",
                         from: "FROM student_notifications WHERE user_id = $1", parameters: [.int(userID)],
                         id: "id", order: .newestFirst, { row in
            var notification = Enrollment_V1_Notification()
            notification.id = try row.decode("id")
            notification.text = try row.decode("text")
            notification.createdAtUnix = try row.decode("created_unix")
            return notification
        }, itemID: { $0.id })
    }
}
