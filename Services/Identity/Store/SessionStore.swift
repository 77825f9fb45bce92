import CommonRules
import IdentityDomain
import Proto
import Storage

/// SQL for live sessions (GW-2): the gateway's lookups on every signed-in request.
enum SessionStore {
    /// A live session found by its token's digest: the account, its grants, and whether
    /// `last_seen_at` is old enough to move (at most once a minute per session).
    struct Live {
        let account: UserStore.Account
        let roles: [String]
        let permissions: [String]
        let stale: Bool
        let row: Row
    }

    /// Joins a session to its user and organisation; `$1` the token's SHA-256 (hex), `$2` the
    /// idle timeout in seconds. Revoked, expired and idle sessions match nothing.
    private static let live = """
        FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN organisations o ON o.id = u.org_id
        WHERE s.token_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $2)
        """

    /// The session's account and grants (Authenticate): one query.
    static func caller(digest: String, idleSeconds: Int64, _ database: some SQLExecutor) throws -> Live? {
        try database.execute("""
            SELECT s.last_seen_at < now() - interval '60 seconds' AS stale, \(UserStore.accountColumns),
                   \(UserStore.grantColumns)
            \(live)
            """, [.text(digest), .int(idleSeconds)]).first.map(Self.live)
    }

    /// The session's account and grants with what "who am I" shows: the user (as lists show
    /// it), the masked ID number and the organisation (GetMe): one query.
    static func me(digest: String, idleSeconds: Int64, _ database: some SQLExecutor) throws -> (Live, Identity_V1_Me)? {
        guard let row = try database.execute("""
            SELECT s.last_seen_at < now() - interval '60 seconds' AS stale, \(UserStore.userColumns),
                   u.kind, u.phone_verified, u.password_hash, u.second_factor, o.online,
                   u.permissions, u.id_number, u.real_name_verified,
                   \(OrganisationStore.columns(of: "o", prefix: "o_"))
            \(live)
            """, [.text(digest), .int(idleSeconds)]).first else { return nil }
        var me = Identity_V1_Me()
        me.user = try UserStore.user(row)
        me.realNameVerified = try row.decode("real_name_verified")
        if let number = row["id_number"] { me.maskedIDNumber = Masking.idNumber(number) }
        if row["o_id"] != nil { me.organisation = try OrganisationStore.organisation(row, prefix: "o_") }
        return (try live(row), me)
    }

    /// GW-2: opens a session for `userID` under the token's SHA-256 (hex), ending
    /// `absoluteSeconds` from now; returns its expiry (Unix seconds).
    static func open(digest: String, userID: Int64, absoluteSeconds: Int64, _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO sessions (token_sha256, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
            RETURNING extract(epoch FROM expires_at)::bigint AS expires
            """, [.text(digest), .int(userID), .int(absoluteSeconds)]).first?.decode("expires") ?? 0
    }

    /// Moves the idle timeout of the session on.
    static func touch(digest: String, _ database: some SQLExecutor) throws {
        try database.execute("UPDATE sessions SET last_seen_at = now() WHERE token_sha256 = $1", [.text(digest)])
    }

    /// Revokes the session; its user's id, nil when it was unknown or already revoked.
    static func revoke(digest: String, _ transaction: Transaction) throws -> Int64? {
        try transaction.execute("""
            UPDATE sessions SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL RETURNING user_id
            """, [.text(digest)]).first?.decode("user_id")
    }

    private static func live(_ row: Row) throws -> Live {
        Live(account: try UserStore.account(row), roles: try row.strings("roles"), permissions: try row.strings("permissions"),
             stale: try row.decode("stale"), row: row)
    }
}
