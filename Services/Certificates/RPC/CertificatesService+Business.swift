import CertificatesDomain
import CommonRules
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

extension CertificatesService {
    /// B-6: certificate business goes through the approval engine as flow `business`: one stop,
    /// the applicant's city authority, or the province for an organisation directly under it.
    public static func businessFlow(reviewDays: Int) -> ApprovalFlow { ApprovalFlow(name: "business", acceptsFirst: false, reviewDays: reviewDays) }

    /// Who may read business: the applicants and the reviewers.
    static let businessReaders = [Permission.certificateBusinessApply, Permission.certificateBusinessReview, Permission.certificateManage]

    /// CE-5: an evidence image, jpg or png by its first bytes, at most 200 KB.
    public func uploadBusinessFile(_ request: Certificates_V1_UploadBusinessFileRequest,
                                   context: CallContext) async throws -> Certificates_V1_BusinessFileInfo {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        let content = request.content
        guard !content.isEmpty else { throw RPCError.invalidArgument("请选择图片", field: "content") }
        guard content.count <= BusinessRules.evidenceBytes else {
            throw RPCError.invalidArgument("每张图片不得超过200KB", field: "content")
        }
        guard let type = FileType(magic: content), type.isImage else {
            throw RPCError.invalidArgument("图片格式应为jpg或png", field: "content")
        }
        let name = String(request.fileName.trimmingSpaces.prefix(100))
        let digest = Crypto.sha256Hex(content)
        return try await transaction(context) { tx in
            let info = try BusinessStore.insertFile(orgID: orgID, userID: caller.userID, type: type, fileName: name, digest: digest,
                                                    content: content, tx)
            try Self.log("certificate_business.upload", "business_file", info.id, by: caller, context, tx)
            return info
        }
    }

    /// CE-5: an evidence image, for its organisation and the authorities above it.
    public func getBusinessFile(_ request: Certificates_V1_BusinessFileRequest,
                                context: CallContext) async throws -> Certificates_V1_CertificateFile {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.businessReaders)
        let scope = Set(try await scope(orgID, context))
        guard let file = try await transaction(context, { tx in try BusinessStore.file(request.id, tx) }),
              scope.contains(file.orgID) else { throw CertificatesError.notFound("文件") }
        var response = Certificates_V1_CertificateFile()
        response.filename = "证明材料-\(request.id).\(file.contentType == "image/png" ? "png" : "jpg")"
        response.contentType = file.contentType
        response.content = file.content
        return response
    }

    /// CE-5, B-7: an institution applies for a change, reissue or cancellation of one of its
    /// valid certificates, or for an employer's rename over all of them, with 1–5 evidence
    /// images. It waits at its city authority (the province for 省直所). A retry with the same
    /// request id returns the first application.
    public func applyBusiness(_ request: Certificates_V1_ApplyBusinessRequest,
                              context: CallContext) async throws -> Certificates_V1_Business {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        guard let kind = BusinessKind(request.kind) else { throw RPCError.invalidArgument("请选择业务类型", field: "kind") }
        let requestID = String(request.requestID.prefix(64))
        if let earlier = try await transaction(context, { tx in try BusinessStore.byRequest(orgID: orgID, requestID: requestID, tx) }) {
            return try await businessDetail(earlier, orgID: orgID, context)
        }
        let reason = request.reason.trimmingSpaces
        guard reason.count <= 200 else { throw BusinessProblem.reasonTooLong }
        let evidence = Array(distinctInOrder(request.evidenceFileIds))
        try BusinessRules.checkEvidence(count: evidence.count)
        let scope = try await scope(orgID, context)
        guard let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation,
              let stop = approvalRoute(of: organisation).first else { throw ApprovalRefusal.noRoute }
        let reviewerName = try await identity.scope(of: stop.orgID, deadline: context.forwarded).organisation?.name ?? ""
        let settings = try await settings(context)
        let now = Self.now
        let today = Self.today
        let id: Int64 = try await transaction(context) { tx in
            var certificateID: Int64?
            var old = HolderFields(name: "", idNumber: "", employer: "")
            var change = ChangeRequest()
            var affected = 0
            if kind == .rename {
                let oldEmployer = request.oldEmployer.trimmingSpaces
                guard !oldEmployer.isEmpty else { throw RPCError.invalidArgument("请填写原工作单位名称", field: "oldEmployer") }
                old = HolderFields(name: "", idNumber: "", employer: oldEmployer)
                change = try BusinessRules.check(ChangeRequest(employer: request.newEmployer), from: old, today: today.tuple)
                affected = try BusinessStore.renameCount(employer: oldEmployer, scope: scope, tx)
                guard affected > 0 else {
                    throw RPCError(.failedPrecondition, "本机构没有工作单位为“\(oldEmployer)”的有效证书")
                }
            } else {
                guard let certificate = try CertificateStore.load(request.certificateID, forUpdate: true, today: today, tx),
                      scope.contains(certificate.orgID) else { throw CertificatesError.notFound("证书") }
                guard certificate.status == .valid else { throw BusinessProblem.notValid }
                certificateID = certificate.id
                old = HolderFields(name: certificate.holderName, idNumber: certificate.idNumber, employer: certificate.employer)
                if kind == .change {
                    change = try BusinessRules.check(
                        ChangeRequest(name: request.newName, idNumber: request.newIDNumber, employer: request.newEmployer),
                        from: old, today: today.tuple)
                    if change.changesEmployer {
                        try BusinessRules.checkEmployerChanges(
                            already: try BusinessStore.employerChanges(certificateID: certificate.id, year: today.year, tx),
                            limit: settings.employerChangesPerYear)
                    }
                }
            }
            guard let id = try BusinessStore.insert(BusinessStore.Application(
                kind: kind, certificateID: certificateID, orgID: orgID, orgName: organisation.name, old: old, change: change,
                reason: reason, evidence: evidence, reviewerOrgID: stop.orgID, reviewerName: reviewerName, requestID: requestID,
                appliedBy: caller.userID, affected: affected), tx) else {
                throw RPCError(.failedPrecondition, kind == .rename ? "该工作单位已有待审核的更名业务" : "该证书已有待审核的业务，请等待审核完成")
            }
            guard try BusinessStore.takeFiles(evidence, orgID: orgID, businessID: id, tx) == evidence.count else {
                throw RPCError.invalidArgument("证明材料不存在或已被其他业务使用，请重新上传", field: "evidenceFileIds")
            }
            try Approvals.apply(.submit, flow: Self.businessFlow(reviewDays: settings.reviewDays), itemID: id, applicantOrgID: orgID,
                                current: .draft, route: [stop], actorUserID: caller.userID, reviewerOrgID: nil, reason: "", now: now, tx)
            try Self.log("certificate_business.apply", "certificate_business", id, by: caller, context, tx)
            return id
        }
        return try await businessDetail(id, orgID: orgID, context)
    }

    /// B-7: the valid certificates of the caller's subtree that a rename of `oldEmployer` changes.
    public func previewRename(_ request: Certificates_V1_RenamePreviewRequest,
                              context: CallContext) async throws -> Certificates_V1_ListCertificatesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        let window = try PageWindow(request.page)
        let employer = request.oldEmployer.trimmingSpaces
        guard !employer.isEmpty else { throw RPCError.invalidArgument("请填写原工作单位名称", field: "oldEmployer") }
        let scope = try await scope(orgID, context)
        let today = Self.today
        let page = try await transaction(context) { tx in try BusinessStore.renamePreview(window, employer: employer, scope: scope, today: today, tx) }
        var response = Certificates_V1_ListCertificatesResponse()
        response.certificates = page.items
        response.page = page.info
        return response
    }

    /// CE-5: the business of the caller's subtree (applied by it or the units under it).
    public func listBusinesses(_ request: Certificates_V1_ListBusinessesRequest,
                               context: CallContext) async throws -> Certificates_V1_ListBusinessesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.businessReaders)
        let window = try PageWindow(request.page)
        var wanted = BusinessStore.Filter()
        wanted.kind = BusinessKind(request.kind)
        wanted.state = BusinessState(request.state)
        wanted.query = request.query.trimmingSpaces
        wanted.awaiting = request.awaitingMyReview
        wanted.own = request.own
        let filter = wanted
        let scope = try await scope(orgID, context)
        let page = try await transaction(context) { tx in try BusinessStore.list(window, scope: scope, callerOrgID: orgID, filter, tx) }
        var response = Certificates_V1_ListBusinessesResponse()
        response.businesses = page.items.map { business in
            var business = business
            business.awaitingMyReview = business.state == .pending && business.reviewerOrgID == orgID
            return business
        }
        response.page = page.info
        return response
    }

    /// CE-5: one business with its certificate and review timeline; another subtree's is not found.
    public func getBusiness(_ request: Certificates_V1_BusinessRequest, context: CallContext) async throws -> Certificates_V1_Business {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.businessReaders)
        return try await businessDetail(request.id, orgID: orgID, context)
    }

    /// B-7: a rename's progress: a read of one row, cheap to poll.
    public func getBusinessProgress(_ request: Certificates_V1_BusinessRequest,
                                    context: CallContext) async throws -> Certificates_V1_BusinessProgress {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.businessReaders)
        let business = try await visibleBusiness(request.id, orgID: orgID, context)
        var progress = Certificates_V1_BusinessProgress()
        progress.id = business.id
        progress.state = business.state
        progress.affected = business.affected
        progress.done = business.done
        progress.finished = business.finished
        return progress
    }

    /// CE-5: per kind, how much business is pending, approved and rejected in the caller's subtree.
    public func getBusinessOverview(_ request: Certificates_V1_BusinessOverviewRequest,
                                    context: CallContext) async throws -> Certificates_V1_BusinessOverview {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.businessReaders)
        let scope = try await scope(orgID, context)
        var overview = Certificates_V1_BusinessOverview()
        overview.kinds = try await transaction(context) { tx in try BusinessStore.overview(scope: scope, callerOrgID: orgID, tx) }
        return overview
    }

    /// CE-5: the authority at the business's stop approves or rejects (with a reason). Approval
    /// changes the certificate in the same transaction: a change updates it and signs it again
    /// when the signed form changed; a reissue voids it and issues a new number; a cancellation
    /// cancels it. A rename fixes its certificates, and `RenameJob` changes them with progress.
    public func reviewBusiness(_ request: Certificates_V1_ReviewBusinessRequest,
                               context: CallContext) async throws -> Certificates_V1_Business {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessReview)
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 200 else { throw RPCError.invalidArgument("审核意见不能超过200字", field: "comment") }
        let business = try await visibleBusiness(request.id, orgID: orgID, context)
        let kind = BusinessKind(business.kind) ?? .change
        let renameScope = kind == .rename && request.approve ? try await self.scope(business.orgID, context) : []
        let settings = try await settings(context)
        let now = Self.now
        let today = Self.today
        let keys = self.keys
        try await transaction(context) { tx in
            guard let current = try BusinessStore.load(request.id, forUpdate: true, tx), current.state == .pending else {
                throw RPCError(.failedPrecondition, "该业务已审核，不能重复审核")
            }
            let stage = try Approvals.apply(request.approve ? .approve : .reject, flow: Self.businessFlow(reviewDays: settings.reviewDays),
                                            itemID: current.id, applicantOrgID: current.orgID, current: .pending(stop: 0), route: [],
                                            actorUserID: caller.userID, reviewerOrgID: orgID, reason: comment, now: now, tx)
            if !request.approve {
                try BusinessStore.decide(current.id, .rejected, comment: comment, by: caller.userID, tx)
            } else if stage == .approved {
                try Self.carryOut(current, kind, renameScope: renameScope, keys: keys, by: caller.userID, now: now, today: today, tx)
            }
            try Self.log("certificate_business.\(request.approve ? "approve" : "reject")", "certificate_business", current.id,
                         by: caller, context, tx)
        }
        return try await businessDetail(request.id, orgID: orgID, context)
    }

    /// An approved business's effect on its certificate(s), in the review's transaction.
    private static func carryOut(_ business: Certificates_V1_Business, _ kind: BusinessKind, renameScope: [Int64], keys: SigningKeys,
                                 by userID: Int64, now: Int64, today: CivilDate, _ tx: Transaction) throws {
        if kind == .rename {
            let affected = try BusinessStore.fixRenameItems(business.id, employer: business.oldEmployer, scope: renameScope, tx)
            try BusinessStore.decide(business.id, .approved, comment: "", by: userID, affected: affected, tx)
            return
        }
        guard let certificate = try CertificateStore.load(business.certificateID, forUpdate: true, today: today, tx),
              certificate.status == Certificates_V1_CertificateStatus.valid else { throw BusinessProblem.notValid }
        let region = String(certificate.number.dropFirst(2).prefix(4))
        let basis = business.reason.isEmpty ? "证书业务 #\(business.id)" : "证书业务 #\(business.id)：\(business.reason)"
        var newCertificateID: Int64?
        switch kind {
        case .change:
            let change = ChangeRequest(name: business.newName, idNumber: business.newIDNumber, employer: business.newEmployer)
            var signature = "", keyID = ""
            if !change.name.isEmpty || !change.idNumber.isEmpty {
                var changed = certificate
                if !change.name.isEmpty { changed.holderName = change.name }
                if !change.idNumber.isEmpty { changed.idNumber = change.idNumber }
                let signed = try keys.signAll([changed.signedForm], region: region)
                (signature, keyID) = (Base64URL.encode(signed.signatures[0]), signed.keyID)
            }
            try CertificateStore.change(certificate.id, change, signature: signature, keyID: keyID, by: userID, reason: basis, tx)
        case .reissue:
            let key: SegmentKey
            do { key = try SegmentKey.at(unix: now, region: region, code: certificate.post, level: certificate.level) } catch {
                throw CertificatesError.invalid(field: "certificateId", message: "证书的岗位代码不能用于新证书编号")
            }
            let segment = try SegmentStore.lock(key, codeName: certificate.postName, issuerOrgID: certificate.issuerOrgID,
                                                issuerName: certificate.issuerName, tx)
            let sequence: Int
            do throws(SegmentExhausted) { sequence = try SegmentKey.next(1, after: segment.current).lowerBound } catch {
                throw CertificatesError.segmentExhausted(prefix: key.prefix, remaining: error.remaining, wanted: error.wanted)
            }
            var reissued = certificate
            reissued.number = CertificateNumber(segment: key, sequence: sequence).description
            let signed = try keys.signAll([reissued.signedForm], region: region)
            newCertificateID = try CertificateStore.reissue(certificate.id, CertificateStore.Reissue(
                number: reissued.number, segmentID: segment.id, sequence: sequence, keyID: signed.keyID,
                signature: Base64URL.encode(signed.signatures[0])), by: userID, tx)
            try SegmentStore.advance(segment.id, to: sequence, tx)
        case .cancel:
            try CertificateStore.setState(certificate.id, .cancelled, action: .cancel, reason: basis, by: userID, tx)
        case .rename:
            break
        }
        try BusinessStore.decide(business.id, .approved, comment: "", by: userID, newCertificateID: newCertificateID, tx)
    }

    /// The business when the caller's subtree applied for it; another subtree's is not found.
    func visibleBusiness(_ id: Int64, orgID: Int64, _ context: CallContext) async throws -> Certificates_V1_Business {
        let scope = Set(try await scope(orgID, context))
        guard let business = try await transaction(context, { tx in try BusinessStore.load(id, tx) }),
              scope.contains(business.orgID) else { throw CertificatesError.notFound("证书业务") }
        return business
    }

    /// A business with its certificate and timeline, when the caller's subtree holds it.
    func businessDetail(_ id: Int64, orgID: Int64, _ context: CallContext) async throws -> Certificates_V1_Business {
        let scope = Set(try await scope(orgID, context))
        let today = Self.today
        let flow = Self.businessFlow(reviewDays: 0)
        let (business, certificate, timeline) = try await transaction(context) { tx in
            guard let business = try BusinessStore.load(id, tx), scope.contains(business.orgID) else {
                throw CertificatesError.notFound("证书业务")
            }
            let certificate = business.certificateID == 0 ? nil : try CertificateStore.load(business.certificateID, today: today, tx)
            return (business, certificate, try Approvals.timeline(flow, id, tx))
        }
        var detail = business
        if let certificate { detail.certificate = withQR(certificate) }
        detail.timeline = try await reviewTimeline(timeline, context)
        detail.awaitingMyReview = detail.state == .pending && detail.reviewerOrgID == orgID
        return detail
    }
}

/// The ids in their first order, each once.
private func distinctInOrder(_ ids: [Int64]) -> [Int64] {
    var seen = Set<Int64>()
    return ids.filter { seen.insert($0).inserted }
}

extension CivilDate {
    /// As the ID-number rules take today.
    var tuple: (year: Int, month: Int, day: Int) { (year, month, day) }
}
