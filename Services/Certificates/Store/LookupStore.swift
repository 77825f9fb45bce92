import CertificatesDomain
import Proto
import ServiceHost
import Storage

/// CE-7, B-4: the public lookup's log, its counts for the limits, and its challenges.
enum LookupStore {
    /// Misses (not found) from `ip` in the last `window` seconds.
    static func misses(ip: String, window: Int, _ tx: some SQLExecutor) throws -> Int {
        Int(try tx.execute("""
            SELECT count(*) AS n FROM lookup_log WHERE ip = $1 AND at > now() - make_interval(secs => $2::float8) AND result = 'not_found'
            """, [.text(ip), .text(String(window))]).first?.decode("n") as Int64? ?? 0)
    }

    /// Lookups of the ID number with this key in the last `window` seconds.
    static func askedTimes(idKey: String, window: Int, _ tx: some SQLExecutor) throws -> Int {
        Int(try tx.execute("""
            SELECT count(*) AS n FROM lookup_log WHERE id_key = $1 AND at > now() - make_interval(secs => $2::float8)
            """, [.text(idKey), .text(String(window))]).first?.decode("n") as Int64? ?? 0)
    }

    static func log(ip: String, _ query: LookupQuery, idKey: String, result: String, _ tx: Transaction) throws {
        try tx.execute("INSERT INTO lookup_log (ip, kind, asked, id_key, result) VALUES ($1, $2, $3, $4, $5)",
                       [.text(ip), .text(query.kind), .text(query.logged), .text(idKey), .text(result)])
    }

    /// Stores a new challenge's answer for `ip`, valid 5 minutes. - Returns: its id.
    static func newChallenge(ip: String, answer: String, _ tx: Transaction) throws -> String {
        try tx.execute("DELETE FROM lookup_challenges WHERE expires_at < now() - interval '1 hour'")
        return try tx.execute("""
            INSERT INTO lookup_challenges (ip, answer, expires_at) VALUES ($1, $2, now() + interval '5 minutes') RETURNING id::text AS id
            """, [.text(ip), .text(answer)])[0].decode("id")
    }

    /// Uses up the challenge `id` of `ip` if `answer` is its answer and it is still fresh.
    /// - Returns: whether it was answered right (a challenge is spent by any answer).
    static func answer(challenge id: String, ip: String, answer: String, _ tx: Transaction) throws -> Bool {
        guard id.utf8.count == 36, id.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return false
        }
        return try tx.execute("""
            UPDATE lookup_challenges SET used_at = now()
            WHERE id = $1::uuid AND ip = $2 AND used_at IS NULL AND expires_at > now()
            RETURNING answer = $3 AS right
            """, [.text(id), .text(ip), .text(answer)]).first?.decode("right") ?? false
    }

    /// The certificates a lookup finds: by number, or every one of the ID number whose holder has
    /// exactly this name.
    static func find(_ query: LookupQuery, _ tx: some SQLExecutor) throws -> Rows {
        switch query {
        case .number(let number):
            return try tx.execute("SELECT \(publicColumns) FROM certificates WHERE number = $1", [.text(number)])
        case .person(let idNumber, let name):
            return try tx.execute("SELECT \(publicColumns) FROM certificates WHERE id_number = $1 AND holder_name = $2 ORDER BY id DESC LIMIT 20",
                                  [.text(idNumber), .text(name)])
        }
    }

    static let publicColumns = """
        number, holder_name, id_number, post, post_name, level, issuer_name, issued_on::text AS issued_on,
        valid_until::text AS valid_until, state
        """

    /// B-4: the log, newest first, for the province.
    static func list(_ window: PageWindow, ip: String, result: String, fromDay: String, toDay: String,
                     _ tx: some SQLExecutor) throws -> Page<Certificates_V1_LookupLogEntry> {
        try window.fetch(tx, columns: "id, extract(epoch FROM at)::bigint AS at, ip, kind, asked, result", from: """
            FROM lookup_log WHERE ($1 = '' OR ip = $1) AND ($2 = '' OR result = $2)
              AND ($3 = '' OR at >= ($3::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
              AND ($4 = '' OR at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            """, parameters: [.text(ip), .text(result), .text(fromDay), .text(toDay)], id: "id", order: .newestFirst, countLimit: 10_000,
            { row in
                var entry = Certificates_V1_LookupLogEntry()
                entry.id = try row.decode("id")
                entry.atUnix = try row.decode("at")
                entry.ip = try row.decode("ip")
                entry.kind = try row.decode("kind")
                entry.asked = try row.decode("asked")
                entry.result = LookupOutcome(rawValue: try row.decode("result"))?.proto ?? .unspecified
                return entry
            }, itemID: \.id)
    }
}

/// The result column's values and their proto enum.
enum LookupOutcome: String, CaseIterable {
    case found, notFound = "not_found", challenged, challengeFailed = "challenge_failed", limited

    var proto: Certificates_V1_LookupResult {
        switch self {
        case .found: .found
        case .notFound: .notFound
        case .challenged: .challenged
        case .challengeFailed: .challengeFailed
        case .limited: .limited
        }
    }

    init?(_ proto: Certificates_V1_LookupResult) {
        guard let match = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = match
    }
}
