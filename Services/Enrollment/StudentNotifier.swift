import Storage

/// Tells a student something happened to their enrollment (EN-2: the plan was deleted). It
/// writes inside the change's transaction, so a notice exists exactly when the change does.
public protocol StudentNotifier: Sendable {
    func notify(userID: Int64, text: String, in transaction: Transaction) throws
}

/// The development notifier: messages wait in `student_notifications`, where the demo (and a
/// future WeChat template-message or SMS sender, which would mark them delivered) reads them.
public struct OutboxStudentNotifier: StudentNotifier {
    public init() {}

    public func notify(userID: Int64, text: String, in transaction: Transaction) throws {
        try NotificationStore.append(userID: userID, text: text, transaction)
    }
}
