import IdentityDomain
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// ID-10: enterprises register with their unified social credit code and licence; the city
/// authority reviews. Approval creates the enterprise's organisation under that authority.
extension IdentityService {
    /// Largest licence image accepted.
    static let maximumImageBytes = 2 * 1024 * 1024

    /// ID-10: anyone may register an enterprise (no session needed). A credit code failing the
    /// GB 32100 check is accepted but flagged for manual review. Idempotent by `request_id`.
    public func registerEnterprise(_ request: Identity_V1_RegisterEnterpriseRequest, context: CallContext) async throws -> Identity_V1_EnterpriseApplication {
        let caller = try? context.requireCaller()
        let name = request.name.trimmingSpaces
        guard (2...100).contains(name.count) else { throw RPCError.invalidArgument("企业名称应为2至100个字符", field: "name") }
        let code: CreditCode
        do { code = try CreditCode(request.creditCode.trimmingSpaces) } catch { throw IdentityError.creditCode(error) }
        guard request.licenceImage.count <= Self.maximumImageBytes, ImageKind(magic: request.licenceImage) != nil else {
            throw IdentityError.imageInvalid
        }
        guard request.commitmentAccepted else { throw IdentityError.commitmentRequired }
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("enterprise.register", key: request.requestID, in: tx),
               let application = try Self.application(earlier, tx) { return application }
            guard try tx.execute("SELECT kind FROM organisations WHERE id = $1", [.int(request.cityAuthorityID)])
                .first?["kind"] == OrgKind.cityAuthority.rawValue else { throw IdentityError.notFound("主管部门") }
            let id: Int64
            do {
                id = try tx.execute("""
                    INSERT INTO enterprise_applications
                        (name, credit_code, credit_code_checksum_valid, city_authority_id, licence_image, licence_image_sha256)
                    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
                    """, [.text(name), .text(code.value), .bool(code.checksumValid), .int(request.cityAuthorityID),
                          .bytes(request.licenceImage), .text(Crypto.sha256Hex(request.licenceImage))]).first?.decode("id") ?? 0
            } catch let error as StorageError where error.isUniqueViolation {
                throw IdentityError.creditCodeTaken
            }
            try Self.log("enterprise.register", "enterprise_application", id, by: caller, key: request.requestID, context, tx)
            return try Self.application(id, tx)!
        }
    }

    /// ID-10: the licence image, for the authority that reviews the application (or one above it).
    public func getEnterpriseLicence(_ request: Identity_V1_EnterpriseApplicationRequest, context: CallContext) async throws -> Identity_V1_LicenceImage {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        return try await transaction(context) { tx in
            guard let application = try Self.application(request.applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx),
                  let row = try tx.execute("SELECT licence_image, licence_image_sha256 FROM enterprise_applications WHERE id = $1",
                                           [.int(application.id)]).first else {
                throw IdentityError.notFound("企业申请")
            }
            var image = Identity_V1_LicenceImage()
            image.content = try row.bytes("licence_image")
            image.contentType = ImageKind(magic: image.content) == .png ? "image/png" : "image/jpeg"
            image.sha256 = try row.decode("licence_image_sha256")
            return image
        }
    }

    /// ID-10: the city authority (or the province above it) approves or rejects (with a reason).
    public func reviewEnterprise(_ request: Identity_V1_ReviewEnterpriseRequest, context: CallContext) async throws -> Identity_V1_EnterpriseApplication {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        let reason = request.reason.trimmingSpaces
        if !request.approve, reason.isEmpty { throw IdentityError.reasonRequired }
        return try await transaction(context) { tx in
            guard let application = try Self.application(request.applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx) else {
                throw IdentityError.notFound("企业申请")
            }
            guard application.state == "submitted" else { throw IdentityError.alreadyReviewed }
            if request.approve {
                guard let city = try OrganisationStore.load(application.cityAuthorityID, tx) else { throw IdentityError.notFound("主管部门") }
                let orgID = try OrganisationStore.insert(parent: city.id, kind: .enterprise, name: application.name,
                                                         code: application.creditCode, division: city.divisionCode,
                                                         postScope: [], tx)
                try tx.execute("""
                    UPDATE enterprise_applications SET state = 'approved', org_id = $2, reviewed_at = now(), reviewed_by = $3
                    WHERE id = $1
                    """, [.int(application.id), .int(orgID), .int(caller.userID)])
                try Self.log("organisation.create", "organisation", orgID, by: caller, context, tx)
            } else {
                try tx.execute("""
                    UPDATE enterprise_applications SET state = 'rejected', rejection_reason = $2, reviewed_at = now(), reviewed_by = $3
                    WHERE id = $1
                    """, [.int(application.id), .text(reason), .int(caller.userID)])
            }
            try Self.log(request.approve ? "enterprise.approve" : "enterprise.reject", "enterprise_application",
                         application.id, by: caller, context, tx)
            return try Self.application(application.id, tx)!
        }
    }

    /// ID-10: applications to authorities in the caller's subtree, by state, paged.
    public func listEnterpriseApplications(_ request: Identity_V1_ListEnterpriseApplicationsRequest, context: CallContext) async throws -> Identity_V1_ListEnterpriseApplicationsResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        guard let root = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
        let window = try Self.window(request.page)
        let state = request.state.trimmingSpaces
        guard ["", "submitted", "approved", "rejected"].contains(state) else {
            throw RPCError.invalidArgument("状态应为 submitted、approved 或 rejected", field: "state")
        }
        return try await transaction(context) { tx in
            let page = try window.fetch(tx, columns: Self.applicationColumns, from: """
                FROM enterprise_applications a WHERE a.city_authority_id IN \(OrganisationStore.subtree(root: "$1"))
                  AND ($2 = '' OR a.state = $2)
                """, parameters: [.int(root), .text(state)], id: "a.id", Self.application) { $0.id }
            var response = Identity_V1_ListEnterpriseApplicationsResponse()
            response.applications = page.items
            response.page = Self.pageInfo(page)
            return response
        }
    }

    static let applicationColumns = """
        a.id, a.name, a.credit_code, a.credit_code_checksum_valid, a.city_authority_id, a.state,
        coalesce(a.rejection_reason, '') AS rejection_reason, extract(epoch FROM a.created_at)::bigint AS created
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
        return application
    }
}
