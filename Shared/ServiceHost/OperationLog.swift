import Storage

/// One state change, for the operation log (操作日志, ID-8).
public struct OperationLogEntry: Sendable {
    /// Dotted verb, e.g. "organisation.create".
    public var action: String
    public var targetType: String
    public var targetID: String
    public var outcome: String
    /// The client's idempotency key, for creates (see `earlierTarget`).
    public var idempotencyKey: String?

    public init(action: String, targetType: String, targetID: String, outcome: String = "success", idempotencyKey: String? = nil) {
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.outcome = outcome
        self.idempotencyKey = idempotencyKey.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Appends to the service schema's `operation_log` inside the change's own transaction, so the
/// change and its record commit or roll back together.
public enum OperationLog {
    public static func append(_ entry: OperationLogEntry, by caller: Caller?, requestID: String,
                              clientIP: String? = nil, in transaction: Transaction) throws {
        try transaction.execute("""
            INSERT INTO operation_log
                (request_id, actor_user_id, actor_org_id, action, target_type, target_id, client_ip, outcome, idempotency_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7::inet, $8, $9)
            """, [
                .text(requestID), caller.map { .int($0.userID) } ?? .null, caller?.orgID.map { .int($0) } ?? .null,
                .text(entry.action), .text(entry.targetType), .text(entry.targetID),
                clientIP.map { .text($0) } ?? .null, .text(entry.outcome), entry.idempotencyKey.map { .text($0) } ?? .null,
            ])
    }

    /// The target id of an earlier `action` logged with idempotency key `key`, if there was one:
    /// an idempotent create returns that target instead of creating again.
    public static func earlierTarget(_ action: String, key: String, in transaction: Transaction) throws -> Int64? {
        guard !key.isEmpty else { return nil }
        return try transaction.execute(
            "SELECT target_id FROM operation_log WHERE idempotency_key = $1 AND action = $2 LIMIT 1",
            [.text(key), .text(action)]).first.flatMap { Int64($0["target_id"] ?? "") }
    }
}
