import CommonRules
import RPC
import Storage

/// B-6: the approval engine's storage, the same for every service (tables `approvals` and
/// `approval_events`, host migration 0004, in each service's own schema). A handler locks its
/// item, calls `Approvals.apply` inside the item's transaction, and writes the item's own state
/// from the stage it returns; the timeline row is written in the same transaction.
public enum Approvals {
    /// Where an item stands.
    public struct Record: Sendable, Equatable {
        public let stage: ApprovalStage
        public let route: [ApprovalStop]
        public let dueAtUnix: Int64?
        public let remindedAtUnix: Int64?
    }

    /// One step of an item's timeline.
    public struct Event: Sendable {
        public let action: String
        public let level: String
        public let actorUserID: Int64
        public let actorOrgID: Int64
        public let reason: String
        public let atUnix: Int64
    }

    /// The item's record, locked for the transaction when `forUpdate`.
    public static func load(_ flow: ApprovalFlow, _ itemID: Int64, forUpdate: Bool = false, _ db: some SQLExecutor) throws -> Record? {
        try db.execute("""
            SELECT stage, stop, route_levels, array_to_string(route_orgs, ',') AS route_orgs,
                   extract(epoch FROM due_at)::bigint AS due, extract(epoch FROM reminded_at)::bigint AS reminded
            FROM approvals WHERE flow = $1 AND item_id = $2
            """ + (forUpdate ? " FOR UPDATE" : ""), [.text(flow.name), .int(itemID)]).first.map { row in
            let levels = try row.strings("route_levels")
            let orgs = (try row.decode("route_orgs", as: String.self)).split(separator: ",").compactMap { Int64($0) }
            let route = zip(levels, orgs).compactMap { level, org in ApprovalLevel(rawValue: level).map { ApprovalStop($0, orgID: org) } }
            guard let stage = ApprovalStage(name: try row.decode("stage"), stop: try row.decode("stop")) else {
                throw StorageError.decoding(column: "stage", expected: "an approval stage")
            }
            return Record(stage: stage, route: route, dueAtUnix: try row.decodeIfPresent("due"), remindedAtUnix: try row.decodeIfPresent("reminded"))
        }
    }

    /// Takes `action` on the item and records it: the engine's rule (`ApprovalFlow.next`), the
    /// new stage, a due date for the next stop, and the timeline row.
    /// - Parameters:
    ///   - current: the item's stage when it has no record yet (items from before the engine).
    ///   - route: the stops for a submission (ignored otherwise: the route is fixed at submission).
    ///   - actor: who acts; `reviewerOrgID` nil for the applicant.
    /// - Throws: `ApprovalRefusal`, or a storage error.
    /// - Returns: the stage after the action.
    @discardableResult
    public static func apply(_ action: ApprovalAction, flow: ApprovalFlow, itemID: Int64, applicantOrgID: Int64,
                             current: ApprovalStage, route: [ApprovalStop], actorUserID: Int64?, reviewerOrgID: Int64?,
                             reason: String, now: Int64, _ tx: Transaction) throws -> ApprovalStage {
        let record = try load(flow, itemID, forUpdate: true, tx)
        let stage = record?.stage ?? current
        let stops = action == .submit ? route : (record?.route ?? route)
        let next = try flow.next(action, from: stage, route: stops, reviewerOrgID: reviewerOrgID, reason: reason)
        let due: Int64? = next.stop.map { _ in now + Int64(flow.reviewDays) * 86_400 }
        let restart = next.stop != stage.stop || action == .submit
        try tx.execute("""
            INSERT INTO approvals (flow, item_id, stage, stop, route_levels, route_orgs, applicant_org_id, due_at, updated_at)
            VALUES ($1, $2, $3, $4, $5::text[], $6::bigint[], $7, to_timestamp($8), to_timestamp($9))
            ON CONFLICT (flow, item_id) DO UPDATE SET stage = EXCLUDED.stage, stop = EXCLUDED.stop,
                route_levels = EXCLUDED.route_levels, route_orgs = EXCLUDED.route_orgs,
                due_at = CASE WHEN $10 THEN EXCLUDED.due_at ELSE approvals.due_at END,
                reminded_at = CASE WHEN $10 THEN NULL ELSE approvals.reminded_at END,
                updated_at = EXCLUDED.updated_at
            """, [.text(flow.name), .int(itemID), .text(next.name), .int(Int64(next.stop ?? 0)),
                  .textArray(stops.map(\.level.rawValue)), .intArray(stops.map(\.orgID)), .int(applicantOrgID),
                  due.map { .double(Double($0)) } ?? .null, .double(Double(now)), .bool(restart)])
        let level = stage.stop.flatMap { $0 < stops.count ? stops[$0].level.rawValue : nil } ?? ""
        try event(flow, itemID, action.rawValue, level: level, actorUserID: actorUserID, actorOrgID: reviewerOrgID ?? applicantOrgID,
                  reason: reason, tx)
        return next
    }

    /// The item's timeline, oldest first.
    public static func timeline(_ flow: ApprovalFlow, _ itemID: Int64, _ db: some SQLExecutor) throws -> [Event] {
        try db.execute("""
            SELECT action, level, coalesce(actor_user_id, 0) AS actor_user_id, coalesce(actor_org_id, 0) AS actor_org_id, reason,
                   extract(epoch FROM occurred_at)::bigint AS at
            FROM approval_events WHERE flow = $1 AND item_id = $2 ORDER BY id
            """, [.text(flow.name), .int(itemID)]).map { row in
            Event(action: try row.decode("action"), level: try row.decode("level"), actorUserID: try row.decode("actor_user_id"),
                  actorOrgID: try row.decode("actor_org_id"), reason: try row.decode("reason"), atUnix: try row.decode("at"))
        }
    }

    /// Deadlines with reminders: the items of `flow` past their stop's due date and not yet
    /// reminded get one `remind` row on their timeline. Run by each service's periodic job.
    /// - Returns: the items reminded.
    @discardableResult
    public static func remindOverdue(_ flow: ApprovalFlow, now: Int64, _ tx: Transaction) throws -> [Int64] {
        let items: [Int64] = try tx.execute("""
            UPDATE approvals SET reminded_at = to_timestamp($2)
            WHERE flow = $1 AND stage IN ('pending', 'accepted') AND reminded_at IS NULL AND due_at <= to_timestamp($2)
            RETURNING item_id
            """, [.text(flow.name), .double(Double(now))]).map { try $0.decode("item_id") }
        for item in items {
            try event(flow, item, "remind", level: "", actorUserID: nil, actorOrgID: nil, reason: "审核期限已到，请尽快处理", tx)
        }
        return items
    }

    /// SQL condition (for a list's WHERE) that item column `idColumn` of `flow` waits at the
    /// authority given by parameter `$orgParameter`.
    public static func awaitingReviewCondition(flow: ApprovalFlow, idColumn: String, orgParameter: Int) -> String {
        """
        EXISTS (SELECT 1 FROM approvals a WHERE a.flow = '\(flow.name)' AND a.item_id = \(idColumn)
                AND a.stage IN ('pending', 'accepted') AND a.route_orgs[a.stop + 1] = $\(orgParameter))
        """
    }

    private static func event(_ flow: ApprovalFlow, _ itemID: Int64, _ action: String, level: String, actorUserID: Int64?,
                              actorOrgID: Int64?, reason: String, _ tx: Transaction) throws {
        try tx.execute("""
            INSERT INTO approval_events (flow, item_id, action, level, actor_user_id, actor_org_id, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [.text(flow.name), .int(itemID), .text(action), .text(level), actorUserID.map { .int($0) } ?? .null,
                  actorOrgID.map { .int($0) } ?? .null, .text(reason)])
    }

    /// Batch approval with per-item exceptions: runs `decide` for each item on its own (each in
    /// its own transaction, inside `decide`), so one refusal leaves the others decided.
    /// - Returns: per item, nil when it succeeded or the Chinese reason it did not.
    public static func batch(_ itemIDs: [Int64], _ decide: (Int64) async throws -> Void) async -> [(id: Int64, failure: String?)] {
        var results: [(id: Int64, failure: String?)] = []
        for id in itemIDs {
            do {
                try await decide(id)
                results.append((id, nil))
            } catch let error as RPCError {
                results.append((id, error.message))
            } catch let error as any RPCErrorConvertible {
                results.append((id, error.rpcError.message))
            } catch {
                results.append((id, "处理失败，请稍后重试"))
            }
        }
        return results
    }
}

/// The engine's refusals as call statuses, the same in every service.
extension ApprovalRefusal: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notAllowed: RPCError(.failedPrecondition, "当前状态不允许该操作")
        case .reasonRequired: .invalidArgument("请填写审核意见", field: "comment")
        case .notTheReviewer: RPCError(.permissionDenied, "该申请不由本单位审核")
        case .noRoute: RPCError(.failedPrecondition, "未找到上级审核单位，请联系管理员")
        }
    }
}
