import CommonRules
import EnrollmentDomain
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// EN-3 and EN-6: the scans and photos students upload, checked by their first bytes, stored in
/// this schema with their SHA-256, and served back only to the student and to the institutions
/// (and authorities above them) the student enrolled with.
extension EnrollmentService {
    public func upload(_ request: Enrollment_V1_UploadRequest, context: CallContext) async throws -> Enrollment_V1_UploadInfo {
        let caller = try Self.student(context)
        guard let purpose = UploadPurpose(request.kind) else { throw EnrollmentError.fileKindRequired }
        let settings = try await settings(context)
        let content = request.content
        let type: FileType
        do {
            type = try purpose.check(content) { $0 == .pdf ? settings.documentMaximumBytes : settings.imageMaximumBytes }
        } catch { throw EnrollmentError.upload(error) }
        let digest = Crypto.sha256Hex(content)
        let perDay = settings.uploadsPerDay
        return try await transaction(context) { tx in
            // A student's uploads are counted under a lock on their id (advisory key space 2 =
            // "uploads of a student"), so two at once cannot both take the last place.
            try tx.execute("SELECT pg_advisory_xact_lock(2, ($1 % 2147483647)::int)", [.int(caller.userID)])
            let recent: Int = try tx.execute("""
                SELECT count(*) AS n FROM files WHERE owner_user_id = $1 AND created_at > now() - interval '1 day'
                """, [.int(caller.userID)]).first?.decode("n") ?? 0
            guard recent < perDay else { throw EnrollmentError.uploadsExhausted(perDay: perDay) }
            let row = try tx.execute("""
                INSERT INTO files (owner_user_id, kind, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING \(Self.fileColumns)
                """, [.int(caller.userID), .text(purpose.rawValue), .text(type.contentType), .int(Int64(content.count)),
                      .text(digest), .bytes(content)])
            let info = try Self.fileInfo(row[0])
            try Self.log("file.upload", "file", info.id, by: caller, context, tx)
            return info
        }
    }

    public func getFile(_ request: Enrollment_V1_FileRequest, context: CallContext) async throws -> Enrollment_V1_FileContent {
        let caller = try context.requireCaller()
        let scope: [Int64] = try await caller.orgID.asyncMap { orgID in
            guard [Permission.enrollmentReview, Permission.enrollmentPlanApprove].contains(where: caller.permissions.contains) else {
                throw EnrollmentError.notFound("文件")
            }
            return try await self.scope(orgID, context)
        } ?? []
        return try await transaction(context) { tx in
            // The owner, or an organisation in scope holding an enrollment that uses the file or
            // whose student has it as their photo.
            guard let row = try tx.execute("""
                SELECT \(Self.fileColumns), f.content FROM files f
                WHERE f.id = $1 AND (f.owner_user_id = $2 OR EXISTS (
                    SELECT 1 FROM enrollments e WHERE e.org_id = ANY($3::bigint[]) AND e.student_user_id = f.owner_user_id
                      AND (f.id IN (e.id_front_file_id, e.id_back_file_id, e.education_file_id)
                           OR f.id = (SELECT photo_file_id FROM profiles WHERE user_id = f.owner_user_id))))
                """, [.int(request.fileID), .int(caller.orgID == nil ? caller.userID : 0), .intArray(scope)]).first else {
                throw EnrollmentError.notFound("文件")
            }
            var file = Enrollment_V1_FileContent()
            file.info = try Self.fileInfo(row)
            file.content = try row.bytes("content")
            return file
        }
    }

    static let fileColumns = "id, kind, content_type, size, sha256, extract(epoch FROM created_at)::bigint AS created_unix"

    static func fileInfo(_ row: Row) throws -> Enrollment_V1_UploadInfo {
        var info = Enrollment_V1_UploadInfo()
        info.id = try row.decode("id")
        info.kind = UploadPurpose(rawValue: try row.decode("kind"))?.proto ?? .unspecified
        info.contentType = try row.decode("content_type")
        info.size = try row.decode("size")
        info.sha256 = try row.decode("sha256")
        info.uploadedAtUnix = try row.decode("created_unix")
        return info
    }

    /// Checks that `fileID` is the student's own upload of `purpose`.
    /// - Throws: `fileMissing(field)` otherwise.
    static func requireOwnFile(_ fileID: Int64, _ purpose: UploadPurpose, owner: Int64, field: String, _ tx: Transaction) throws {
        guard fileID > 0, try !tx.execute("SELECT 1 FROM files WHERE id = $1 AND owner_user_id = $2 AND kind = $3",
                                          [.int(fileID), .int(owner), .text(purpose.rawValue)]).isEmpty else {
            throw EnrollmentError.fileMissing(field)
        }
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
