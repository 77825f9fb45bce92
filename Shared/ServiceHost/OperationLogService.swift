import CommonRules
import Proto
import ProtoServices
import RPC
import Storage

/// ID-8: `common.v1.OperationLog`, which every service serves the same way for its own schema's
/// log: the entries of one organisation (the caller's own by default), newest first, filtered by
/// actor, action and time. A caller reads their own organisation's log and those below it; the
/// service says what is below (`isBelow`, its own view of the organisation tree) and, if it knows
/// users, their names.
public struct OperationLogService: Common_V1_OperationLogService, DatabaseService {
    /// Whether organisation `orgID` is below the caller's own organisation `ownOrgID` (the
    /// service's view of the tree); the caller's own log needs no asking.
    public typealias IsBelow = @Sendable (_ orgID: Int64, _ ownOrgID: Int64, _ context: CallContext) async throws -> Bool
    /// The names of the users with these ids (identity reads its own schema; the other services
    /// ask identity), once per page, after the page's transaction.
    public typealias ActorNames = @Sendable (_ userIDs: [Int64], _ context: CallContext) async throws -> [Int64: String]

    public let database: DatabasePool
    private let isBelow: IsBelow
    private let actorNames: ActorNames?

    public init(database: DatabasePool, isBelow: @escaping IsBelow, actorNames: ActorNames? = nil) {
        self.database = database
        self.isBelow = isBelow
        self.actorNames = actorNames
    }

    public func listOperationLog(_ request: Common_V1_ListOperationLogRequest, context: CallContext) async throws -> Common_V1_ListOperationLogResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.logRead)
        guard let own = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
        let orgID = request.orgID == 0 ? own : request.orgID
        if orgID != own, try await !isBelow(orgID, own, context) {
            throw RPCError(.permissionDenied, "无权查看该机构的数据")
        }
        let window = try PageWindow(request.page)
        guard request.actorUserID >= 0 else { throw RPCError.invalidArgument("操作人编号无效", field: "actorUserId") }
        for (field, unix) in [("fromUnix", request.fromUnix), ("toUnix", request.toUnix)]
        where !(0...OperationLogFilter.latestUnix).contains(unix) {
            throw RPCError.invalidArgument("查询时间无效", field: field)
        }
        let filter = OperationLogFilter(orgID: orgID, actorUserID: request.actorUserID, action: request.action,
                                        fromUnix: request.fromUnix, toUnix: request.toUnix)
        let page = try await transaction(context) { tx in try OperationLog.list(filter, window: window, tx) }
        let actors = Array(Set(page.items.map(\.actorUserID).filter { $0 != 0 })).sorted()
        let names = actors.isEmpty ? [:] : try await actorNames?(actors, context) ?? [:]
        var response = Common_V1_ListOperationLogResponse()
        response.entries = page.items.map { record in
            var entry = Common_V1_OperationLogEntry()
            entry.id = record.id
            entry.occurredAtUnix = record.occurredAtUnix
            entry.actorUserID = record.actorUserID
            entry.actorName = names[record.actorUserID] ?? ""
            entry.action = record.action
            entry.targetType = record.targetType
            entry.targetID = record.targetID
            entry.clientIp = record.clientIP
            entry.outcome = record.outcome
            return entry
        }
        response.page = page.info
        return response
    }
}
