import CertificatesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Spreadsheet

extension CertificatesService {
    /// Who may read the library: the authorities that issue and the institutions whose students hold.
    static let readers = [Permission.certificateManage, Permission.certificateBusinessApply, Permission.assessmentManage]

    static var today: CivilDate { CivilDate.today(atUnix: now) }

    /// CE-4: the certificates issued by or to the caller's organisation and its subtree.
    public func listCertificates(_ request: Certificates_V1_ListCertificatesRequest,
                                 context: CallContext) async throws -> Certificates_V1_ListCertificatesResponse {
        let window = try PageWindow(request.page)
        let (scope, filter) = try await libraryFilter(request, context)
        let today = Self.today
        let page = try await transaction(context) { tx in try CertificateStore.list(window, scope: scope, filter, today: today, tx) }
        var response = Certificates_V1_ListCertificatesResponse()
        response.certificates = page.items.map { withQR($0) }
        response.page = page.info
        return response
    }

    /// CE-4: the library under the same filters as CSV (UTF-8 with BOM, for Excel), at most
    /// 10,000 rows, ID numbers masked.
    public func exportCertificates(_ request: Certificates_V1_ListCertificatesRequest,
                                   context: CallContext) async throws -> Certificates_V1_CertificateFile {
        let (scope, filter) = try await libraryFilter(request, context)
        let today = Self.today
        let rows = try await transaction(context) { tx in try CertificateStore.export(scope: scope, filter, today: today, limit: 10_000, tx) }
        let sheet = [["证书编号", "姓名", "身份证号", "岗位/工种", "等级", "培训机构", "发证机关", "发证日期", "有效期至", "状态", "推送状态", "打印次数"]]
            + rows.map { c in
                [c.number, c.holderName, c.idNumber, c.postName, skillLevelName(c.level), c.orgName, c.issuerName, c.issuedOn, c.validUntil,
                 (ShownStatus(c.status) ?? .valid).label, (PushState(c.pushState) ?? .pending).label, String(c.printCount)]
            }
        var file = Certificates_V1_CertificateFile()
        file.filename = "证书库-\(today).csv"
        file.contentType = "text/csv; charset=utf-8"
        file.content = CSV.bytes(sheet)
        return file
    }

    /// The caller's subtree and the library's filters, checked.
    private func libraryFilter(_ request: Certificates_V1_ListCertificatesRequest,
                               _ context: CallContext) async throws -> ([Int64], CertificateStore.Filter) {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.readers)
        var filter = CertificateStore.Filter()
        filter.query = request.query.trimmingSpaces
        filter.post = request.post.trimmingSpaces
        filter.status = ShownStatus(request.status)
        filter.pushState = PushState(request.pushState)
        filter.orgID = request.orgID
        filter.testPlanID = request.testPlanID
        _ = try Self.day(request.issuedFrom, field: "issuedFrom")
        _ = try Self.day(request.issuedTo, field: "issuedTo")
        filter.issuedFrom = request.issuedFrom
        filter.issuedTo = request.issuedTo
        return (try await scope(orgID, context), filter)
    }

    /// CE-4: one certificate with its business log; another subtree's is not found.
    public func getCertificate(_ request: Certificates_V1_CertificateRequest, context: CallContext) async throws -> Certificates_V1_Certificate {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.readers)
        let scope = Set(try await scope(orgID, context))
        let today = Self.today
        let (certificate, events) = try await transaction(context) { tx in
            guard let certificate = try CertificateStore.load(request.id, today: today, tx),
                  scope.contains(certificate.orgID) || scope.contains(certificate.issuerOrgID) else {
                throw CertificatesError.notFound("证书")
            }
            return (certificate, try CertificateStore.events(certificate.id, tx))
        }
        return try await detailed(certificate, events, context)
    }

    /// CE-4: the province cancels (注销, with a reason) or re-activates a certificate; the
    /// registry is told through the outbox (B-3).
    public func actOnCertificate(_ request: Certificates_V1_CertificateActionRequest,
                                 context: CallContext) async throws -> Certificates_V1_Certificate {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        guard let action = CertificateAction(request.action) else { throw RPCError.invalidArgument("未知的操作", field: "action") }
        let reason = request.reason.trimmingSpaces
        if action == .cancel, reason.isEmpty { throw RPCError.invalidArgument("请填写注销原因", field: "reason") }
        guard reason.count <= 200 else { throw RPCError.invalidArgument("原因不能超过200字", field: "reason") }
        try await requireProvince(orgID, context, "证书的注销和恢复由省级主管部门办理")
        let today = Self.today
        let (certificate, events) = try await transaction(context) { tx in
            guard let current = try CertificateStore.load(request.id, forUpdate: true, today: today, tx) else {
                throw CertificatesError.notFound("证书")
            }
            let state: CertificateState = current.state == .cancelled ? .cancelled : .valid
            guard let next = action.next(from: state) else { throw CertificatesError.actionNotAllowed(action, state) }
            try CertificateStore.setState(current.id, next, action: action, reason: reason, by: caller.userID, tx)
            try Self.log("certificate.\(action.rawValue)", "certificate", current.id, by: caller, context, tx)
            return (try CertificateStore.load(current.id, today: today, tx)!, try CertificateStore.events(current.id, tx))
        }
        return try await detailed(certificate, events, context)
    }

    /// EN-6: the signed-in student's certificates.
    public func listMyCertificates(_ request: Certificates_V1_MyCertificatesRequest,
                                   context: CallContext) async throws -> Certificates_V1_MyCertificatesResponse {
        let caller = try Self.student(context)
        let today = Self.today
        var response = Certificates_V1_MyCertificatesResponse()
        response.certificates = try await transaction(context) { tx in
            try CertificateStore.held(by: caller.userID, today: today, tx)
        }.map { withQR($0) }
        return response
    }

    /// The certificate with its QR text.
    func withQR(_ certificate: Certificates_V1_Certificate) -> Certificates_V1_Certificate {
        var certificate = certificate
        if let signature = Base64URL.decode(certificate.signature) {
            certificate.qrText = QRPayload(form: certificate.signedForm, keyID: certificate.keyID, signature: signature)
                .text(lookupURL: lookupURL)
        }
        return certificate
    }

    /// The detail: QR text, and the log with the actors' names.
    func detailed(_ certificate: Certificates_V1_Certificate, _ events: [Certificates_V1_CertificateEvent],
                  _ context: CallContext) async throws -> Certificates_V1_Certificate {
        var certificate = withQR(certificate)
        let names = try await identity.userNames(Array(Set(events.map(\.actorUserID).filter { $0 != 0 })), deadline: context.forwarded)
        certificate.events = events.map { event in
            var event = event
            event.actorName = names[event.actorUserID] ?? (event.actorUserID == 0 ? "系统" : "")
            return event
        }
        return certificate
    }
}
