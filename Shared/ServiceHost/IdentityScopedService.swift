import CommonRules
import Proto
import RPC

/// A service whose callers are organisation users and students and whose organisation facts come
/// from identity's directory (enrollment, classes, and the services after them): who may call, the
/// organisations a caller sees, where submissions go, and the operation log, written once.
public protocol IdentityScopedService: DatabaseService, Sendable {
    var identity: any IdentityFacts { get }
}

extension IdentityScopedService {
    /// A signed-in organisation user holding one of `permissions`, with their organisation.
    public static func orgCaller(_ context: CallContext, anyOf permissions: String...) throws -> (Caller, Int64) {
        try orgCaller(context, anyOf: permissions)
    }

    /// The same, with the permissions as a list (a service's named group of them).
    public static func orgCaller(_ context: CallContext, anyOf permissions: [String]) throws -> (Caller, Int64) {
        let caller = try context.requireCaller()
        guard let orgID = caller.orgID, permissions.contains(where: caller.permissions.contains) else {
            throw RPCError(.permissionDenied, "没有权限执行此操作")
        }
        return (caller, orgID)
    }

    /// A signed-in student.
    public static func student(_ context: CallContext) throws -> Caller {
        let caller = try context.requireCaller()
        guard caller.orgID == nil else { throw RPCError(.permissionDenied, "仅学员可以进行此操作") }
        try caller.require(Permission.studentSelf)
        return caller
    }

    /// The organisations an org user sees: their own and, for authorities, everything below.
    public func scope(_ orgID: Int64, _ context: CallContext) async throws -> [Int64] {
        try await identity.scope(of: orgID, deadline: context.forwarded).subtreeIds
    }

    /// B-6: where an organisation's submissions go: its city authority, or the province for an
    /// organisation directly under it (省直所).
    public func approvalRoute(of organisation: Identity_V1_Organisation) -> [ApprovalStop] {
        ApprovalFlow.route(parentID: organisation.parentID, parentIsProvince: organisation.kind == .provinceDirect,
                           provinceID: nil, upTo: .city)
    }

    /// B-6: an item's approval timeline as the API shows it, with the actors' names (one
    /// directory call for all of them; the system's own steps are 系统).
    public func reviewTimeline(_ events: [Approvals.Event], _ context: CallContext) async throws -> [Common_V1_ReviewEvent] {
        let names = try await identity.userNames(Array(Set(events.map(\.actorUserID).filter { $0 != 0 })), deadline: context.forwarded)
        return events.map { event in
            var step = Common_V1_ReviewEvent()
            step.action = event.action
            step.actorUserID = event.actorUserID
            step.actorName = names[event.actorUserID] ?? (event.actorUserID == 0 ? "系统" : "")
            step.actorOrgID = event.actorOrgID
            step.level = event.level
            step.reason = event.reason
            step.atUnix = event.atUnix
            return step
        }
    }

    /// ID-8: the service's operation log, served by the host's `OperationLogService`: an
    /// organisation user reads the log of their organisation or one below it (identity's tree);
    /// actors' names come from identity's directory, one call per page.
    public var operationLog: OperationLogService {
        OperationLogService(database: database, isBelow: { [self] orgID, own, context in
            try await scope(own, context).contains(orgID)
        }, actorNames: { [identity] ids, context in
            try await identity.userNames(ids, deadline: context.forwarded)
        })
    }
}
