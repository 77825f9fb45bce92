import IdentityDomain
import Proto
import ServiceHost
import Storage

/// SQL for notices (ID-11): what the province publishes to every signed-in user.
enum NoticeStore {
    /// The columns `notice(_:)` reads.
    static let columns = "id, title, body_html, extract(epoch FROM published_at)::bigint AS published"

    /// Publishes a notice of organisation `orgID` by user `authorID`; returns its id.
    static func insert(orgID: Int64, title: String, bodyHTML: String, authorID: Int64, _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO notices (org_id, title, body_html, author_id) VALUES ($1, $2, $3, $4) RETURNING id
            """, [.int(orgID), .text(title), .text(bodyHTML), .int(authorID)]).first?.decode("id") ?? 0
    }

    /// One notice with its body, or nil.
    static func notice(id: Int64, _ transaction: Transaction) throws -> Identity_V1_Notice? {
        try transaction.execute("SELECT \(columns) FROM notices WHERE id = $1", [.int(id)]).first.map(notice)
    }

    static func notice(_ row: Row) throws -> Identity_V1_Notice {
        var notice = Identity_V1_Notice()
        notice.id = try row.decode("id")
        notice.title = try row.decode("title")
        notice.bodyHtml = try row.decode("body_html")
        notice.publishedAtUnix = try row.decode("published")
        return notice
    }

    /// One page of notices, newest first, titles only (the body is empty; see the proto).
    static func page(_ window: PageWindow, _ transaction: Transaction) throws -> Page<Identity_V1_Notice> {
        try window.fetch(transaction, columns: "id, title, '' AS body_html, extract(epoch FROM published_at)::bigint AS published",
                         from: "FROM notices WHERE true", parameters: [],
                         id: "id", order: .newestFirst, notice) { $0.id }
    }
}
