import CertificatesDomain
import Proto
import Storage

/// B-3: the national registry's outbox (`registry_outbox`): claims for the pusher, its verdicts,
/// and the reconciliation report.
enum RegistryOutboxStore {
    /// One claimed row with what the registry is sent.
    struct Claimed: Sendable {
        let id: Int64
        let claim: String
        let attempts: Int
        let certificateID: Int64
        let record: RegistryRecord
    }

    /// Takes up to `limit` due rows that no other pusher holds, the oldest first and only the
    /// oldest undelivered row of each certificate (an issue is sent before its cancel), and moves
    /// them past `lease` seconds: a pusher that dies leaves them to the next one after the lease.
    static func claim(limit: Int, lease: Double, _ tx: Transaction) throws -> [Claimed] {
        try tx.execute("""
            WITH due AS (
                SELECT o.id FROM registry_outbox o
                WHERE o.delivered_at IS NULL AND o.next_attempt_at <= now()
                  AND NOT EXISTS (SELECT 1 FROM registry_outbox p
                                  WHERE p.certificate_id = o.certificate_id AND p.delivered_at IS NULL AND p.id < o.id)
                ORDER BY o.id LIMIT $1
                FOR UPDATE OF o SKIP LOCKED
            )
            UPDATE registry_outbox o
            SET attempts = o.attempts + 1, claim = gen_random_uuid(), next_attempt_at = now() + make_interval(secs => $2::float8)
            FROM due, certificates c
            WHERE o.id = due.id AND c.id = o.certificate_id
            RETURNING o.id, o.claim::text AS claim, o.attempts, o.kind, c.id AS certificate_id, c.number, c.holder_name,
                c.id_number, c.post, c.post_name, c.level, c.issuer_name, c.org_name, c.issued_on::text AS issued_on,
                c.valid_until::text AS valid_until
            """, [.int(Int64(limit)), .text(String(lease))]).map { row in
            let id: Int64 = try row.decode("id")
            let number: String = try row.decode("number")
            let action = RegistryRecord.Action(rawValue: try row.decode("kind")) ?? .issue
            return Claimed(
                id: id, claim: try row.decode("claim"), attempts: Int(try row.decode("attempts") as Int64),
                certificateID: try row.decode("certificate_id"),
                record: RegistryRecord(
                    recordID: "tc-\(id)", number: number, action: action, holderName: try row.decode("holder_name"),
                    idNumber: try row.decode("id_number"), post: try row.decode("post"), postName: try row.decode("post_name"),
                    level: try row.decode("level"), issuer: try row.decode("issuer_name"),
                    issuerRegion: String(number.dropFirst(2).prefix(4)), organisation: try row.decode("org_name"),
                    issuedOn: try row.decode("issued_on"), validUntil: try row.decode("valid_until"),
                    status: action.status))
        }
    }

    /// Records a verdict (accepted or rejected) if `claim` still holds the row: the row is
    /// delivered, the certificate's push state follows and its business log gains the result.
    /// - Returns: false when another pusher's claim replaced this one (nothing is written).
    @discardableResult
    static func deliver(_ row: Claimed, accepted: Bool, receipt: String, reason: String, _ tx: Transaction) throws -> Bool {
        try tx.execute("""
            WITH delivered AS (
                UPDATE registry_outbox SET delivered_at = now(), outcome = $3, receipt = $4, reason = $5
                WHERE id = $1 AND claim = $2::uuid AND delivered_at IS NULL
                RETURNING certificate_id
            ), certificate AS (
                UPDATE certificates c SET push_state = $6, push_error = $5 FROM delivered WHERE c.id = delivered.certificate_id
            ), event AS (
                INSERT INTO certificate_events (certificate_id, action, reason) SELECT certificate_id, $7, $5 FROM delivered
            )
            SELECT count(*) AS n FROM delivered
            """, [.int(row.id), .text(row.claim), .text(accepted ? "accepted" : "rejected"), .text(receipt), .text(reason),
                  .text(accepted ? PushState.pushed.rawValue : PushState.failed.rawValue),
                  .text(accepted ? "push" : "push_rejected")]).first?.decode("n") as Int64? == 1
    }

    /// Records a try without a verdict: the row is due again after `delay` seconds; from
    /// `pushFailedAfterAttempts` tries on, the certificate shows 推送失败 with the error.
    static func postpone(_ row: Claimed, delay: Double, error: String, _ tx: Transaction) throws {
        try tx.execute("""
            WITH postponed AS (
                UPDATE registry_outbox SET next_attempt_at = now() + make_interval(secs => $3::float8), reason = $4
                WHERE id = $1 AND claim = $2::uuid AND delivered_at IS NULL
                RETURNING certificate_id, attempts
            )
            UPDATE certificates c SET push_state = CASE WHEN p.attempts >= $5 THEN $6 ELSE c.push_state END, push_error = $4
            FROM postponed p WHERE c.id = p.certificate_id
            """, [.int(row.id), .text(row.claim), .text(String(delay)), .text(error), .int(Int64(pushFailedAfterAttempts)),
                  .text(PushState.failed.rawValue)])
    }

    /// The reconciliation report: per day (Asia/Shanghai) a record was written and issuing
    /// authority, how many were written, answered, accepted, rejected, and still wait; the newest
    /// day first, at most `limit` rows.
    static func reconciliation(scope: [Int64], fromDay: String, toDay: String, limit: Int,
                               _ tx: some SQLExecutor) throws -> [Certificates_V1_ReconciliationRow] {
        try tx.execute("""
            SELECT (o.created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day, c.issuer_org_id, c.issuer_name,
                count(*) AS written, count(o.delivered_at) AS delivered,
                count(*) FILTER (WHERE o.outcome = 'accepted') AS accepted,
                count(*) FILTER (WHERE o.outcome = 'rejected') AS rejected,
                count(*) FILTER (WHERE o.delivered_at IS NULL AND o.attempts >= $5) AS failing
            FROM registry_outbox o JOIN certificates c ON c.id = o.certificate_id
            WHERE (c.issuer_org_id = ANY($1::bigint[]) OR c.org_id = ANY($1::bigint[]))
              AND o.created_at >= ($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
              AND o.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
            GROUP BY 1, 2, 3
            ORDER BY 1 DESC, 3
            LIMIT $4
            """, [.intArray(scope), .text(fromDay), .text(toDay), .int(Int64(limit)), .int(Int64(pushFailedAfterAttempts))]).map { row in
            var line = Certificates_V1_ReconciliationRow()
            line.day = try row.decode("day")
            line.issuerOrgID = try row.decode("issuer_org_id")
            line.issuerName = try row.decode("issuer_name")
            line.written = try row.decode("written")
            line.delivered = try row.decode("delivered")
            line.accepted = try row.decode("accepted")
            line.rejected = try row.decode("rejected")
            line.failing = try row.decode("failing")
            line.waiting = line.written - line.delivered
            return line
        }
    }
}
