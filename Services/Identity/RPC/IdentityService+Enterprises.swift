import CommonRules
import IdentityDomain
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// ID-10: enterprises register with their unified social credit code, licence and qualification
/// certificate; the city authority reviews. Approval creates the enterprise's organisation under
/// that authority.
extension IdentityService {
    /// ID-10: anyone may register an enterprise (no session needed). A credit code failing the
    /// GB 32100 check is accepted but flagged for manual review. Idempotent by `request_id`.
    public func registerEnterprise(_ request: Identity_V1_RegisterEnterpriseRequest, context: CallContext) async throws -> Identity_V1_EnterpriseApplication {
        let caller = try? context.requireCaller()
        let name = request.name.trimmingSpaces
        guard (2...100).contains(name.count) else { throw RPCError.invalidArgument("企业名称应为2至100个字符", field: "name") }
        let code: CreditCode
        do { code = try CreditCode(request.creditCode.trimmingSpaces) } catch { throw IdentityError.creditCode(error) }
        do {
            try EnterpriseImages.check(licence: request.licenceImage, qualifications: request.qualificationImages)
        } catch { throw IdentityError.enterpriseImages(error) }
        guard request.commitmentAccepted else { throw IdentityError.commitmentRequired }
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("enterprise.register", key: request.requestID, in: tx),
               let application = try EnterpriseStore.application(earlier, tx) { return application }
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
            try EnterpriseStore.insertQualifications(request.qualificationImages, applicationID: id, tx)
            try Self.log("enterprise.register", "enterprise_application", id, by: caller, key: request.requestID, context, tx)
            return try EnterpriseStore.application(id, tx)!
        }
    }

    /// ID-10: the licence image, for the authority that reviews the application (or one above it).
    public func getEnterpriseLicence(_ request: Identity_V1_EnterpriseApplicationRequest, context: CallContext) async throws -> Identity_V1_LicenceImage {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        return try await transaction(context) { tx in
            guard let application = try EnterpriseStore.application(request.applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx),
                  let row = try tx.execute("SELECT licence_image, licence_image_sha256 FROM enterprise_applications WHERE id = $1",
                                           [.int(application.id)]).first else {
                throw IdentityError.notFound("企业申请")
            }
            var image = Identity_V1_LicenceImage()
            image.content = try row.bytes("licence_image")
            image.contentType = FileType(magic: image.content)?.contentType ?? "image/jpeg"
            image.sha256 = try row.decode("licence_image_sha256")
            return image
        }
    }

    /// ID-10: one page of the qualification certificate, for the same authorities as the licence.
    /// Another authority's application, or a page it does not have, is not found.
    public func getEnterpriseQualification(_ request: Identity_V1_EnterpriseQualificationRequest, context: CallContext) async throws -> Identity_V1_LicenceImage {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        return try await transaction(context) { tx in
            guard let application = try EnterpriseStore.application(request.applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx),
                  let page = try EnterpriseStore.qualification(applicationID: application.id, index: request.index, tx) else {
                throw IdentityError.notFound("企业资质证书图片")
            }
            var image = Identity_V1_LicenceImage()
            image.content = page.content
            image.contentType = FileType(magic: page.content)?.contentType ?? "image/jpeg"
            image.sha256 = page.sha256
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
            guard let application = try EnterpriseStore.application(request.applicationID, tx), let root = caller.orgID,
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
            return try EnterpriseStore.application(application.id, tx)!
        }
    }

    /// ID-10: applications to authorities in the caller's subtree, by state, paged.
    public func listEnterpriseApplications(_ request: Identity_V1_ListEnterpriseApplicationsRequest, context: CallContext) async throws -> Identity_V1_ListEnterpriseApplicationsResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        guard let root = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
        let window = try PageWindow(request.page)
        let state = request.state.trimmingSpaces
        guard ["", "submitted", "approved", "rejected"].contains(state) else {
            throw RPCError.invalidArgument("状态应为 submitted、approved 或 rejected", field: "state")
        }
        return try await transaction(context) { tx in
            let page = try window.fetch(tx, columns: EnterpriseStore.applicationColumns, from: """
                FROM enterprise_applications a WHERE a.city_authority_id IN \(OrganisationStore.subtree(root: "$1"))
                  AND ($2 = '' OR a.state = $2)
                """, parameters: [.int(root), .text(state)], id: "a.id", EnterpriseStore.application) { $0.id }
            var response = Identity_V1_ListEnterpriseApplicationsResponse()
            response.applications = page.items
            response.page = page.info
            return response
        }
    }
}
