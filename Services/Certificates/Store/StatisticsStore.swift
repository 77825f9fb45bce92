import CertificatesDomain
import Proto
import Storage

/// CE-8: figures from `certificate_tallies` (kept by generation, cancel and re-activation).
enum StatisticsStore {
    /// The scope's figures as of `today`, months from `firstMonth` (its first day) on.
    static func statistics(scope: [Int64], today: CivilDate, firstMonth: CivilDate,
                           _ tx: some SQLExecutor) throws -> Certificates_V1_StatisticsResponse {
        let scoped = "(org_id = ANY($1::bigint[]) OR issuer_org_id = ANY($1::bigint[]))"
        var response = Certificates_V1_StatisticsResponse()
        let byMonth = Dictionary(uniqueKeysWithValues: try tx.execute("""
            SELECT to_char(issued_on, 'YYYY-MM') AS month, sum(valid + cancelled)::bigint AS issued FROM certificate_tallies
            WHERE \(scoped) AND issued_on >= $2::date GROUP BY 1
            """, [.intArray(scope), .text(firstMonth.description)]).map { (try $0.decode("month") as String, try $0.decode("issued") as Int64) })
        var month = firstMonth
        for _ in 0..<6 {
            let key = String(month.description.prefix(7))
            var count = Certificates_V1_MonthCount()
            count.month = key
            count.issued = byMonth[key] ?? 0
            response.months.append(count)
            month = month.firstOfMonth(adding: 1)
        }
        func groups(_ key: String, _ name: String) throws -> [Certificates_V1_GroupCount] {
            try tx.execute("""
                SELECT \(key)::text AS key, \(name) AS name, sum(valid + cancelled)::bigint AS issued,
                       coalesce(sum(valid) FILTER (WHERE valid_until >= $2::date), 0)::bigint AS valid
                FROM certificate_tallies WHERE \(scoped) GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 500
                """, [.intArray(scope), .text(today.description)]).map { row in
                var group = Certificates_V1_GroupCount()
                group.key = try row.decode("key")
                group.name = try row.decode("name")
                group.issued = try row.decode("issued")
                group.valid = try row.decode("valid")
                return group
            }
        }
        response.cities = try groups("city", "''")
        response.institutions = try groups("org_id", "max(org_name)")
        response.issuedTotal = response.cities.reduce(0) { $0 + $1.issued }
        response.validTotal = response.cities.reduce(0) { $0 + $1.valid }
        response.asOf = today.description
        return response
    }
}
