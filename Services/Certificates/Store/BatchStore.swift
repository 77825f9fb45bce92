import CertificatesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// CE-3: registration batches, their candidates and their files.
enum BatchStore {
    /// The next 批次代码 of a unit: its code and a 4-digit sequence of its batches.
    static func nextCode(orgID: Int64, orgCode: String, _ tx: Transaction) throws -> String {
        let current: Int = try tx.execute("""
            INSERT INTO batch_sequences (org_id, current) VALUES ($1, 1)
            ON CONFLICT (org_id) DO UPDATE SET current = batch_sequences.current + 1 RETURNING current
            """, [.int(orgID)])[0].decode("current")
        let digits = String(current)
        return orgCode + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    struct New {
        let orgID: Int64
        let orgName: String
        let orgCode: String
        let city: String
        let name: String
        let requestID: String
        let createdBy: Int64
        var returnedFrom: Int64? = nil
        var state: BatchState = .draft
        var comment = ""
    }

    /// A new batch. - Returns: its id, or nil when this request id made one already.
    static func create(_ new: New, _ tx: Transaction) throws -> Int64? {
        let code = try nextCode(orgID: new.orgID, orgCode: new.orgCode, tx)
        return try tx.execute("""
            INSERT INTO batches (org_id, org_name, org_code, city, name, code, request_id, created_by, returned_from, state, review_comment)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id
            """, [.int(new.orgID), .text(new.orgName), .text(new.orgCode), .text(new.city), .text(new.name), .text(code),
                  .text(new.requestID), .int(new.createdBy), new.returnedFrom.map { .int($0) } ?? .null, .text(new.state.rawValue),
                  .text(new.comment)]).first?.decode("id")
    }

    static func byRequest(orgID: Int64, requestID: String, _ db: some SQLExecutor) throws -> Int64? {
        guard !requestID.isEmpty else { return nil }
        return try db.execute("SELECT id FROM batches WHERE org_id = $1 AND request_id = $2", [.int(orgID), .text(requestID)]).first?.decode("id")
    }

    static let columns = """
        b.id, b.name, b.code, b.state, b.stage, b.org_id, b.org_name, b.reviewer_org_id, b.reviewer_name, b.review_comment,
        extract(epoch FROM b.created_at)::bigint AS created, coalesce(extract(epoch FROM b.submitted_at)::bigint, 0) AS submitted,
        coalesce(extract(epoch FROM b.reviewed_at)::bigint, 0) AS reviewed, b.first_number, b.last_number,
        coalesce(b.returned_from, 0) AS returned_from,
        (SELECT count(*) FROM batch_candidates c WHERE c.batch_id = b.id) AS candidates,
        (SELECT count(*) FROM batch_candidates c WHERE c.batch_id = b.id AND c.verdict = 'passed') AS passed,
        (SELECT count(*) FROM batch_candidates c WHERE c.batch_id = b.id AND c.verdict = 'rejected') AS rejected,
        (SELECT count(*) FROM batch_files f WHERE f.batch_id = b.id AND f.kind = 'document') AS documents,
        (SELECT count(*) FROM batch_files f WHERE f.batch_id = b.id AND f.kind = 'image') AS images
        """

    static func batch(_ row: Row) throws -> Certificates_V1_Batch {
        var b = Certificates_V1_Batch()
        b.id = try row.decode("id")
        b.name = try row.decode("name")
        b.code = try row.decode("code")
        b.state = (BatchState(rawValue: try row.decode("state")) ?? .draft).proto
        b.stage = try row.decode("stage")
        b.orgID = try row.decode("org_id")
        b.orgName = try row.decode("org_name")
        b.reviewerOrgID = try row.decode("reviewer_org_id")
        b.reviewerName = try row.decode("reviewer_name")
        b.reviewComment = try row.decode("review_comment")
        b.createdAtUnix = try row.decode("created")
        b.submittedAtUnix = try row.decode("submitted")
        b.reviewedAtUnix = try row.decode("reviewed")
        b.firstNumber = try row.decode("first_number")
        b.lastNumber = try row.decode("last_number")
        b.returnedFromBatchID = try row.decode("returned_from")
        b.candidateCount = try row.decode("candidates")
        b.passedCount = try row.decode("passed")
        b.rejectedCount = try row.decode("rejected")
        b.documentCount = try row.decode("documents")
        b.imageCount = try row.decode("images")
        return b
    }

    static func load(_ id: Int64, forUpdate: Bool = false, _ db: some SQLExecutor) throws -> Certificates_V1_Batch? {
        try db.execute("SELECT \(columns) FROM batches b WHERE b.id = $1\(forUpdate ? " FOR UPDATE OF b" : "")", [.int(id)]).first.map(batch)
    }

    struct Filter {
        var state: BatchState?
        var query = ""
        var awaiting = false
        var reviewedByMe = false
    }

    /// A page of the batches of `scope`'s organisations, newest first; `awaiting`: those waiting at
    /// `callerOrgID`; `reviewedByMe`: those it decided at its stop (the review log says so).
    static func list(_ window: PageWindow, scope: [Int64], callerOrgID: Int64, _ filter: Filter,
                     _ db: some SQLExecutor) throws -> Page<Certificates_V1_Batch> {
        try window.fetch(db, columns: columns, from: """
            FROM batches b WHERE b.org_id = ANY($1::bigint[]) AND ($2 = '' OR b.state = $2)
              AND ($3 = '' OR strpos(b.name, $3) > 0 OR b.code = upper($3))
              AND (NOT $4 OR (b.state = 'reviewing' AND b.reviewer_org_id = $6::bigint))
              AND (NOT $5 OR EXISTS (SELECT 1 FROM approval_events e WHERE e.flow = 'batch' AND e.item_id = b.id
                                     AND e.actor_org_id = $6::bigint AND e.action IN ('approve', 'reject')))
            """, parameters: [.intArray(scope), .text(filter.state?.rawValue ?? ""), .text(filter.query), .bool(filter.awaiting),
                              .bool(filter.reviewedByMe), .int(callerOrgID)],
                         id: "b.id", order: .newestFirst, countLimit: 10_000, batch, itemID: \.id)
    }

    /// The unit's city (4-digit division), for the statistics' tallies.
    static func city(_ id: Int64, _ db: some SQLExecutor) throws -> String {
        try db.execute("SELECT city FROM batches WHERE id = $1", [.int(id)]).first?.decode("city") ?? ""
    }

    static func rename(_ id: Int64, _ name: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE batches SET name = $2 WHERE id = $1", [.int(id), .text(name)])
    }

    static func delete(_ id: Int64, _ tx: Transaction) throws {
        try tx.execute("DELETE FROM batches WHERE id = $1", [.int(id)])
    }

    /// Where the batch stands after a step.
    static func setState(_ id: Int64, _ state: BatchState, stage: String, reviewerOrgID: Int64, reviewerName: String,
                         comment: String? = nil, submitted: Bool = false, reviewed: Bool = false, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE batches SET state = $2, stage = $3, reviewer_org_id = $4, reviewer_name = $5, review_comment = coalesce($6, review_comment),
                submitted_at = CASE WHEN $7 THEN now() ELSE submitted_at END, reviewed_at = CASE WHEN $8 THEN now() ELSE reviewed_at END
            WHERE id = $1
            """, [.int(id), .text(state.rawValue), .text(stage), .int(reviewerOrgID), .text(reviewerName), comment.map { .text($0) } ?? .null,
                  .bool(submitted), .bool(reviewed)])
    }

    static func setNumbers(_ id: Int64, first: String, last: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE batches SET first_number = $2, last_number = $3 WHERE id = $1", [.int(id), .text(first), .text(last)])
    }

    // MARK: Candidates

    /// "ID number/post" of every candidate of the batch (a person holds one certificate per post).
    static func candidateKeys(_ batchID: Int64, except candidateID: Int64 = 0, _ db: some SQLExecutor) throws -> Set<String> {
        Set(try db.execute("SELECT id_number || '/' || post AS k FROM batch_candidates WHERE batch_id = $1 AND id <> $2",
                           [.int(batchID), .int(candidateID)]).map { try $0.decode("k", as: String.self) })
    }

    /// Adds `persons` after the batch's last row, in one statement. - Returns: how many.
    static func insert(_ batchID: Int64, _ persons: [BatchPerson], postNames: [String: String], _ tx: Transaction) throws -> Int {
        try tx.execute("""
            INSERT INTO batch_candidates (batch_id, row, name, id_number, employer, post, post_name, level)
            SELECT $1, coalesce((SELECT max(row) FROM batch_candidates WHERE batch_id = $1), 0) + u.ord, u.name, u.id_number, u.employer,
                u.post, u.post_name, u.level
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
                AS u(name, id_number, employer, post, post_name, level, ord)
            RETURNING id
            """, [.int(batchID), .textArray(persons.map(\.name)), .textArray(persons.map(\.idNumber)), .textArray(persons.map(\.employer)),
                  .textArray(persons.map(\.post)), .textArray(persons.map { postNames[$0.post] ?? $0.post }), .textArray(persons.map(\.level))]).count
    }

    static func updateCandidate(_ batchID: Int64, _ candidateID: Int64, _ person: BatchPerson, postName: String, _ tx: Transaction) throws -> Bool {
        try !tx.execute("""
            UPDATE batch_candidates SET name = $3, id_number = $4, employer = $5, post = $6, post_name = $7, level = $8,
                verdict = 'pending', reason = '' WHERE batch_id = $1 AND id = $2 RETURNING id
            """, [.int(batchID), .int(candidateID), .text(person.name), .text(person.idNumber), .text(person.employer),
                  .text(person.post), .text(postName), .text(person.level)]).isEmpty
    }

    static func deleteCandidate(_ batchID: Int64, _ candidateID: Int64, _ tx: Transaction) throws -> Bool {
        try !tx.execute("DELETE FROM batch_candidates WHERE batch_id = $1 AND id = $2 RETURNING id", [.int(batchID), .int(candidateID)]).isEmpty
    }

    static func candidate(_ row: Row, full: Bool) throws -> Certificates_V1_BatchCandidate {
        var c = Certificates_V1_BatchCandidate()
        c.id = try row.decode("id")
        c.row = try row.decode("row")
        c.name = try row.decode("name")
        let number: String = try row.decode("id_number")
        c.idNumber = full ? number : Masking.idNumber(number)
        c.employer = try row.decode("employer")
        c.post = try row.decode("post")
        c.postName = try row.decode("post_name")
        c.level = try row.decode("level")
        c.verdict = (CandidateVerdict(rawValue: try row.decode("verdict")) ?? .pending).proto
        c.reason = try row.decode("reason")
        c.certificateNumber = try row.decode("number")
        return c
    }

    /// A page of the batch's candidates in their order.
    static func candidates(_ window: PageWindow, batchID: Int64, verdict: CandidateVerdict?, query: String, full: Bool,
                           _ db: some SQLExecutor) throws -> Page<Certificates_V1_BatchCandidate> {
        try window.fetch(db, columns: """
            bc.id, bc.row, bc.name, bc.id_number, bc.employer, bc.post, bc.post_name, bc.level, bc.verdict, bc.reason,
            coalesce((SELECT number FROM certificates c WHERE c.id = bc.certificate_id), '') AS number
            """, from: """
            FROM batch_candidates bc WHERE bc.batch_id = $1 AND ($2 = '' OR bc.verdict = $2)
              AND ($3 = '' OR strpos(bc.name, $3) > 0 OR bc.id_number = upper($3))
            """, parameters: [.int(batchID), .text(verdict?.rawValue ?? ""), .text(query)],
                         id: "bc.id", order: .oldestFirst, { try candidate($0, full: full) }, itemID: \.id)
    }

    /// The verdicts at the current stop, by candidate.
    static func verdicts(_ batchID: Int64, _ db: some SQLExecutor) throws -> [CandidateVerdict] {
        try db.execute("SELECT verdict FROM batch_candidates WHERE batch_id = $1", [.int(batchID)])
            .map { CandidateVerdict(rawValue: try $0.decode("verdict")) ?? .pending }
    }

    /// One candidate's verdict, or (candidateID 0) every pending one passed. - Returns: rows changed.
    static func setVerdict(_ batchID: Int64, candidateID: Int64, _ verdict: CandidateVerdict, reason: String, _ tx: Transaction) throws -> Int {
        try tx.execute("""
            UPDATE batch_candidates SET verdict = $3, reason = $4
            WHERE batch_id = $1 AND (($2::bigint = 0 AND verdict = 'pending') OR id = $2::bigint) RETURNING id
            """, [.int(batchID), .int(candidateID), .text(verdict.rawValue), .text(reason)]).count
    }

    /// The next stop reviews every candidate again; a resubmission starts from nothing.
    static func resetVerdicts(_ batchID: Int64, keepReasons: Bool = false, _ tx: Transaction) throws {
        try tx.execute("UPDATE batch_candidates SET verdict = 'pending'\(keepReasons ? "" : ", reason = ''") WHERE batch_id = $1", [.int(batchID)])
    }

    /// Moves the rejected candidates (with their reasons) into batch `to`. - Returns: how many.
    static func moveRejected(from batchID: Int64, to newBatchID: Int64, _ tx: Transaction) throws -> Int {
        try tx.execute("UPDATE batch_candidates SET batch_id = $2 WHERE batch_id = $1 AND verdict = 'rejected' RETURNING id",
                       [.int(batchID), .int(newBatchID)]).count
    }

    /// The approved batch's persons, in their order, for issuing.
    static func persons(_ batchID: Int64, _ db: some SQLExecutor) throws -> [(id: Int64, person: BatchPerson, postName: String)] {
        try db.execute("""
            SELECT id, row, name, id_number, employer, post, post_name, level FROM batch_candidates WHERE batch_id = $1 ORDER BY row
            """, [.int(batchID)]).map { row in
            (try row.decode("id"), BatchPerson(row: Int(try row.decode("row") as Int64), name: try row.decode("name"),
                                              idNumber: try row.decode("id_number"), employer: try row.decode("employer"),
                                              post: try row.decode("post"), level: try row.decode("level")), try row.decode("post_name"))
        }
    }

    /// Links each candidate to its certificate.
    static func linkCertificates(_ batchID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE batch_candidates bc SET certificate_id = c.id FROM certificates c
            WHERE bc.batch_id = $1 AND c.batch_id = $1 AND c.id_number = bc.id_number AND c.post = bc.post
            """, [.int(batchID)])
    }

    // MARK: Files

    static func insertFile(_ batchID: Int64, kind: String, name: String, type: FileType, digest: String, content: [UInt8], by userID: Int64,
                           _ tx: Transaction) throws -> Certificates_V1_BatchFileInfo {
        let id: Int64 = try tx.execute("""
            INSERT INTO batch_files (batch_id, kind, file_name, content_type, size, sha256, content, uploaded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """, [.int(batchID), .text(kind), .text(name), .text(type.contentType), .int(Int64(content.count)), .text(digest),
                  .bytes(content), .int(userID)])[0].decode("id")
        var info = Certificates_V1_BatchFileInfo()
        info.id = id
        info.kind = kind
        info.fileName = name
        info.contentType = type.contentType
        info.size = UInt32(content.count)
        return info
    }

    static func files(_ batchID: Int64, _ db: some SQLExecutor) throws -> [Certificates_V1_BatchFileInfo] {
        try db.execute("SELECT id, kind, file_name, content_type, size FROM batch_files WHERE batch_id = $1 ORDER BY id", [.int(batchID)]).map { row in
            var info = Certificates_V1_BatchFileInfo()
            info.id = try row.decode("id")
            info.kind = try row.decode("kind")
            info.fileName = try row.decode("file_name")
            info.contentType = try row.decode("content_type")
            info.size = try row.decode("size")
            return info
        }
    }

    static func file(_ batchID: Int64, _ fileID: Int64, _ db: some SQLExecutor) throws -> (name: String, contentType: String, content: [UInt8])? {
        try db.execute("SELECT file_name, content_type, content FROM batch_files WHERE batch_id = $1 AND id = $2", [.int(batchID), .int(fileID)])
            .first.map { (try $0.decode("file_name"), try $0.decode("content_type"), try $0.bytes("content")) }
    }

    static func deleteFile(_ batchID: Int64, _ fileID: Int64, _ tx: Transaction) throws -> Bool {
        try !tx.execute("DELETE FROM batch_files WHERE batch_id = $1 AND id = $2 RETURNING id", [.int(batchID), .int(fileID)]).isEmpty
    }
}
