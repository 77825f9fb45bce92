import CertificatesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// CE-2, CE-4, B-3: certificates, their business log, their generations and their outbox rows.
enum CertificateStore {
    /// What one generation (a test plan's, CE-2) or one approved registration batch's post and
    /// level (CE-3) writes for all of its certificates.
    struct Batch {
        let testPlanID: Int64?
        let registrationBatchID: Int64?
        /// CE-8: the institution's city (4-digit division).
        let city: String
        let segmentID: Int64
        let post: String
        let postName: String
        let level: String
        let issuerOrgID: Int64
        let issuerName: String
        let orgID: Int64
        let orgName: String
        let issuedOn: String
        let validUntil: String
        let keyID: String
        let generatedBy: Int64
    }

    /// One certificate of a batch.
    struct Issued {
        let number: String
        let sequence: Int
        let holderUserID: Int64
        let holderName: String
        let idNumber: String
        let enrollmentID: Int64
        let employer: String
        let signature: String
    }

    /// The generation of a test plan, when there has been one.
    static func generation(testPlanID: Int64, _ tx: some SQLExecutor) throws -> Certificates_V1_GenerateCertificatesResponse? {
        try tx.execute("SELECT issued, first_number, last_number FROM generations WHERE test_plan_id = $1", [.int(testPlanID)])
            .first.map { row in
                var response = Certificates_V1_GenerateCertificatesResponse()
                response.issued = try row.decode("issued")
                response.firstNumber = try row.decode("first_number")
                response.lastNumber = try row.decode("last_number")
                response.alreadyGenerated = true
                return response
            }
    }

    /// CE-2: a test plan's generation row (a retry finds it).
    static func insertGeneration(testPlanID: Int64, _ certificates: [Issued], by userID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            INSERT INTO generations (test_plan_id, issued, first_number, last_number, generated_by) VALUES ($1, $2, $3, $4, $5)
            """, [.int(testPlanID), .int(Int64(certificates.count)), .text(certificates.first!.number),
                  .text(certificates.last!.number), .int(userID)])
    }

    /// Writes certificates of one segment: each with its issue event and outbox row for the
    /// national registry, and the statistics' tally, in one statement.
    static func insert(_ batch: Batch, _ certificates: [Issued], _ tx: Transaction) throws {
        try tx.execute("""
            WITH inserted AS (
                INSERT INTO certificates (number, segment_id, sequence, holder_user_id, holder_name, id_number, post, post_name,
                    level, issuer_org_id, issuer_name, org_id, org_name, test_plan_id, enrollment_id, issued_on, valid_until,
                    key_id, signature, city, employer, batch_id)
                SELECT u.number, $1, u.sequence, u.holder, u.name, u.id_number, $2, $3, $4, $5, $6, $7, $8, $9::bigint, u.enrollment,
                    $10::date, $11::date, $12, u.signature, $21, u.employer, $22::bigint
                FROM unnest($13::text[], $14::bigint[], $15::bigint[], $16::text[], $17::text[], $18::bigint[], $19::text[], $23::text[])
                    AS u(number, sequence, holder, name, id_number, enrollment, signature, employer)
                RETURNING id
            ), events AS (
                INSERT INTO certificate_events (certificate_id, action, actor_user_id) SELECT id, 'issue', $20 FROM inserted
            ), tally AS (
                INSERT INTO certificate_tallies (org_id, org_name, issuer_org_id, city, post, issued_on, valid_until, valid)
                SELECT $7, $8, $5, $21, $2, $10::date, $11::date, count(*) FROM inserted
                ON CONFLICT (org_id, issuer_org_id, city, post, issued_on, valid_until)
                DO UPDATE SET valid = certificate_tallies.valid + excluded.valid
            )
            INSERT INTO registry_outbox (certificate_id, kind) SELECT id, 'issue' FROM inserted
            """, [.int(batch.segmentID), .text(batch.post), .text(batch.postName), .text(batch.level), .int(batch.issuerOrgID),
                  .text(batch.issuerName), .int(batch.orgID), .text(batch.orgName), batch.testPlanID.map { .int($0) } ?? .null,
                  .text(batch.issuedOn), .text(batch.validUntil), .text(batch.keyID),
                  .textArray(certificates.map(\.number)), .intArray(certificates.map { Int64($0.sequence) }),
                  .intArray(certificates.map(\.holderUserID)), .textArray(certificates.map(\.holderName)),
                  .textArray(certificates.map(\.idNumber)), .intArray(certificates.map(\.enrollmentID)),
                  .textArray(certificates.map(\.signature)), .int(batch.generatedBy), .text(batch.city),
                  batch.registrationBatchID.map { .int($0) } ?? .null, .textArray(certificates.map(\.employer))])
    }

    static let columns = """
        c.id, c.number, c.holder_user_id, c.holder_name, c.id_number, c.post, c.post_name, c.level, c.issuer_org_id,
        c.issuer_name, c.org_id, c.org_name, coalesce(c.test_plan_id, 0) AS test_plan_id, c.enrollment_id,
        c.issued_on::text AS issued_on, c.valid_until::text AS valid_until, c.state, c.push_state, c.push_error, c.key_id,
        c.signature, c.print_count, extract(epoch FROM c.created_at)::bigint AS created,
        coalesce(extract(epoch FROM c.printed_at)::bigint, 0) AS printed, c.employer,
        coalesce((SELECT r.number FROM certificates r WHERE r.id = c.replaced_by_id), '') AS replaced_by,
        coalesce((SELECT r.number FROM certificates r WHERE r.id = c.replaces_id), '') AS replaces
        """

    /// A row as the API's certificate; the ID number masked unless `fullIDNumber`, the status
    /// as of `today`.
    static func certificate(_ row: Row, fullIDNumber: Bool, today: CivilDate) throws -> Certificates_V1_Certificate {
        var item = Certificates_V1_Certificate()
        item.id = try row.decode("id")
        item.number = try row.decode("number")
        item.holderUserID = try row.decode("holder_user_id")
        item.holderName = try row.decode("holder_name")
        let idNumber: String = try row.decode("id_number")
        item.idNumber = fullIDNumber ? idNumber : Masking.idNumber(idNumber)
        item.post = try row.decode("post")
        item.postName = try row.decode("post_name")
        item.level = try row.decode("level")
        item.issuerOrgID = try row.decode("issuer_org_id")
        item.issuerName = try row.decode("issuer_name")
        item.orgID = try row.decode("org_id")
        item.orgName = try row.decode("org_name")
        item.testPlanID = try row.decode("test_plan_id")
        item.enrollmentID = try row.decode("enrollment_id")
        item.issuedOn = try row.decode("issued_on")
        item.validUntil = try row.decode("valid_until")
        let state = CertificateState(rawValue: try row.decode("state")) ?? .valid
        item.state = state.proto
        if let issued = CivilDate(item.issuedOn), let until = CivilDate(item.validUntil) {
            item.status = Validity(issuedOn: issued, validUntil: until).status(state, today: today).proto
        }
        item.pushState = (PushState(rawValue: try row.decode("push_state")) ?? .pending).proto
        item.pushError = try row.decode("push_error")
        item.keyID = try row.decode("key_id")
        item.signature = try row.decode("signature")
        item.printCount = try row.decode("print_count")
        item.createdAtUnix = try row.decode("created")
        item.printedAtUnix = try row.decode("printed")
        item.employer = try row.decode("employer")
        item.replacedByNumber = try row.decode("replaced_by")
        item.replacesNumber = try row.decode("replaces")
        return item
    }

    /// One certificate; `forUpdate` locks it for a change.
    static func load(_ id: Int64, forUpdate: Bool = false, today: CivilDate, _ tx: some SQLExecutor) throws -> Certificates_V1_Certificate? {
        try tx.execute("SELECT \(columns) FROM certificates c WHERE c.id = $1\(forUpdate ? " FOR UPDATE" : "")", [.int(id)])
            .first.map { try certificate($0, fullIDNumber: true, today: today) }
    }

    /// The filters of the library (CE-4).
    struct Filter {
        var query = ""
        var post = ""
        var status: ShownStatus?
        var pushState: PushState?
        var orgID: Int64 = 0
        var testPlanID: Int64 = 0
        var issuedFrom = ""
        var issuedTo = ""
    }

    /// A page of the certificates issued by or to the organisations in `scope`, newest first.
    static func list(_ window: PageWindow, scope: [Int64], _ filter: Filter, today: CivilDate,
                     _ tx: some SQLExecutor) throws -> Page<Certificates_V1_Certificate> {
        try window.fetch(tx, columns: columns, from: filtered, parameters: parameters(scope, filter, today),
                         id: "c.id", order: .newestFirst, countLimit: 10_000,
                         { try certificate($0, fullIDNumber: false, today: today) }, itemID: \.id)
    }

    /// CE-4's export: the library's first `limit` rows under the same filters, newest first.
    static func export(scope: [Int64], _ filter: Filter, today: CivilDate, limit: Int,
                       _ tx: some SQLExecutor) throws -> [Certificates_V1_Certificate] {
        try tx.execute("SELECT \(columns) \(filtered) ORDER BY c.id DESC LIMIT $11", parameters(scope, filter, today) + [.int(Int64(limit))])
            .map { try certificate($0, fullIDNumber: false, today: today) }
    }

    /// The library's rows: the scope ($1) and the filters ($2…$10).
    private static let filtered = """
        FROM certificates c WHERE (c.org_id = ANY($1::bigint[]) OR c.issuer_org_id = ANY($1::bigint[]))
          AND ($2 = '' OR c.number = upper($2) OR c.id_number = upper($2) OR strpos(c.holder_name, $2) > 0)
          AND ($3 = '' OR c.post = $3)
          AND ($4 = '' OR ($4 = 'cancelled' AND c.state = 'cancelled') OR ($4 = 'voided' AND c.state = 'voided')
               OR ($4 = 'valid' AND c.state = 'valid' AND c.valid_until >= $10::date)
               OR ($4 = 'expired' AND c.state = 'valid' AND c.valid_until < $10::date))
          AND ($5 = '' OR c.push_state = $5)
          AND ($6::bigint = 0 OR c.org_id = $6::bigint)
          AND ($7::bigint = 0 OR c.test_plan_id = $7::bigint)
          AND ($8 = '' OR c.issued_on >= nullif($8, '')::date) AND ($9 = '' OR c.issued_on <= nullif($9, '')::date)
        """

    private static func parameters(_ scope: [Int64], _ filter: Filter, _ today: CivilDate) -> [SQLValue] {
        [.intArray(scope), .text(filter.query), .text(filter.post), .text(filter.status?.rawValue ?? ""),
         .text(filter.pushState?.rawValue ?? ""), .int(filter.orgID), .int(filter.testPlanID),
         .text(filter.issuedFrom), .text(filter.issuedTo), .text(today.description)]
    }

    /// A student's certificates, newest first.
    static func held(by holderUserID: Int64, today: CivilDate, _ tx: some SQLExecutor) throws -> [Certificates_V1_Certificate] {
        try tx.execute("SELECT \(columns) FROM certificates c WHERE c.holder_user_id = $1 ORDER BY c.id DESC", [.int(holderUserID)])
            .map { try certificate($0, fullIDNumber: false, today: today) }
    }

    /// The certificate with this number.
    static func byNumber(_ number: String, today: CivilDate, _ tx: some SQLExecutor) throws -> Certificates_V1_Certificate? {
        try tx.execute("SELECT \(columns) FROM certificates c WHERE c.number = $1", [.text(number)])
            .first.map { try certificate($0, fullIDNumber: false, today: today) }
    }

    /// Every cancelled or voided number, in order.
    static func revokedNumbers(_ tx: some SQLExecutor) throws -> [String] {
        try tx.execute("SELECT number FROM certificates WHERE state IN ('cancelled', 'voided') ORDER BY number", [])
            .map { try $0.decode("number", as: String.self) }
    }

    /// B-1: every signature a change replaced, in order.
    static func supersededSignatures(_ tx: some SQLExecutor) throws -> [String] {
        try tx.execute("SELECT signature FROM superseded_signatures ORDER BY signature", [])
            .map { try $0.decode("signature", as: String.self) }
    }

    /// CE-5: an approved change: the fields given (empty: unchanged), the new signature when the
    /// signed form changed (the old one is kept as superseded), the event and the outbox row.
    static func change(_ id: Int64, _ change: ChangeRequest, signature: String, keyID: String, by userID: Int64, reason: String,
                       _ tx: Transaction) throws {
        try tx.execute("""
            WITH old AS (
                SELECT id, signature FROM certificates WHERE id = $1
            ), changed AS (
                UPDATE certificates SET holder_name = coalesce(nullif($2, ''), holder_name), id_number = coalesce(nullif($3, ''), id_number),
                    employer = coalesce(nullif($4, ''), employer), signature = coalesce(nullif($5, ''), signature),
                    key_id = coalesce(nullif($6, ''), key_id), push_state = 'pending', push_error = ''
                WHERE id = $1 RETURNING id
            ), superseded AS (
                INSERT INTO superseded_signatures (signature, certificate_id)
                SELECT signature, id FROM old WHERE $5 <> '' AND old.signature <> $5 ON CONFLICT DO NOTHING
            ), events AS (
                INSERT INTO certificate_events (certificate_id, action, actor_user_id, reason) SELECT id, 'change', $7, $8 FROM changed
            )
            INSERT INTO registry_outbox (certificate_id, kind) SELECT id, 'change' FROM changed
            """, [.int(id), .text(change.name), .text(change.idNumber), .text(change.employer), .text(signature), .text(keyID),
                  .int(userID), .text(reason)])
    }

    /// What a reissue gives the new certificate.
    struct Reissue {
        let number: String
        let segmentID: Int64
        let sequence: Int
        let keyID: String
        let signature: String
    }

    /// CE-5: an approved reissue: the old certificate voided, a new one with the same holder,
    /// post and validity under a new number, linked both ways, each with its event and outbox
    /// row. The tallies stay: one valid certificate replaces another of the same key.
    /// - Returns: the new certificate's id.
    static func reissue(_ oldID: Int64, _ new: Reissue, by userID: Int64, _ tx: Transaction) throws -> Int64 {
        try tx.execute("UPDATE certificates SET state = 'voided', state_changed_at = now(), push_state = 'pending', push_error = '' WHERE id = $1",
                       [.int(oldID)])
        let newID: Int64 = try tx.execute("""
            INSERT INTO certificates (number, segment_id, sequence, holder_user_id, holder_name, id_number, post, post_name, level,
                issuer_org_id, issuer_name, org_id, org_name, test_plan_id, enrollment_id, issued_on, valid_until, key_id, signature,
                city, employer, replaces_id)
            SELECT $2, $3, $4, holder_user_id, holder_name, id_number, post, post_name, level, issuer_org_id, issuer_name, org_id,
                org_name, test_plan_id, enrollment_id, issued_on, valid_until, $5, $6, city, employer, id
            FROM certificates WHERE id = $1 RETURNING id
            """, [.int(oldID), .text(new.number), .int(new.segmentID), .int(Int64(new.sequence)), .text(new.keyID), .text(new.signature)])[0]
            .decode("id")
        try tx.execute("""
            WITH linked AS (
                UPDATE certificates SET replaced_by_id = $2 WHERE id = $1 RETURNING number
            ), events AS (
                INSERT INTO certificate_events (certificate_id, action, actor_user_id, reason)
                VALUES ($1, 'void', $4, '补办，新证书编号 ' || $3), ($2, 'reissue', $4, '补办，原证书编号 ' || (SELECT number FROM linked))
            )
            INSERT INTO registry_outbox (certificate_id, kind) VALUES ($1, 'void'), ($2, 'issue')
            """, [.int(oldID), .int(newID), .text(new.number), .int(userID)])
        return newID
    }

    /// When the certificate was last cancelled or re-activated (0: never).
    static func stateChangedAt(_ id: Int64, _ tx: some SQLExecutor) throws -> Int64 {
        try tx.execute("SELECT coalesce(extract(epoch FROM state_changed_at)::bigint, 0) AS at FROM certificates WHERE id = $1",
                       [.int(id)]).first?.decode("at") ?? 0
    }

    /// CE-4: cancel or re-activate, with its event and its outbox row, in the caller's transaction.
    static func setState(_ id: Int64, _ state: CertificateState, action: CertificateAction, reason: String, by userID: Int64,
                         _ tx: Transaction) throws {
        try tx.execute("""
            WITH changed AS (
                UPDATE certificates SET state = $2, state_changed_at = now(), push_state = 'pending', push_error = ''
                WHERE id = $1 RETURNING id, org_id, issuer_org_id, city, post, issued_on, valid_until
            ), tally AS (
                UPDATE certificate_tallies t
                SET valid = t.valid + CASE WHEN $2 = 'valid' THEN 1 ELSE -1 END,
                    cancelled = t.cancelled + CASE WHEN $2 = 'valid' THEN -1 ELSE 1 END
                FROM changed c
                WHERE t.org_id = c.org_id AND t.issuer_org_id = c.issuer_org_id AND t.city = c.city AND t.post = c.post
                  AND t.issued_on = c.issued_on AND t.valid_until = c.valid_until
            ), events AS (
                INSERT INTO certificate_events (certificate_id, action, actor_user_id, reason) SELECT id, $3, $4, $5 FROM changed
            )
            INSERT INTO registry_outbox (certificate_id, kind) SELECT id, $3 FROM changed
            """, [.int(id), .text(state.rawValue), .text(action.rawValue), .int(userID), .text(reason)])
    }

    /// The business log of one certificate, oldest first.
    static func events(_ id: Int64, _ tx: some SQLExecutor) throws -> [Certificates_V1_CertificateEvent] {
        try tx.execute("""
            SELECT action, actor_user_id, reason, extract(epoch FROM at)::bigint AS at FROM certificate_events
            WHERE certificate_id = $1 ORDER BY id
            """, [.int(id)]).map { row in
            var event = Certificates_V1_CertificateEvent()
            event.action = try row.decode("action")
            event.actorUserID = try row.decode("actor_user_id")
            event.reason = try row.decode("reason")
            event.atUnix = try row.decode("at")
            return event
        }
    }
}
