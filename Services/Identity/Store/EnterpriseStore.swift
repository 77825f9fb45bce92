import IdentityDomain
import OpenSSLCrypto
import Proto
import Storage

/// SQL for enterprise registrations (ID-10): applications and their images.
enum EnterpriseStore {
    static let applicationColumns = """
        a.id, a.name, a.credit_code, a.credit_code_checksum_valid, a.city_authority_id, a.state,
        coalesce(a.rejection_reason, '') AS rejection_reason, extract(epoch FROM a.created_at)::bigint AS created,
        (SELECT count(*) FROM enterprise_qualification_images q WHERE q.application_id = a.id)::integer AS qualifications
        """

    static func application(_ id: Int64, _ tx: Transaction) throws -> Identity_V1_EnterpriseApplication? {
        try tx.execute("SELECT \(applicationColumns) FROM enterprise_applications a WHERE a.id = $1", [.int(id)])
            .first.map(application)
    }

    static func application(_ row: Row) throws -> Identity_V1_EnterpriseApplication {
        var application = Identity_V1_EnterpriseApplication()
        application.id = try row.decode("id")
        application.name = try row.decode("name")
        application.creditCode = try row.decode("credit_code")
        application.creditCodeFlagged = !(try row.decode("credit_code_checksum_valid", as: Bool.self))
        application.cityAuthorityID = try row.decode("city_authority_id")
        application.state = try row.decode("state")
        application.rejectionReason = try row.decode("rejection_reason")
        application.createdAtUnix = try row.decode("created")
        application.qualificationImageCount = try row.decode("qualifications")
        return application
    }

    /// Stores the qualification pages of a new application, in order.
    static func insertQualifications(_ images: [[UInt8]], applicationID: Int64, _ tx: Transaction) throws {
        for (position, image) in images.enumerated() {
            try tx.execute("""
                INSERT INTO enterprise_qualification_images (application_id, position, image, image_sha256) VALUES ($1, $2, $3, $4)
                """, [.int(applicationID), .int(Int64(position)), .bytes(image), .text(Crypto.sha256Hex(image))])
        }
    }

    /// One qualification page (content and SHA-256), or nil.
    static func qualification(applicationID: Int64, index: Int32, _ tx: Transaction) throws -> (content: [UInt8], sha256: String)? {
        guard let row = try tx.execute("""
            SELECT image, image_sha256 FROM enterprise_qualification_images WHERE application_id = $1 AND position = $2
            """, [.int(applicationID), .int(Int64(index))]).first else { return nil }
        return (try row.bytes("image"), try row.decode("image_sha256"))
    }
}
