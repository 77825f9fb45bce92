import CertificatesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// CE-5, B-7: certificate business, its evidence images and a rename's certificates.
enum BusinessStore {
    // MARK: Evidence files

    /// Stores an evidence image uploaded by `userID` of `orgID`. - Returns: its description.
    static func insertFile(orgID: Int64, userID: Int64, type: FileType, fileName: String, digest: String, content: [UInt8],
                           _ tx: some SQLExecutor) throws -> Certificates_V1_BusinessFileInfo {
        let id: Int64 = try tx.execute("""
            INSERT INTO business_files (org_id, uploaded_by, content_type, file_name, size, sha256, content)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, [.int(orgID), .int(userID), .text(type.contentType), .text(fileName), .int(Int64(content.count)),
                  .text(digest), .bytes(content)])[0].decode("id")
        var info = Certificates_V1_BusinessFileInfo()
        info.id = id
        info.contentType = type.contentType
        info.size = UInt32(content.count)
        info.sha256 = digest
        return info
    }

    /// A file's owner, business and content.
    static func file(_ id: Int64, _ db: some SQLExecutor) throws -> (orgID: Int64, businessID: Int64?, contentType: String, content: [UInt8])? {
        try db.execute("SELECT org_id, business_id, content_type, content FROM business_files WHERE id = $1", [.int(id)]).first.map {
            (try $0.decode("org_id"), try $0.decodeIfPresent("business_id"), try $0.decode("content_type"), try $0.bytes("content"))
        }
    }

    /// Gives `fileIDs` to `businessID`: only files of `orgID` that no business has taken.
    /// - Returns: how many it took (fewer than asked: some were not the organisation's or taken).
    static func takeFiles(_ fileIDs: [Int64], orgID: Int64, businessID: Int64, _ tx: Transaction) throws -> Int {
        try tx.execute("""
            UPDATE business_files SET business_id = $3 WHERE id = ANY($1::bigint[]) AND org_id = $2 AND business_id IS NULL
            RETURNING id
            """, [.intArray(fileIDs), .int(orgID), .int(businessID)]).count
    }

    // MARK: Businesses

    /// What an application writes.
    struct Application {
        let kind: BusinessKind
        let certificateID: Int64?
        let orgID: Int64
        let orgName: String
        let old: HolderFields
        let change: ChangeRequest
        let reason: String
        let evidence: [Int64]
        let reviewerOrgID: Int64
        let reviewerName: String
        let requestID: String
        let appliedBy: Int64
        let affected: Int
    }

    /// A new pending business. - Returns: its id, or nil when the certificate already has one
    /// pending (or the institution a rename of the same employer).
    static func insert(_ a: Application, _ tx: Transaction) throws -> Int64? {
        try tx.execute("""
            INSERT INTO businesses (kind, certificate_id, org_id, org_name, old_name, old_id_number, old_employer, new_name,
                new_id_number, new_employer, reason, evidence, reviewer_org_id, reviewer_name, request_id, applied_by, affected)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::bigint[], $13, $14, $15, $16, $17)
            ON CONFLICT DO NOTHING RETURNING id
            """, [.text(a.kind.rawValue), a.certificateID.map { .int($0) } ?? .null, .int(a.orgID), .text(a.orgName),
                  .text(a.old.name), .text(a.old.idNumber), .text(a.old.employer), .text(a.change.name), .text(a.change.idNumber),
                  .text(a.change.employer), .text(a.reason), .intArray(a.evidence), .int(a.reviewerOrgID), .text(a.reviewerName),
                  .text(a.requestID), .int(a.appliedBy), .int(Int64(a.affected))]).first?.decode("id")
    }

    /// The business an earlier try with this request id made.
    static func byRequest(orgID: Int64, requestID: String, _ db: some SQLExecutor) throws -> Int64? {
        guard !requestID.isEmpty else { return nil }
        return try db.execute("SELECT id FROM businesses WHERE org_id = $1 AND request_id = $2", [.int(orgID), .text(requestID)])
            .first?.decode("id")
    }

    static let columns = """
        b.id, b.kind, b.state, coalesce(b.certificate_id, 0) AS certificate_id, coalesce(c.number, '') AS number,
        coalesce(c.holder_name, '') AS holder_name, coalesce(c.id_number, '') AS id_number, coalesce(c.employer, '') AS employer,
        coalesce(c.post_name, '') AS post_name, b.org_id, b.org_name, b.old_name, b.new_name, b.old_id_number, b.new_id_number,
        b.old_employer, b.new_employer, b.reason, array_to_string(b.evidence, ',') AS evidence, b.review_comment,
        extract(epoch FROM b.applied_at)::bigint AS applied, coalesce(extract(epoch FROM b.reviewed_at)::bigint, 0) AS reviewed,
        b.reviewer_org_id, b.reviewer_name, coalesce(n.number, '') AS new_number, coalesce(b.new_certificate_id, 0) AS new_certificate_id,
        b.affected, b.done, b.finished_at IS NOT NULL AS finished
        """
    static let joins = """
        FROM businesses b LEFT JOIN certificates c ON c.id = b.certificate_id LEFT JOIN certificates n ON n.id = b.new_certificate_id
        """

    /// A row as the API's business; ID numbers masked unless `full`.
    static func business(_ row: Row, full: Bool) throws -> Certificates_V1_Business {
        var b = Certificates_V1_Business()
        b.id = try row.decode("id")
        let kind = BusinessKind(rawValue: try row.decode("kind")) ?? .change
        b.kind = kind.proto
        b.state = (BusinessState(rawValue: try row.decode("state")) ?? .pending).proto
        b.certificateID = try row.decode("certificate_id")
        b.certificateNumber = try row.decode("number")
        b.holderName = try row.decode("holder_name")
        b.idNumber = Masking.idNumber(try row.decode("id_number"))
        b.employer = try row.decode("employer")
        b.postName = try row.decode("post_name")
        b.orgID = try row.decode("org_id")
        b.orgName = try row.decode("org_name")
        b.oldName = try row.decode("old_name")
        b.newName = try row.decode("new_name")
        b.oldIDNumber = Masking.idNumber(try row.decode("old_id_number"))
        let newID: String = try row.decode("new_id_number")
        b.newIDNumber = full || newID.isEmpty ? newID : Masking.idNumber(newID)
        b.oldEmployer = try row.decode("old_employer")
        b.newEmployer = try row.decode("new_employer")
        b.reason = try row.decode("reason")
        b.evidenceFileIds = (try row.decode("evidence", as: String.self)).split(separator: ",").compactMap { Int64($0) }
        b.reviewComment = try row.decode("review_comment")
        b.appliedAtUnix = try row.decode("applied")
        b.reviewedAtUnix = try row.decode("reviewed")
        b.reviewerOrgID = try row.decode("reviewer_org_id")
        b.reviewerName = try row.decode("reviewer_name")
        b.newNumber = try row.decode("new_number")
        b.newCertificateID = try row.decode("new_certificate_id")
        b.affected = try row.decode("affected")
        b.done = try row.decode("done")
        b.finished = try row.decode("finished")
        return b
    }

    /// One business; `forUpdate` locks its row.
    static func load(_ id: Int64, forUpdate: Bool = false, _ db: some SQLExecutor) throws -> Certificates_V1_Business? {
        try db.execute("SELECT \(columns) \(joins) WHERE b.id = $1\(forUpdate ? " FOR UPDATE OF b" : "")", [.int(id)])
            .first.map { try business($0, full: true) }
    }

    /// The list's filters.
    struct Filter {
        var kind: BusinessKind?
        var state: BusinessState?
        var query = ""
        var awaiting = false
        var own = false
    }

    /// A page of the business applied for by `scope`'s organisations, newest first; `awaiting`
    /// keeps those waiting at `callerOrgID`, `own` those it applied for.
    static func list(_ window: PageWindow, scope: [Int64], callerOrgID: Int64, _ filter: Filter,
                     _ db: some SQLExecutor) throws -> Page<Certificates_V1_Business> {
        try window.fetch(db, columns: columns, from: """
            \(joins) WHERE b.org_id = ANY($1::bigint[])
              AND ($2 = '' OR b.kind = $2) AND ($3 = '' OR b.state = $3)
              AND ($4 = '' OR c.number = upper($4) OR strpos(c.holder_name, $4) > 0 OR strpos(b.old_employer, $4) > 0
                   OR strpos(b.new_employer, $4) > 0 OR strpos(b.org_name, $4) > 0)
              AND (NOT $5 OR (b.state = 'pending' AND b.reviewer_org_id = $7::bigint))
              AND (NOT $6 OR b.org_id = $7::bigint)
            """, parameters: [.intArray(scope), .text(filter.kind?.rawValue ?? ""), .text(filter.state?.rawValue ?? ""),
                              .text(filter.query), .bool(filter.awaiting), .bool(filter.own), .int(callerOrgID)],
                         id: "b.id", order: .newestFirst, countLimit: 10_000,
                         { try business($0, full: false) }, itemID: \.id)
    }

    /// Employer changes of a certificate applied for in `year` (Asia/Shanghai) and not rejected.
    static func employerChanges(certificateID: Int64, year: Int, _ db: some SQLExecutor) throws -> Int {
        try db.execute("""
            SELECT count(*) AS n FROM businesses WHERE certificate_id = $1 AND kind = 'change' AND new_employer <> ''
              AND state <> 'rejected' AND extract(year FROM applied_at AT TIME ZONE 'Asia/Shanghai') = $2
            """, [.int(certificateID), .int(Int64(year))]).first?.decode("n") ?? 0
    }

    /// Records the decision on a pending business.
    static func decide(_ id: Int64, _ state: BusinessState, comment: String, by userID: Int64, newCertificateID: Int64? = nil,
                       affected: Int? = nil, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE businesses SET state = $2, review_comment = $3, reviewed_by = $4, reviewed_at = now(),
                new_certificate_id = coalesce($5, new_certificate_id), affected = coalesce($6, affected)
            WHERE id = $1
            """, [.int(id), .text(state.rawValue), .text(comment), .int(userID), newCertificateID.map { .int($0) } ?? .null,
                  affected.map { .int(Int64($0)) } ?? .null])
    }

    /// Counts per kind and state of the business applied for by `scope`, and those waiting at `callerOrgID`.
    static func overview(scope: [Int64], callerOrgID: Int64, _ db: some SQLExecutor) throws -> [Certificates_V1_BusinessKindCount] {
        let rows = try db.execute("""
            SELECT kind, count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'approved') AS approved,
                   count(*) FILTER (WHERE state = 'rejected') AS rejected,
                   count(*) FILTER (WHERE state = 'pending' AND reviewer_org_id = $2) AS mine
            FROM businesses WHERE org_id = ANY($1::bigint[]) GROUP BY kind
            """, [.intArray(scope), .int(callerOrgID)])
        var byKind: [BusinessKind: Certificates_V1_BusinessKindCount] = [:]
        for row in rows {
            guard let kind = BusinessKind(rawValue: try row.decode("kind")) else { continue }
            var count = Certificates_V1_BusinessKindCount()
            count.kind = kind.proto
            count.pending = try row.decode("pending")
            count.approved = try row.decode("approved")
            count.rejected = try row.decode("rejected")
            count.awaitingMyReview = try row.decode("mine")
            byKind[kind] = count
        }
        return BusinessKind.allCases.map { kind in
            byKind[kind] ?? { var count = Certificates_V1_BusinessKindCount(); count.kind = kind.proto; return count }()
        }
    }

    // MARK: B-7 renames

    /// The valid certificates of `scope`'s institutions naming `employer`.
    static let renamed = "FROM certificates c WHERE c.employer = $1 AND c.state = 'valid' AND c.org_id = ANY($2::bigint[])"

    /// A page of the certificates a rename of `employer` in `scope` changes, oldest first.
    static func renamePreview(_ window: PageWindow, employer: String, scope: [Int64], today: CivilDate,
                              _ db: some SQLExecutor) throws -> Page<Certificates_V1_Certificate> {
        try window.fetch(db, columns: CertificateStore.columns, from: renamed, parameters: [.text(employer), .intArray(scope)],
                         id: "c.id", order: .oldestFirst, { try CertificateStore.certificate($0, fullIDNumber: false, today: today) },
                         itemID: \.id)
    }

    /// How many certificates a rename of `employer` in `scope` changes.
    static func renameCount(employer: String, scope: [Int64], _ db: some SQLExecutor) throws -> Int {
        try db.execute("SELECT count(*) AS n \(renamed)", [.text(employer), .intArray(scope)]).first?.decode("n") ?? 0
    }

    /// Fixes an approved rename's certificates. - Returns: how many.
    static func fixRenameItems(_ businessID: Int64, employer: String, scope: [Int64], _ tx: Transaction) throws -> Int {
        try tx.execute("INSERT INTO rename_items (business_id, certificate_id) SELECT $3, c.id \(renamed) RETURNING certificate_id",
                       [.text(employer), .intArray(scope), .int(businessID)]).count
    }

    /// An approved rename with certificates still to change, locked for this transaction (another
    /// instance's job takes another one, or waits for the next round).
    static func claimRunningRename(_ tx: Transaction) throws -> (id: Int64, oldEmployer: String, newEmployer: String, by: Int64)? {
        try tx.execute("""
            SELECT id, old_employer, new_employer, coalesce(reviewed_by, 0) AS reviewed_by FROM businesses
            WHERE kind = 'rename' AND state = 'approved' AND finished_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, []).first.map { (try $0.decode("id"), try $0.decode("old_employer"), try $0.decode("new_employer"), try $0.decode("reviewed_by")) }
    }

    /// Changes up to `limit` of a rename's waiting certificates (those still naming the old
    /// employer), each with its event and outbox row, and counts them done; marks the rename
    /// finished when none wait. - Returns: how many were done in this chunk.
    static func renameChunk(_ businessID: Int64, oldEmployer: String, newEmployer: String, by userID: Int64, limit: Int,
                            _ tx: Transaction) throws -> Int {
        let done: Int = try tx.execute("""
            WITH chunk AS (
                SELECT certificate_id FROM rename_items WHERE business_id = $1 AND NOT done ORDER BY certificate_id LIMIT $5
            ), marked AS (
                UPDATE rename_items r SET done = true FROM chunk WHERE r.business_id = $1 AND r.certificate_id = chunk.certificate_id
                RETURNING r.certificate_id
            ), changed AS (
                UPDATE certificates c SET employer = $3, push_state = 'pending', push_error = ''
                FROM marked WHERE c.id = marked.certificate_id AND c.employer = $2 AND c.state = 'valid' RETURNING c.id
            ), events AS (
                INSERT INTO certificate_events (certificate_id, action, actor_user_id, reason)
                SELECT id, 'rename', $4, $2 || ' → ' || $3 FROM changed
            ), outbox AS (
                INSERT INTO registry_outbox (certificate_id, kind) SELECT id, 'change' FROM changed
            )
            SELECT count(*) AS n FROM marked
            """, [.int(businessID), .text(oldEmployer), .text(newEmployer), .int(userID), .int(Int64(limit))])
            .first?.decode("n") ?? 0
        try tx.execute("""
            UPDATE businesses SET done = done + $2,
                finished_at = CASE WHEN EXISTS (SELECT 1 FROM rename_items WHERE business_id = $1 AND NOT done) THEN NULL ELSE now() END
            WHERE id = $1
            """, [.int(businessID), .int(Int64(done))])
        return done
    }
}
