import CommonRules
import EnrollmentDomain
import Proto
import Storage

/// SQL and row mapping for uploads (EN-3, EN-6): `files`, each with its owner, kind, detected
/// type and SHA-256, the content as bytea.
enum FileStore {
    static let columns = "id, kind, content_type, size, sha256, extract(epoch FROM created_at)::bigint AS created_unix"

    /// A file's description, without its content.
    static func info(_ row: Row) throws -> Enrollment_V1_UploadInfo {
        var info = Enrollment_V1_UploadInfo()
        info.id = try row.decode("id")
        info.kind = UploadPurpose(rawValue: try row.decode("kind"))?.proto ?? .unspecified
        info.contentType = try row.decode("content_type")
        info.size = try row.decode("size")
        info.sha256 = try row.decode("sha256")
        info.uploadedAtUnix = try row.decode("created_unix")
        return info
    }

    /// EN-3: waits for and holds, until `tx` ends, the lock on `owner`'s uploads (advisory key
    /// space 2 = "uploads of a student"), so two uploads at once cannot both take the last place.
    static func lockUploads(of owner: Int64, _ tx: Transaction) throws {
        try tx.execute("SELECT pg_advisory_xact_lock(2, ($1 % 2147483647)::int)", [.int(owner)])
    }

    /// EN-3: how many files `owner` uploaded in the last 24 hours (by the database's clock).
    static func recentUploadCount(of owner: Int64, _ tx: Transaction) throws -> Int {
        try tx.execute("""
            SELECT count(*) AS n FROM files WHERE owner_user_id = $1 AND created_at > now() - interval '1 day'
            """, [.int(owner)]).first?.decode("n") ?? 0
    }

    /// EN-3, EN-6: stores `content`, uploaded by `owner` for `purpose`, of detected `type`, with
    /// its SHA-256 (hex) `digest`.
    /// - Returns: the new file's description.
    static func insert(owner: Int64, purpose: UploadPurpose, type: FileType, digest: String, content: [UInt8],
                       _ tx: Transaction) throws -> Enrollment_V1_UploadInfo {
        let rows = try tx.execute("""
            INSERT INTO files (owner_user_id, kind, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING \(columns)
            """, [.int(owner), .text(purpose.rawValue), .text(type.contentType), .int(Int64(content.count)),
                  .text(digest), .bytes(content)])
        return try info(rows[0])
    }

    /// File `id` with its content when the reader may see it: its owner (`ownerUserID`, 0 for an
    /// organisation user), or one of `orgs` holding an enrollment of the owner that uses the file
    /// or whose student has it as their photo.
    static func load(_ id: Int64, ownerUserID: Int64, orgs: [Int64], _ tx: Transaction) throws -> Enrollment_V1_FileContent? {
        guard let row = try tx.execute("""
            SELECT \(columns), f.content FROM files f
            WHERE f.id = $1 AND (f.owner_user_id = $2 OR EXISTS (
                SELECT 1 FROM enrollments e WHERE e.org_id = ANY($3::bigint[]) AND e.student_user_id = f.owner_user_id
                  AND (f.id IN (e.id_front_file_id, e.id_back_file_id, e.education_file_id)
                       OR f.id = (SELECT photo_file_id FROM profiles WHERE user_id = f.owner_user_id))))
            """, [.int(id), .int(ownerUserID), .intArray(orgs)]).first else { return nil }
        var file = Enrollment_V1_FileContent()
        file.info = try info(row)
        file.content = try row.bytes("content")
        return file
    }

    /// Whether file `id` is `owner`'s upload of `purpose`.
    static func isOwnUpload(_ id: Int64, _ purpose: UploadPurpose, owner: Int64, _ tx: Transaction) throws -> Bool {
        try !tx.execute("SELECT 1 FROM files WHERE id = $1 AND owner_user_id = $2 AND kind = $3",
                        [.int(id), .int(owner), .text(purpose.rawValue)]).isEmpty
    }
}

extension UploadPurpose {
    init?(_ kind: Enrollment_V1_FileKind) {
        switch kind {
        case .idFront: self = .idFront
        case .idBack: self = .idBack
        case .education: self = .education
        case .photo: self = .photo
        default: return nil
        }
    }

    var proto: Enrollment_V1_FileKind {
        switch self {
        case .idFront: .idFront
        case .idBack: .idBack
        case .education: .education
        case .photo: .photo
        }
    }
}
