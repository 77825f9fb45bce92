import IdentityDomain
import Proto
import Storage

/// SQL for scheduling the province settings (SPEC §0): each key's version in force today and
/// the later ones, and changes to them. Readers take the value in force from `Settings`.
enum ProvinceSettingStore {
    /// One stored version of a setting.
    struct Version: Sendable {
        let key: String
        let date: CalendarDate
        let value: Int
        /// Whether it takes effect after today (else it is the one in force).
        let pending: Bool
        let proto: Identity_V1_SettingVersion
    }

    /// Today in Asia/Shanghai by the database's clock, the clock every effective date is read by.
    static func today(_ database: some SQLExecutor) throws -> CalendarDate {
        try date(try database.execute("SELECT to_char(province_today(), 'YYYY-MM-DD') AS today", [])[0], "today")
    }

    static func date(_ row: Row, _ column: String) throws -> CalendarDate {
        guard let date = CalendarDate(try row.decode(column, as: String.self)) else {
            throw StorageError.decoding(column: column, expected: "YYYY-MM-DD")
        }
        return date
    }

    /// Makes concurrent changes of the settings take turns (the rules between settings are
    /// checked against what the previous change committed); reads are not blocked.
    static func lockForChange(_ transaction: Transaction) throws {
        try transaction.execute("LOCK TABLE province_settings IN SHARE ROW EXCLUSIVE MODE", [])
    }

    /// Each key's version in force today and every later one, by key and date.
    static func versions(key: String? = nil, _ database: some SQLExecutor) throws -> [Version] {
        try database.execute("""
            SELECT s.key, to_char(s.effective_from, 'YYYY-MM-DD') AS effective_from, s.value,
                   coalesce(extract(epoch FROM s.changed_at)::bigint, 0) AS changed_at, coalesce(u.name, '') AS changed_by,
                   s.effective_from > province_today() AS pending
            FROM province_settings s
            LEFT JOIN province_settings_in_force f ON f.key = s.key
            LEFT JOIN users u ON u.id = s.changed_by
            WHERE ($1 = '' OR s.key = $1) AND (s.effective_from > province_today() OR s.effective_from = f.effective_from)
            ORDER BY s.key, s.effective_from
            """, [.text(key ?? "")]).map { row in
            var proto = Identity_V1_SettingVersion()
            proto.value = try row.decode("value")
            proto.effectiveFrom = try row.decode("effective_from")
            proto.changedAtUnix = try row.decode("changed_at")
            proto.changedByName = try row.decode("changed_by")
            return Version(key: try row.decode("key"), date: try date(row, "effective_from"), value: try row.decode("value"),
                           pending: try row.decode("pending"), proto: proto)
        }
    }

    /// Sets `key` to `value` from `date` (replacing a version of that day), by user `userID`.
    static func schedule(_ key: String, _ value: Int, from date: CalendarDate, by userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("""
            INSERT INTO province_settings (key, value, effective_from, changed_by, changed_at) VALUES ($1, $2, $3::date, $4, now())
            ON CONFLICT (key, effective_from) DO UPDATE SET value = EXCLUDED.value, changed_by = EXCLUDED.changed_by, changed_at = now()
            """, [.text(key), .int(Int64(value)), .text(date.description), .int(userID)])
    }

    /// Removes the version of `key` from `date`, if it has not taken effect; whether one went.
    static func remove(_ key: String, from date: CalendarDate, _ transaction: Transaction) throws -> Bool {
        !(try transaction.execute("""
            DELETE FROM province_settings WHERE key = $1 AND effective_from = $2::date AND effective_from > province_today()
            RETURNING key
            """, [.text(key), .text(date.description)]).isEmpty)
    }
}
