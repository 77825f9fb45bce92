import CommonRules
import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// ID-11: notices.
extension IdentityService {
    /// ID-11: the province publishes a notice (title and rich text). Idempotent by `request_id`.
    public func publishNotice(_ request: Identity_V1_PublishNoticeRequest, context: CallContext) async throws -> Identity_V1_Notice {
        let caller = try context.requireCaller()
        try caller.require(Permission.noticePublish)
        let title = request.title.trimmingSpaces
        guard (1...200).contains(title.count) else { throw IdentityError.titleRequired }
        guard request.bodyHtml.utf8.count <= 200_000 else {
            throw RPCError.invalidArgument("正文不能超过200KB", field: "bodyHtml")
        }
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("notice.publish", key: request.requestID, in: tx),
               let notice = try Self.notice(earlier, tx) { return notice }
            guard let orgID = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
            let id: Int64 = try tx.execute("""
                INSERT INTO notices (org_id, title, body_html, author_id) VALUES ($1, $2, $3, $4) RETURNING id
                """, [.int(orgID), .text(title), .text(request.bodyHtml), .int(caller.userID)]).first?.decode("id") ?? 0
            try Self.log("notice.publish", "notice", id, by: caller, key: request.requestID, context, tx)
            return try Self.notice(id, tx)!
        }
    }

    /// ID-11: one notice with its body, for every signed-in user.
    public func getNotice(_ request: Identity_V1_NoticeRequest, context: CallContext) async throws -> Identity_V1_Notice {
        try context.requireCaller().require(Permission.accountSelf)
        return try await transaction(context) { tx in
            guard let notice = try Self.notice(request.noticeID, tx) else { throw IdentityError.notFound("通知") }
            return notice
        }
    }

    /// ID-11: notices, newest first, for every signed-in user; titles only (see the proto).
    public func listNotices(_ request: Identity_V1_ListNoticesRequest, context: CallContext) async throws -> Identity_V1_ListNoticesResponse {
        try context.requireCaller().require(Permission.accountSelf)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try window.fetch(tx, columns: "id, title, '' AS body_html, extract(epoch FROM published_at)::bigint AS published",
                                        from: "FROM notices WHERE true", parameters: [],
                                        id: "id", order: .newestFirst, Self.notice) { $0.id }
            var response = Identity_V1_ListNoticesResponse()
            response.notices = page.items
            response.page = page.info
            return response
        }
    }

    static let noticeColumns = "id, title, body_html, extract(epoch FROM published_at)::bigint AS published"

    static func notice(_ id: Int64, _ tx: Transaction) throws -> Identity_V1_Notice? {
        try tx.execute("SELECT \(noticeColumns) FROM notices WHERE id = $1", [.int(id)]).first.map(notice)
    }

    static func notice(_ row: Row) throws -> Identity_V1_Notice {
        var notice = Identity_V1_Notice()
        notice.id = try row.decode("id")
        notice.title = try row.decode("title")
        notice.bodyHtml = try row.decode("body_html")
        notice.publishedAtUnix = try row.decode("published")
        return notice
    }
}
