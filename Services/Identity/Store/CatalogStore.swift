import IdentityDomain
import Proto
import Storage

/// SQL for the reference catalog (SPEC §0): posts, trades and levels as versions with effective
/// dates (`catalog_entries`), and the divisions, which are not edited (`divisions`).
enum CatalogStore {
    /// The entries of `kind` (every kind when nil; one code when `code` is given), each with its
    /// version in force today and the later ones, by kind (posts, trades, levels, divisions) and code.
    static func entries(kind: CatalogKind?, code: String? = nil, _ database: some SQLExecutor) throws -> [Identity_V1_CatalogEntry] {
        var entries: [Identity_V1_CatalogEntry] = []
        if kind != .division {
            let rows = try database.execute("""
                SELECT c.kind, c.code, to_char(c.effective_from, 'YYYY-MM-DD') AS effective_from, c.name, c.specialty,
                       c.required_hours, c.withdrawn, c.pass_theory, c.pass_practice, coalesce(extract(epoch FROM c.changed_at)::bigint, 0) AS changed_at,
                       coalesce(u.name, '') AS changed_by, c.effective_from > province_today() AS pending
                FROM catalog_entries c
                LEFT JOIN catalog_in_force f ON f.kind = c.kind AND f.code = c.code
                LEFT JOIN users u ON u.id = c.changed_by
                WHERE ($1 = '' OR c.kind = $1) AND ($2 = '' OR c.code = $2)
                  AND (c.effective_from > province_today() OR c.effective_from = f.effective_from)
                ORDER BY array_position(ARRAY['post', 'trade', 'level'], c.kind), c.code, c.effective_from
                """, [.text(kind?.rawValue ?? ""), .text(code ?? "")])
            for row in rows {
                let kind = CatalogKind(rawValue: try row.decode("kind"))
                let code: String = try row.decode("code")
                var version = Identity_V1_CatalogVersion()
                version.name = try row.decode("name")
                version.specialty = try row.decode("specialty")
                version.requiredHours = try row.decode("required_hours")
                version.withdrawn = try row.decode("withdrawn")
                version.passTheory = try row.decode("pass_theory")
                version.passPractice = try row.decode("pass_practice")
                version.effectiveFrom = try row.decode("effective_from")
                version.changedAtUnix = try row.decode("changed_at")
                version.changedByName = try row.decode("changed_by")
                if entries.last?.code != code || entries.last?.kind != kind?.proto {
                    var entry = Identity_V1_CatalogEntry()
                    entry.kind = kind?.proto ?? .unspecified
                    entry.code = code
                    entry.editable = true
                    entries.append(entry)
                }
                if try row.decode("pending") {
                    entries[entries.count - 1].pending.append(version)
                } else {
                    entries[entries.count - 1].current = version
                }
            }
        }
        if kind == nil || kind == .division {
            for row in try database.execute("""
                SELECT code, name, coalesce(parent_code, '') AS parent_code FROM divisions WHERE ($1 = '' OR code = $1) ORDER BY code
                """, [.text(code ?? "")]) {
                var entry = Identity_V1_CatalogEntry()
                entry.kind = .division
                entry.code = try row.decode("code")
                entry.parentCode = try row.decode("parent_code")
                var version = Identity_V1_CatalogVersion()
                version.name = try row.decode("name")
                entry.current = version
                entries.append(entry)
            }
        }
        return entries
    }

    /// Whether the catalog has a version of this entry (in force or later).
    static func exists(_ kind: CatalogKind, _ code: String, _ transaction: Transaction) throws -> Bool {
        !(try transaction.execute("SELECT 1 FROM catalog_entries WHERE kind = $1 AND code = $2 LIMIT 1",
                                  [.text(kind.rawValue), .text(code)]).isEmpty)
    }

    /// Stores `version` of the entry from `date` (replacing a version of that day), by user `userID`.
    static func schedule(_ kind: CatalogKind, _ code: String, _ version: CatalogVersion, from date: CalendarDate,
                         by userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("""
            INSERT INTO catalog_entries (kind, code, effective_from, name, specialty, required_hours, withdrawn, pass_theory, pass_practice,
                                         changed_by, changed_at)
            VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, now())
            ON CONFLICT (kind, code, effective_from) DO UPDATE SET
                name = EXCLUDED.name, specialty = EXCLUDED.specialty, required_hours = EXCLUDED.required_hours,
                withdrawn = EXCLUDED.withdrawn, pass_theory = EXCLUDED.pass_theory, pass_practice = EXCLUDED.pass_practice,
                changed_by = EXCLUDED.changed_by, changed_at = now()
            """, [.text(kind.rawValue), .text(code), .text(date.description), .text(version.name), .text(version.specialty),
                  .int(Int64(version.requiredHours)), .bool(version.withdrawn), .int(Int64(version.passTheory)),
                  .int(Int64(version.passPractice)), .int(userID)])
    }

    /// Removes the entry's version from `date`, if it has not taken effect; whether one went.
    static func remove(_ kind: CatalogKind, _ code: String, from date: CalendarDate, _ transaction: Transaction) throws -> Bool {
        !(try transaction.execute("""
            DELETE FROM catalog_entries WHERE kind = $1 AND code = $2 AND effective_from = $3::date AND effective_from > province_today()
            RETURNING code
            """, [.text(kind.rawValue), .text(code), .text(date.description)]).isEmpty)
    }
}

extension CatalogKind {
    /// The proto's value for this kind.
    var proto: Identity_V1_CatalogKind {
        switch self {
        case .post: .post
        case .trade: .trade
        case .level: .level
        case .division: .division
        }
    }
}

extension Identity_V1_CatalogKind {
    /// The domain's kind; nil for unspecified or unknown values.
    var domain: CatalogKind? {
        switch self {
        case .post: .post
        case .trade: .trade
        case .level: .level
        case .division: .division
        case .unspecified, .unrecognized: nil
        }
    }
}
