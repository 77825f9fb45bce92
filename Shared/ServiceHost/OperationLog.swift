import Storage

/// One state change, for the operation log (操作日志, ID-8).
public struct OperationLogEntry: Sendable {
    /// Dotted verb, e.g. "organisation.create".
    public var action: String
    public var targetType: String
    public var targetID: String
    public var outcome: String

    public init(action: String, targetType: String, targetID: String, outcome: String = "success") {
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.outcome = outcome
    }
}

/// Appends to the service schema's `operation_log` inside the change's own transaction, so the
/// change and its record commit or roll back together.
public enum OperationLog {
    public static func append(_ entry: OperationLogEntry, by caller: Caller?, requestID: String,
                              clientIP: String? = nil, in transaction: Transaction) throws {
        try transaction.execute("""
            INSERT INTO operation_log
                (request_id, actor_user_id, actor_org_id, action, target_type, target_id, client_ip, outcome)
            VALUES ($1, $2, $3, $4, $5, $6, $7::inet, $8)
            """, [
                .text(requestID), caller.map { .int($0.userID) } ?? .null, caller?.orgID.map { .int($0) } ?? .null,
                .text(entry.action), .text(entry.targetType), .text(entry.targetID),
                clientIP.map { .text($0) } ?? .null, .text(entry.outcome),
            ])
    }
}
