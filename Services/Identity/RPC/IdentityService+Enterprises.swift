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
        try OrganisationName.checkEnterprise(name)
        let code: CreditCode
        do { code = try CreditCode(request.creditCode.trimmingSpaces) } catch { throw IdentityError.creditCode(error) }
        do {
            try EnterpriseImages.check(licence: request.licenceImage, qualifications: request.qualificationImages)
        } catch { throw IdentityError.enterpriseImages(error) }
        guard request.commitmentAccepted else { throw IdentityError.commitmentRequired }
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("enterprise.register", key: request.requestID, in: tx),
               let application = try EnterpriseStore.application(earlier, tx) { return application }
            guard try OrganisationStore.kind(of: request.cityAuthorityID, tx) == .cityAuthority else {
                throw IdentityError.notFound("主管部门")
            }
            let id: Int64
            do {
                id = try EnterpriseStore.insertApplication(name: name, creditCode: code, cityAuthorityID: request.cityAuthorityID,
                                                           licence: request.licenceImage, tx)
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
        try await applicationImage(request.applicationID, missing: "企业申请", context) { id, tx in
            try EnterpriseStore.licence(applicationID: id, tx)
        }
    }

    /// ID-10: one page of the qualification certificate, for the same authorities as the licence.
    /// Another authority's application, or a page it does not have, is not found.
    public func getEnterpriseQualification(_ request: Identity_V1_EnterpriseQualificationRequest, context: CallContext) async throws -> Identity_V1_LicenceImage {
        let index = request.index
        return try await applicationImage(request.applicationID, missing: "企业资质证书图片", context) { id, tx in
            try EnterpriseStore.qualification(applicationID: id, index: index, tx)
        }
    }

    /// An image of an application, for a reviewer of its city (or the province): `image` reads
    /// it; a missing one, or another authority's application, is "`missing` not found".
    private func applicationImage(
        _ applicationID: Int64, missing: String, _ context: CallContext,
        _ image: @escaping @Sendable (Int64, Transaction) throws -> (content: [UInt8], sha256: String)?
    ) async throws -> Identity_V1_LicenceImage {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        return try await transaction(context) { tx in
            guard let application = try EnterpriseStore.application(applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx),
                  let stored = try image(application.id, tx) else {
                throw IdentityError.notFound(missing)
            }
            var shown = Identity_V1_LicenceImage()
            shown.content = stored.content
            shown.contentType = FileType(magic: stored.content)?.contentType ?? "image/jpeg"
            shown.sha256 = stored.sha256
            return shown
        }
    }

    /// ID-10: the city authority (or the province above it) approves or rejects (with a reason).
    public func reviewEnterprise(_ request: Identity_V1_ReviewEnterpriseRequest, context: CallContext) async throws -> Identity_V1_EnterpriseApplication {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        let reason = request.reason.trimmingSpaces
        try EnterpriseApplicationState.checkDecision(approve: request.approve, reason: reason)
        return try await transaction(context) { tx in
            guard let application = try EnterpriseStore.application(request.applicationID, tx), let root = caller.orgID,
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx) else {
                throw IdentityError.notFound("企业申请")
            }
            try EnterpriseApplicationState.checkReviewable(application.state)
            if request.approve {
                guard let city = try OrganisationStore.load(application.cityAuthorityID, tx) else { throw IdentityError.notFound("主管部门") }
                let orgID = try OrganisationStore.insert(parent: city.id, kind: .enterprise, name: application.name,
                                                         code: application.creditCode, division: city.divisionCode,
                                                         postScope: [], tx)
                try EnterpriseStore.markApproved(application.id, orgID: orgID, reviewerID: caller.userID, tx)
                try Self.log("organisation.create", "organisation", orgID, by: caller, context, tx)
            } else {
                try EnterpriseStore.markRejected(application.id, reason: reason, reviewerID: caller.userID, tx)
            }
            try Self.log(request.approve ? "enterprise.approve" : "enterprise.reject", "enterprise_application",
                         application.id, by: caller, context, tx)
            return try EnterpriseStore.application(application.id, tx)!
        }
    }

    /// ID-10: one application, for the reviewers who may see it in their list (an authority in
    /// the caller's subtree); another authority's is not found.
    public func getEnterpriseApplication(_ request: Identity_V1_EnterpriseApplicationRequest, context: CallContext) async throws -> Identity_V1_EnterpriseApplication {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        guard let root = caller.orgID else { throw IdentityError.organisationRequired }
        return try await transaction(context) { tx in
            guard let application = try EnterpriseStore.application(request.applicationID, tx),
                  try OrganisationStore.isWithin(application.cityAuthorityID, root: root, tx) else {
                throw IdentityError.notFound("企业申请")
            }
            return application
        }
    }

    /// ID-10: the online city authorities an enterprise may register with, for the open
    /// registration page (no session needed): id, name and division code only.
    public func listCityAuthorities(_ request: Common_V1_Empty, context: CallContext) async throws -> Identity_V1_ListCityAuthoritiesResponse {
        try await transaction(context) { tx in
            var response = Identity_V1_ListCityAuthoritiesResponse()
            response.authorities = try OrganisationStore.onlineCityAuthorities(tx)
            return response
        }
    }

    /// ID-10: applications to authorities in the caller's subtree, by state, paged.
    public func listEnterpriseApplications(_ request: Identity_V1_ListEnterpriseApplicationsRequest, context: CallContext) async throws -> Identity_V1_ListEnterpriseApplicationsResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.enterpriseReview)
        guard let root = caller.orgID else { throw IdentityError.organisationRequired }
        let window = try PageWindow(request.page)
        let state = try EnterpriseApplicationState.filter(request.state.trimmingSpaces)
        return try await transaction(context) { tx in
            let page = try EnterpriseStore.applications(underAuthority: root, state: state?.rawValue ?? "", window: window, tx)
            var response = Identity_V1_ListEnterpriseApplicationsResponse()
            response.applications = page.items
            response.page = page.info
            return response
        }
    }
}
