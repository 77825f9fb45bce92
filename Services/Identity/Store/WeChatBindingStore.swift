import IdentityDomain
import Proto
import Storage

/// SQL for the WeChat accounts seen for students (ID-9): one is bound and may act; the others
/// are recorded for the abnormal-account review.
enum WeChatBindingStore {
    /// Records `openID` for the student; it becomes the bound one when none is bound yet.
    static func record(userID: Int64, openID: String, _ transaction: Transaction) throws {
        try transaction.execute("""
            INSERT INTO wechat_bindings (user_id, openid, bound)
            VALUES ($1, $2, NOT EXISTS (SELECT 1 FROM wechat_bindings WHERE user_id = $1 AND bound))
            ON CONFLICT (user_id, openid) DO NOTHING
            """, [.int(userID), .text(openID)])
    }

    /// Whether `openID` is the student's bound WeChat account.
    static func isBound(userID: Int64, openID: String, _ transaction: Transaction) throws -> Bool {
        try transaction.execute("SELECT bound FROM wechat_bindings WHERE user_id = $1 AND openid = $2",
                                [.int(userID), .text(openID)]).first?.decode("bound") ?? false
    }

    /// Whether `openID` has been seen for the student.
    static func exists(userID: Int64, openID: String, _ transaction: Transaction) throws -> Bool {
        try !transaction.execute("SELECT 1 FROM wechat_bindings WHERE user_id = $1 AND openid = $2",
                                 [.int(userID), .text(openID)]).isEmpty
    }

    /// Makes `openID` the student's only bound WeChat account.
    static func bindOnly(userID: Int64, openID: String, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE wechat_bindings SET bound = false WHERE user_id = $1 AND bound AND openid <> $2",
                                [.int(userID), .text(openID)])
        try transaction.execute("UPDATE wechat_bindings SET bound = true WHERE user_id = $1 AND openid = $2",
                                [.int(userID), .text(openID)])
    }

    /// Every WeChat account seen for the student, first seen first.
    static func accounts(userID: Int64, _ transaction: Transaction) throws -> [Identity_V1_WeChatAccount] {
        try transaction.execute("""
            SELECT openid, extract(epoch FROM first_seen_at)::bigint AS seen, bound FROM wechat_bindings
            WHERE user_id = $1 ORDER BY first_seen_at
            """, [.int(userID)]).map { binding in
            var wechat = Identity_V1_WeChatAccount()
            wechat.openid = try binding.decode("openid")
            wechat.firstSeenUnix = try binding.decode("seen")
            wechat.bound = try binding.decode("bound")
            return wechat
        }
    }
}
