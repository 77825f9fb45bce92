import CertificatesDomain
import CommonRules
import NIOPosix
import Proto
import RPC
import ServiceHost

extension CertificatesService {
    /// CE-6: an issuer's print layout (the caller's own by default), or the standard one.
    public func getPrintLayout(_ request: Certificates_V1_PrintLayoutRequest, context: CallContext) async throws -> Certificates_V1_PrintLayout {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.readers)
        let issuer = request.issuerOrgID == 0 ? orgID : request.issuerOrgID
        let stored = try await transaction(context) { tx in try PrintStore.layout(issuer: issuer, tx) }
        let organisation = try await identity.scope(of: issuer, deadline: context.forwarded).organisation
        return Self.proto(stored?.0 ?? .standard, issuer: issuer, name: organisation?.name ?? "", updatedAt: stored?.1)
    }

    /// CE-6: the caller's authority sets its layout (checked whole: every field on the page).
    public func setPrintLayout(_ request: Certificates_V1_SetPrintLayoutRequest, context: CallContext) async throws -> Certificates_V1_PrintLayout {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        var elements: [PrintLayout.Element] = []
        for element in request.elements {
            guard let field = PrintLayout.Field(rawValue: element.field) else {
                throw RPCError.invalidArgument("未知的证书内容：\(element.field)", field: "elements")
            }
            elements.append(PrintLayout.Element(field, x: element.xMm, y: element.yMm, size: element.size, caption: element.caption.trimmingSpaces))
        }
        let layout = PrintLayout(pageWidthMM: request.pageWidthMm, pageHeightMM: request.pageHeightMm,
                                 title: request.title.trimmingSpaces, elements: elements)
        if let problem = layout.problem { throw RPCError.invalidArgument(problem.message, field: problem.field) }
        let at = try await transaction(context) { tx in
            try PrintStore.setLayout(layout, issuer: orgID, by: caller.userID, tx)
            try Self.log("certificate.print_layout", "organisation", orgID, by: caller, context, tx)
            return Self.now
        }
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation
        return Self.proto(layout, issuer: orgID, name: organisation?.name ?? "", updatedAt: at)
    }

    /// CE-6: a certificate was printed (once more: 补N from the second), or is set back to 未打印.
    public func recordPrint(_ request: Certificates_V1_RecordPrintRequest, context: CallContext) async throws -> Certificates_V1_Certificate {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        let scope = Set(try await scope(orgID, context))
        let today = Self.today
        let (certificate, events) = try await transaction(context) { tx in
            guard let current = try CertificateStore.load(request.id, forUpdate: true, today: today, tx),
                  scope.contains(current.issuerOrgID) else { throw CertificatesError.notFound("证书") }
            if request.printed, current.state == .cancelled { throw RPCError(.failedPrecondition, "该证书已注销，不能打印") }
            try PrintStore.recordPrint(current.id, printed: request.printed, by: caller.userID, tx)
            try Self.log(request.printed ? "certificate.print" : "certificate.unprint", "certificate", current.id, by: caller, context, tx)
            return (try CertificateStore.load(current.id, today: today, tx)!, try CertificateStore.events(current.id, tx))
        }
        return try await detailed(certificate, events, context)
    }

    /// CE-6: the PDF e-certificate of one certificate in the caller's subtree.
    public func getCertificatePDF(_ request: Certificates_V1_CertificatePDFRequest, context: CallContext) async throws -> Certificates_V1_CertificateFile {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.readers)
        let scope = Set(try await scope(orgID, context))
        return try await pdf(request.id, context) { scope.contains($0.orgID) || scope.contains($0.issuerOrgID) }
    }

    /// EN-6: the signed-in student's own PDF e-certificate.
    public func getMyCertificatePDF(_ request: Certificates_V1_CertificatePDFRequest, context: CallContext) async throws -> Certificates_V1_CertificateFile {
        let caller = try Self.student(context)
        return try await pdf(request.id, context) { $0.holderUserID == caller.userID }
    }

    private func pdf(_ id: Int64, _ context: CallContext,
                     allowed: @escaping @Sendable (Certificates_V1_Certificate) -> Bool) async throws -> Certificates_V1_CertificateFile {
        let today = Self.today
        let (certificate, layout) = try await transaction(context) { tx -> (Certificates_V1_Certificate, PrintLayout) in
            guard let certificate = try CertificateStore.load(id, today: today, tx), allowed(certificate) else {
                throw CertificatesError.notFound("证书")
            }
            return (certificate, try PrintStore.layout(issuer: certificate.issuerOrgID, tx)?.0 ?? .standard)
        }
        guard certificate.state != .cancelled else { throw RPCError(.failedPrecondition, "该证书已注销，不能下载电子证书") }
        let shown = withQR(certificate)
        let values: [PrintLayout.Field: String] = [
            .number: shown.number, .holderName: shown.holderName, .idNumber: shown.idNumber, .postName: shown.postName,
            .level: skillLevelName(shown.level), .issuerName: shown.issuerName, .issuedOn: shown.issuedOn, .validUntil: shown.validUntil,
        ]
        let renderer = pdfRenderer
        let printed = PrintedCertificate(values: values, qrText: shown.qrText)
        let bytes = try await NIOThreadPool.singleton.runIfActive { try renderer.render(printed, layout: layout) }
        var file = Certificates_V1_CertificateFile()
        file.filename = "电子证书-\(shown.number).pdf"
        file.contentType = "application/pdf"
        file.content = bytes
        return file
    }

    static func proto(_ layout: PrintLayout, issuer: Int64, name: String, updatedAt: Int64?) -> Certificates_V1_PrintLayout {
        var message = Certificates_V1_PrintLayout()
        message.issuerOrgID = issuer
        message.issuerName = name
        message.pageWidthMm = layout.pageWidthMM
        message.pageHeightMm = layout.pageHeightMM
        message.title = layout.title
        message.elements = layout.elements.map { element in
            var item = Certificates_V1_PrintLayoutElement()
            item.field = element.field.rawValue
            item.xMm = element.xMM
            item.yMm = element.yMM
            item.size = element.size
            item.caption = element.caption
            return item
        }
        message.isDefault = updatedAt == nil
        message.updatedAtUnix = updatedAt ?? 0
        return message
    }
}
