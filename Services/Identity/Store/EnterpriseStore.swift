import IdentityDomain
import OpenSSLCrypto
import Proto
import ServiceHost
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

    /// A new application to city authority `cityAuthorityID` with its licence image; returns its id.
    /// - Throws: `StorageError` with a unique violation when the credit code is registered or under review.
    static func insertApplication(name: String, creditCode: CreditCode, cityAuthorityID: Int64, licence: [UInt8],
                                  _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            INSERT INTO enterprise_applications
                (name, credit_code, credit_code_checksum_valid, city_authority_id, licence_image, licence_image_sha256)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """, [.text(name), .text(creditCode.value), .bool(creditCode.checksumValid), .int(cityAuthorityID),
                  .bytes(licence), .text(Crypto.sha256Hex(licence))]).first?.decode("id") ?? 0
    }

    /// The licence image of an application (content and SHA-256), or nil.
    static func licence(applicationID: Int64, _ tx: Transaction) throws -> (content: [UInt8], sha256: String)? {
        guard let row = try tx.execute("SELECT licence_image, licence_image_sha256 FROM enterprise_applications WHERE id = $1",
                                       [.int(applicationID)]).first else { return nil }
        return (try row.bytes("licence_image"), try row.decode("licence_image_sha256"))
    }

    /// Marks an application approved by `reviewerID`, with the enterprise organisation it created.
    static func markApproved(_ id: Int64, orgID: Int64, reviewerID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE enterprise_applications SET state = 'approved', org_id = $2, reviewed_at = now(), reviewed_by = $3
            WHERE id = $1
            """, [.int(id), .int(orgID), .int(reviewerID)])
    }

    /// Marks an application rejected by `reviewerID`, with the reason.
    static func markRejected(_ id: Int64, reason: String, reviewerID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE enterprise_applications SET state = 'rejected', rejection_reason = $2, reviewed_at = now(), reviewed_by = $3
            WHERE id = $1
            """, [.int(id), .text(reason), .int(reviewerID)])
    }

    /// One page of the applications to authorities in `root`'s subtree, in one state (stored
    /// name; empty: any).
    static func applications(underAuthority root: Int64, state: String, window: PageWindow,
                             _ tx: Transaction) throws -> Page<Identity_V1_EnterpriseApplication> {
        try window.fetch(tx, columns: applicationColumns, from: """
            FROM enterprise_applications a WHERE a.city_authority_id IN \(OrganisationStore.subtree(root: "$1"))
              AND ($2 = '' OR a.state = $2)
            """, parameters: [.int(root), .text(state)], id: "a.id", application) { $0.id }
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
