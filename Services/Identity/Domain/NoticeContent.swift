/// ID-11: what a notice (通知公告) may hold: a title of 1–200 characters and a rich-text body of
/// at most 200 KB (UTF-8 bytes).
public enum NoticeContent {
    public static let titleLengths = 1...200
    public static let maximumBodyBytes = 200_000

    /// Checks the (trimmed) title first, then the body.
    /// - Throws: `IdentityError.titleRequired` or `.noticeBodyTooLarge`.
    public static func check(title: String, bodyHTML: String) throws(IdentityError) {
        guard titleLengths.contains(title.count) else { throw .titleRequired }
        guard bodyHTML.utf8.count <= maximumBodyBytes else { throw .noticeBodyTooLarge }
    }
}
