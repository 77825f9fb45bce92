import Storage

/// SQL for messages to students (B-5, `student_notifications`): written in the change's own
/// transaction, so a message exists exactly when the change does.
enum OutboxStore {
    static func append(userID: Int64, text: String, _ tx: Transaction) throws {
        try tx.execute("INSERT INTO student_notifications (user_id, text) VALUES ($1, $2)", [.int(userID), .text(text)])
    }
}
