import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// ID-8 for enrollment's own changes: the log of one organisation in the caller's subtree
/// (default: its own), newest first, by actor, action and time. Actor names come from identity's
/// user list; here an actor is its user id (0 for the system's purge).
extension EnrollmentService {
    public func listOperationLog(_ request: Enrollment_V1_ListOperationLogRequest, context: CallContext) async throws -> Enrollment_V1_ListOperationLogResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.logRead)
        let org = request.orgID == 0 ? orgID : request.orgID
        guard try await scope(orgID, context).contains(org) else { throw RPCError(.permissionDenied, "无权查看该机构的数据") }
        let window = try Self.window(request.page)
        let filter = OperationLogFilter(orgID: org, actorUserID: request.actorUserID, action: request.action,
                                        fromUnix: request.fromUnix, toUnix: request.toUnix)
        return try await transaction(context) { tx in
            let page = try OperationLog.list(filter, window: window, tx)
            var response = Enrollment_V1_ListOperationLogResponse()
            response.entries = page.items.map { record in
                var entry = Enrollment_V1_OperationLogEntry()
                entry.id = record.id
                entry.occurredAtUnix = record.occurredAtUnix
                entry.actorUserID = record.actorUserID
                entry.action = record.action
                entry.targetType = record.targetType
                entry.targetID = record.targetID
                entry.clientIp = record.clientIP
                entry.outcome = record.outcome
                return entry
            }
            response.page = Self.pageInfo(page)
            return response
        }
    }
}
