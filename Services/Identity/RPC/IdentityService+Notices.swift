import CommonRules
import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// ID-11: notices.
extension IdentityService {
    /// ID-11: the province publishes a notice (title and rich text). The body is stored
    /// sanitised (`NoticeHTML`: an allow-list of elements and attributes). Idempotent by `request_id`.
    public func publishNotice(_ request: Identity_V1_PublishNoticeRequest, context: CallContext) async throws -> Identity_V1_Notice {
        let caller = try context.requireCaller()
        try caller.require(Permission.noticePublish)
        let title = request.title.trimmingSpaces
        try NoticeContent.check(title: title, bodyHTML: request.bodyHtml)
        let body = NoticeHTML.sanitise(request.bodyHtml)
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("notice.publish", key: request.requestID, in: tx),
               let notice = try NoticeStore.notice(id: earlier, tx) { return notice }
            guard let orgID = caller.orgID else { throw IdentityError.organisationRequired }
            let id = try NoticeStore.insert(orgID: orgID, title: title, bodyHTML: body, authorID: caller.userID, tx)
            try Self.log("notice.publish", "notice", id, by: caller, key: request.requestID, context, tx)
            return try NoticeStore.notice(id: id, tx)!
        }
    }

    /// ID-11: one notice with its body, for every signed-in user. The body is sanitised again
    /// as it is served (sanitising is idempotent): notices stored before server-side sanitising,
    /// or under a wider allow-list, come out under today's rules.
    public func getNotice(_ request: Identity_V1_NoticeRequest, context: CallContext) async throws -> Identity_V1_Notice {
        try context.requireCaller().require(Permission.accountSelf)
        var notice = try await transaction(context) { tx in
            guard let notice = try NoticeStore.notice(id: request.noticeID, tx) else { throw IdentityError.notFound("通知") }
            return notice
        }
        notice.bodyHtml = NoticeHTML.sanitise(notice.bodyHtml)
        return notice
    }

    /// ID-11: notices, newest first, for every signed-in user; titles only (see the proto).
    public func listNotices(_ request: Identity_V1_ListNoticesRequest, context: CallContext) async throws -> Identity_V1_ListNoticesResponse {
        try context.requireCaller().require(Permission.accountSelf)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try NoticeStore.page(window, tx)
            var response = Identity_V1_ListNoticesResponse()
            response.notices = page.items
            response.page = page.info
            return response
        }
    }
}
