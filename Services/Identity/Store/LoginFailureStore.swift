import IdentityDomain
import Storage

/// SQL for failed logins (ID-1): the lockout counts them; a successful login clears them.
enum LoginFailureStore {
    /// Records one failed password for `userID` from `clientIP`.
    static func record(userID: Int64, clientIP: String?, _ transaction: Transaction) throws {
        try transaction.execute("INSERT INTO login_failures (user_id, client_ip) VALUES ($1, $2::inet)",
                                [.int(userID), clientIP.map { .text($0) } ?? .null])
    }

    /// Forgets the failures of `userID` (after a successful login).
    static func clear(userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("DELETE FROM login_failures WHERE user_id = $1", [.int(userID)])
    }

    /// The times (Unix seconds) of the failures of `userID` in the last `seconds`, with the
    /// database's now (one clock, the one `failed_at` comes from); nil when there are none.
    static func recent(userID: Int64, withinSeconds seconds: Int64, _ transaction: Transaction) throws
        -> (now: Int64, failures: [Int64])? {
        let rows = try transaction.execute("""
            SELECT extract(epoch FROM failed_at)::bigint AS t, extract(epoch FROM now())::bigint AS now
            FROM login_failures WHERE user_id = $1 AND failed_at > now() - make_interval(secs => $2)
            """, [.int(userID), .int(seconds)])
        guard let now: Int64 = try rows.first?.decode("now") else { return nil }
        return (now, try rows.map { try $0.decode("t") })
    }
}
