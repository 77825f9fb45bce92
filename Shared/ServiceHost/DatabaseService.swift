import Foundation
import RPC
import Storage

/// A service whose handlers change its schema: each call's work is one transaction bounded by
/// the call's deadline, and each change appends its operation-log entry in that transaction.
public protocol DatabaseService {
    var database: DatabasePool { get }
}

extension DatabaseService {
    /// Runs `body` in one transaction bounded by the call's deadline.
    public func transaction<T: Sendable>(_ context: CallContext, _ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try await database.transaction(deadline: context.deadline, body)
    }

    /// Appends the operation-log entry for a change made in `transaction` (ID-8), carrying the
    /// call's request id and client address, and the create's idempotency `key` if it has one.
    public static func log(_ action: String, _ targetType: String, _ targetID: Int64, by caller: Caller?,
                           outcome: String = "success", key: String? = nil, _ context: CallContext,
                           _ transaction: Transaction) throws {
        try OperationLog.append(
            OperationLogEntry(action: action, targetType: targetType, targetID: String(targetID), outcome: outcome,
                              idempotencyKey: key),
            by: caller, requestID: context.requestID, clientIP: context.clientIP, in: transaction)
    }
}
