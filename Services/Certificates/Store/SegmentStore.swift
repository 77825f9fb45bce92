import CertificatesDomain
import Proto
import ServiceHost
import Storage

/// CE-1: the number segments and their counters.
enum SegmentStore {
    struct Locked {
        let id: Int64
        let current: Int
        let issuerOrgID: Int64
    }

    /// The segment of `key`, made on its first use, row-locked until the transaction ends: the
    /// one place numbers are given out, so that no two transactions in any instance share one and
    /// a rolled-back transaction's numbers are given again.
    static func lock(_ key: SegmentKey, codeName: String, issuerOrgID: Int64, issuerName: String, _ tx: Transaction) throws -> Locked {
        try tx.execute("""
            INSERT INTO segments (year, region, code, level, code_name, issuer_org_id, issuer_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year, region, code, level) DO NOTHING
            """, [.int(Int64(key.year)), .text(key.region), .text(key.code), .text(key.level), .text(codeName),
                  .int(issuerOrgID), .text(issuerName)])
        let row = try tx.execute("""
            SELECT id, current, issuer_org_id FROM segments WHERE year = $1 AND region = $2 AND code = $3 AND level = $4 FOR UPDATE
            """, [.int(Int64(key.year)), .text(key.region), .text(key.code), .text(key.level)]).first!
        return Locked(id: try row.decode("id"), current: try row.decode("current"), issuerOrgID: try row.decode("issuer_org_id"))
    }

    /// Moves the locked segment's counter to `current`.
    static func advance(_ id: Int64, to current: Int, _ tx: Transaction) throws {
        try tx.execute("UPDATE segments SET current = $2, updated_at = now() WHERE id = $1", [.int(id), .int(Int64(current))])
    }

    /// A page of segments, newest year first, then by code.
    static func list(_ window: PageWindow, year: Int, code: String, issuers: [Int64], _ tx: some SQLExecutor) throws -> Page<Certificates_V1_Segment> {
        try window.fetch(tx, columns: """
            id, year, region, code, code_name, level, issuer_org_id, issuer_name, current,
            extract(epoch FROM updated_at)::bigint AS updated
            """, from: """
            FROM segments WHERE ($1 = 0 OR year = $1) AND ($2 = '' OR code = upper($2)) AND issuer_org_id = ANY($3::bigint[])
            """, parameters: [.int(Int64(year)), .text(code), .intArray(issuers)], id: "id", order: .newestFirst, { row in
            var segment = Certificates_V1_Segment()
            segment.id = try row.decode("id")
            segment.year = try row.decode("year")
            segment.region = try row.decode("region")
            segment.code = try row.decode("code")
            segment.codeName = try row.decode("code_name")
            segment.level = try row.decode("level")
            segment.issuerOrgID = try row.decode("issuer_org_id")
            segment.issuerName = try row.decode("issuer_name")
            segment.current = try row.decode("current")
            segment.capacity = UInt32(SegmentKey.sequences.upperBound)
            segment.updatedAtUnix = try row.decode("updated")
            if let key = try? SegmentKey(year: Int(segment.year), region: segment.region, code: segment.code, level: segment.level) {
                segment.prefix = key.prefix
            }
            return segment
        }, itemID: \.id)
    }
}
