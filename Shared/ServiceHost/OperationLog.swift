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

/// One operation-log row as lists show it.
public struct OperationLogRecord: Sendable {
    public let id: Int64
    public let occurredAtUnix: Int64
    /// 0 for the system (scheduled jobs).
    public let actorUserID: Int64
    public let action: String
    public let targetType: String
    public let targetID: String
    public let clientIP: String
    public let outcome: String
}

/// Which entries of one organisation a list shows (ID-8): by actor, action and time (0 or ""
/// for any).
public struct OperationLogFilter: Sendable {
    /// The latest time a filter may name: the end of year 9999 (PostgreSQL's timestamps end
    /// later, but no log entry is that late, and every bound within it converts).
    public static let latestUnix: Int64 = 253_402_300_799

    public var orgID: Int64
    public var actorUserID: Int64 = 0
    public var action = ""
    public var fromUnix: Int64 = 0
    public var toUnix: Int64 = 0

    public init(orgID: Int64, actorUserID: Int64 = 0, action: String = "", fromUnix: Int64 = 0, toUnix: Int64 = 0) {
        self.orgID = orgID
        self.actorUserID = actorUserID
        self.action = action
        self.fromUnix = fromUnix
        self.toUnix = toUnix
    }
}

extension OperationLog {
    /// A page of the entries made by `filter.orgID`'s users (and the system on its behalf), newest first.
    public static func list(_ filter: OperationLogFilter, window: PageWindow, _ database: some SQLExecutor) throws -> Page<OperationLogRecord> {
        try window.fetch(database, columns: """
            l.id, extract(epoch FROM l.occurred_at)::bigint AS occurred, coalesce(l.actor_user_id, 0) AS actor,
            l.action, l.target_type, l.target_id, coalesce(host(l.client_ip), '') AS client_ip, l.outcome
            """, from: """
            FROM operation_log l
            WHERE l.actor_org_id = $1 AND ($2::bigint = 0 OR l.actor_user_id = $2) AND ($3 = '' OR l.action = $3)
              AND ($4::bigint = 0 OR l.occurred_at >= to_timestamp($4)) AND ($5::bigint = 0 OR l.occurred_at < to_timestamp($5))
            """, parameters: [.int(filter.orgID), .int(filter.actorUserID), .text(filter.action), .int(filter.fromUnix),
                              .int(filter.toUnix)],
            id: "l.id", order: .newestFirst, { row in
                OperationLogRecord(id: try row.decode("id"), occurredAtUnix: try row.decode("occurred"),
                                   actorUserID: try row.decode("actor"), action: try row.decode("action"),
                                   targetType: try row.decode("target_type"), targetID: try row.decode("target_id"),
                                   clientIP: try row.decode("client_ip"), outcome: try row.decode("outcome"))
            }, itemID: { $0.id })
    }
}
