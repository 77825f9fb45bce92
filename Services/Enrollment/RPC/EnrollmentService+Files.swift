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
    /// EN-3, EN-6: a student uploads a scan or photo, checked by its first bytes against its
    /// purpose and the province's size limits, at most `uploadsPerDay` in 24 hours.
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
            // Counted under a lock on the student's uploads, so two at once cannot both take the last place.
            try FileStore.lockUploads(of: caller.userID, tx)
            guard try FileStore.recentUploadCount(of: caller.userID, tx) < perDay else {
                throw EnrollmentError.uploadsExhausted(perDay: perDay)
            }
            let info = try FileStore.insert(owner: caller.userID, purpose: purpose, type: type, digest: digest, content: content, tx)
            try Self.log("file.upload", "file", info.id, by: caller, context, tx)
            return info
        }
    }

    /// A file with its content, for its owner or an organisation user (reviewing or approving)
    /// whose scope holds an enrollment of the owner using it; anyone else is told it does not exist.
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
            guard let file = try FileStore.load(request.fileID, ownerUserID: caller.orgID == nil ? caller.userID : 0,
                                                orgs: scope, tx) else {
                throw EnrollmentError.notFound("文件")
            }
            return file
        }
    }

    /// Checks that `fileID` is the student's own upload of `purpose`.
    /// - Throws: `fileMissing(field)` otherwise.
    static func requireOwnFile(_ fileID: Int64, _ purpose: UploadPurpose, owner: Int64, field: String, _ tx: Transaction) throws {
        guard fileID > 0, try FileStore.isOwnUpload(fileID, purpose, owner: owner, tx) else {
            throw EnrollmentError.fileMissing(field)
        }
    }
}
