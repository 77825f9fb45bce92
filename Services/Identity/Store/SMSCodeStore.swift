import IdentityDomain
import OpenSSLCrypto
import Storage

/// SQL for one-time SMS codes (ID-2). Only SHA-256 digests of codes are stored.
enum SMSCodeStore {
    /// Send times (Unix seconds) of codes to `phone` and from `clientIP` in the last day, and the
    /// database's now: the rate limits compare times from one clock, the one `sent_at` comes from.
    static func recentSends(phone: String, clientIP: String?, _ transaction: Transaction) throws
        -> (now: Int64, phone: [Int64], ip: [Int64]) {
        let row = try transaction.execute("""
            SELECT extract(epoch FROM now())::bigint AS now,
                   ARRAY(SELECT extract(epoch FROM sent_at)::bigint FROM sms_codes
                         WHERE phone = $1 AND sent_at > now() - interval '1 day' ORDER BY sent_at DESC LIMIT 100) AS phone_times,
                   ARRAY(SELECT extract(epoch FROM sent_at)::bigint FROM sms_codes
                         WHERE client_ip = $2::inet AND sent_at > now() - interval '1 day' ORDER BY sent_at DESC LIMIT 200) AS ip_times
            """, [.text(phone), clientIP.map { .text($0) } ?? .null])[0]
        func times(_ column: String) throws -> [Int64] {
            try row.strings(column).map { text in
                guard let time = Int64(text) else { throw StorageError.decoding(column: column, expected: "bigint[]") }
                return time
            }
        }
        return (try row.decode("now"), try times("phone_times"), try times("ip_times"))
    }

    /// Stores a new code's digest; returns its id.
    static func insert(phone: String, purpose: String, code: String, clientIP: String?, _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO sms_codes (phone, purpose, code_sha256, client_ip) VALUES ($1, $2, $3, $4::inet) RETURNING id
            """, [.text(phone), .text(purpose), .text(Crypto.sha256Hex(Array(code.utf8))), clientIP.map { .text($0) } ?? .null])
            .first?.decode("id") ?? 0
    }

    /// Uses up the newest live code for `phone` and `purpose` if `entered` matches it; a wrong
    /// entry counts against the code, which dies after `maxFailedAttempts`.
    /// - Returns: false for a wrong, expired, used or missing code. The caller then commits
    ///   (so the failed attempt counts) and reports `IdentityError.smsCodeInvalid`.
    static func consume(phone: String, purpose: String, entered: String, policy: SMSCodePolicy,
                        maxFailedAttempts: Int, _ transaction: Transaction) throws -> Bool {
        guard let row = try transaction.execute("""
            SELECT id, code_sha256, extract(epoch FROM sent_at)::bigint AS sent, extract(epoch FROM now())::bigint AS now,
                   used_at IS NOT NULL AS used, failed_attempts
            FROM sms_codes WHERE phone = $1 AND purpose = $2 ORDER BY sent_at DESC, id DESC LIMIT 1 FOR UPDATE
            """, [.text(phone), .text(purpose)]).first else { return false }
        let id: Int64 = try row.decode("id")
        let burned = try row.decode("failed_attempts", as: Int.self) >= maxFailedAttempts
        let stored: String = try row.decode("code_sha256")
        let matches = Crypto.constantTimeEquals(Array(stored.utf8), Array(Crypto.sha256Hex(Array(entered.utf8)).utf8))
        let result = policy.check(matches: matches, sentAt: try row.decode("sent"),
                                  used: try row.decode("used") || burned, now: try row.decode("now"))
        switch result {
        case .accepted:
            try transaction.execute("UPDATE sms_codes SET used_at = now() WHERE id = $1", [.int(id)])
            return true
        case .mismatch:
            try transaction.execute("UPDATE sms_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1", [.int(id)])
            return false
        case .expired, .alreadyUsed:
            return false
        }
    }
}
