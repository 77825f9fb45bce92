import QRCode
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices
import RPC

/// HTTP endpoints of the certificates service (SPEC §5, docs/CERTIFICATES.md). Each turns into one
/// RPC; the service checks permission and organisation scope itself. The key set and the status
/// of a number are public (no session), for verifiers and the registry.
struct CertificatesRoutes {
    let certificates: Certificates_V1_CertificateServiceClient
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    func register(on api: API) {
        let certificates = self.certificates
        let tag = "certificates"

        // Generation (CE-2) and segments (CE-1)
        api.add(.post, "/api/v1/test-plans/{testPlanId}/certificates", "生成证书（成绩已审核的考核计划的合格考生；重复提交返回同一批证书）",
                tag: tag) { call in
            var request = Certificates_V1_GenerateCertificatesRequest()
            request.testPlanID = try call.id("testPlanId")
            return try await certificates.generateCertificates(request, options: call.options)
        }
        api.add(.get, "/api/v1/certificate-segments", "证书号段", tag: tag, query: Certificates_V1_ListSegmentsRequest.self) { call in
            try await certificates.listSegments(try call.query(Certificates_V1_ListSegmentsRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/certificate-statistics", "证书统计（近6个月发证、有效证书、按地市和培训机构）", tag: tag) { call in
            try await certificates.getStatistics(Certificates_V1_StatisticsRequest(), options: call.options)
        }
        api.addRaw(.get, "/api/v1/certificate-statistics/export", "证书统计导出（format=csv|xlsx）", tag: tag,
                   query: Certificates_V1_StatisticsExportRequest.self, rawResponse: "text/csv, \(Self.xlsx)") { call in
            let file = try await certificates.exportStatistics(try call.query(Certificates_V1_StatisticsExportRequest.self), options: call.options)
            return Download.attachment(file.filename, contentType: file.contentType, file.content)
        }
        api.add(.get, "/api/v1/certificate-reconciliation", "全国库推送对账（按日、发证机关）", tag: tag,
                query: Certificates_V1_ReconciliationRequest.self) { call in
            try await certificates.getReconciliation(try call.query(Certificates_V1_ReconciliationRequest.self), options: call.options)
        }

        // The library (CE-4)
        // Registration batches (CE-3)
        let batches = "/api/v1/certificate-batches"
        api.add(.post, batches, "创建批次（单位、省直所）", tag: tag, body: Certificates_V1_CreateBatchRequest.self) { call in
            var request = try await call.body(Certificates_V1_CreateBatchRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await certificates.createBatch(request, options: call.options)
        }
        api.add(.get, batches, "批次列表（本机构及下级；awaitingMyReview 待本单位审核）", tag: tag,
                query: Certificates_V1_ListBatchesRequest.self) { call in
            try await certificates.listBatches(try call.query(Certificates_V1_ListBatchesRequest.self), options: call.options)
        }
        api.addRaw(.get, "/api/v1/certificate-batch-template", "合格人员模板（format=xlsx|csv）", tag: tag,
                   query: Certificates_V1_BatchTemplateRequest.self, rawResponse: "\(Self.xlsx), text/csv") { call in
            let file = try await certificates.getBatchTemplate(try call.query(Certificates_V1_BatchTemplateRequest.self), options: call.options)
            return Download.attachment(file.filename, contentType: file.contentType, file.content)
        }
        api.add(.get, "\(batches)/{batchId}", "批次详情（含资料和审核日志）", tag: tag) { call in
            var request = Certificates_V1_BatchRequest()
            request.id = try call.id("batchId")
            return try await certificates.getBatch(request, options: call.options)
        }
        api.add(.put, "\(batches)/{batchId}", "修改批次名称", tag: tag, body: Certificates_V1_UpdateBatchRequest.self) { call in
            var request = try await call.body(Certificates_V1_UpdateBatchRequest.self)
            request.id = try call.id("batchId")
            return try await certificates.updateBatch(request, options: call.options)
        }
        api.add(.delete, "\(batches)/{batchId}", "删除未提交过的批次", tag: tag) { call in
            var request = Certificates_V1_BatchRequest()
            request.id = try call.id("batchId")
            return try await certificates.deleteBatch(request, options: call.options)
        }
        api.add(.post, "\(batches)/{batchId}/actions", "批次操作：提交审核、通过、不通过、仅退回不通过人员", tag: tag,
                body: Certificates_V1_BatchActionRequest.self) { call in
            var request = try await call.body(Certificates_V1_BatchActionRequest.self)
            request.id = try call.id("batchId")
            return try await certificates.actOnBatch(request, options: call.options)
        }
        api.add(.get, "\(batches)/{batchId}/candidates", "批次人员", tag: tag, query: Certificates_V1_ListBatchCandidatesRequest.self,
                omitting: ["batchId"]) { call in
            var request = try call.query(Certificates_V1_ListBatchCandidatesRequest.self)
            request.batchID = try call.id("batchId")
            return try await certificates.listBatchCandidates(request, options: call.options)
        }
        api.addRaw(.post, "\(batches)/{batchId}/candidate-import", "导入合格人员（请求体为 CSV 或 XLSX；commit=false 仅校验和预览）",
                   tag: tag, query: Certificates_V1_ImportBatchCandidatesRequest.self, omitting: ["batchId", "content"],
                   rawRequest: "application/octet-stream", response: Certificates_V1_ImportBatchCandidatesResponse.self) { call in
            var request = try call.query(Certificates_V1_ImportBatchCandidatesRequest.self)
            request.batchID = try call.id("batchId")
            request.content = try await call.rawBody(limit: 3 * 1024 * 1024)
            return Responses.json(try await certificates.importBatchCandidates(request, options: call.options))
        }
        api.add(.post, "\(batches)/{batchId}/candidates", "添加批次人员", tag: tag, body: Certificates_V1_SaveBatchCandidateRequest.self) { call in
            var request = try await call.body(Certificates_V1_SaveBatchCandidateRequest.self)
            request.batchID = try call.id("batchId")
            request.candidateID = 0
            return try await certificates.saveBatchCandidate(request, options: call.options)
        }
        api.add(.put, "\(batches)/{batchId}/candidates/{candidateId}", "修改批次人员", tag: tag,
                body: Certificates_V1_SaveBatchCandidateRequest.self) { call in
            var request = try await call.body(Certificates_V1_SaveBatchCandidateRequest.self)
            request.batchID = try call.id("batchId")
            request.candidateID = try call.id("candidateId")
            return try await certificates.saveBatchCandidate(request, options: call.options)
        }
        api.add(.delete, "\(batches)/{batchId}/candidates/{candidateId}", "删除批次人员", tag: tag) { call in
            var request = Certificates_V1_BatchCandidateRequest()
            request.batchID = try call.id("batchId")
            request.candidateID = try call.id("candidateId")
            return try await certificates.deleteBatchCandidate(request, options: call.options)
        }
        api.add(.post, "\(batches)/{batchId}/candidates/{candidateId}/review", "逐人审核（不通过须填写原因）", tag: tag,
                body: Certificates_V1_ReviewBatchCandidateRequest.self) { call in
            var request = try await call.body(Certificates_V1_ReviewBatchCandidateRequest.self)
            request.batchID = try call.id("batchId")
            request.candidateID = try call.id("candidateId")
            return try await certificates.reviewBatchCandidate(request, options: call.options)
        }
        api.add(.post, "\(batches)/{batchId}/pass-remaining", "其余未审核人员全部通过", tag: tag) { call in
            var request = Certificates_V1_ReviewBatchCandidateRequest()
            request.batchID = try call.id("batchId")
            request.pass = true
            return try await certificates.reviewBatchCandidate(request, options: call.options)
        }
        api.addRaw(.post, "\(batches)/{batchId}/files", "上传批次资料（PDF文档最多2个，jpg/png图片最多20张，每个不超过2MB）", tag: tag,
                   query: Certificates_V1_UploadBatchFileRequest.self, omitting: ["batchId", "content"],
                   rawRequest: "application/octet-stream", response: Certificates_V1_BatchFileInfo.self) { call in
            var request = try call.query(Certificates_V1_UploadBatchFileRequest.self)
            request.batchID = try call.id("batchId")
            request.content = try await call.rawBody(limit: 2 * 1024 * 1024 + 1024)
            return Responses.json(try await certificates.uploadBatchFile(request, options: call.options))
        }
        api.addRaw(.get, "\(batches)/{batchId}/files/{fileId}", "批次资料文件", tag: tag, rawResponse: "application/pdf, image/jpeg, image/png") { call in
            var request = Certificates_V1_BatchFileRequest()
            request.batchID = try call.id("batchId")
            request.fileID = try call.id("fileId")
            let file = try await certificates.getBatchFile(request, options: call.options)
            return Responses.file(file.content, contentType: file.contentType)
        }
        api.add(.delete, "\(batches)/{batchId}/files/{fileId}", "删除批次资料", tag: tag) { call in
            var request = Certificates_V1_BatchFileRequest()
            request.batchID = try call.id("batchId")
            request.fileID = try call.id("fileId")
            return try await certificates.deleteBatchFile(request, options: call.options)
        }

        // Certificate business (CE-5) and employer renames (B-7)
        api.addRaw(.post, "/api/v1/certificate-business-files", "上传证书业务证明材料（请求体为图片本身，jpg/png，不超过200KB）",
                   tag: tag, query: Certificates_V1_UploadBusinessFileRequest.self, rawRequest: "application/octet-stream",
                   response: Certificates_V1_BusinessFileInfo.self) { call in
            var request = try call.query(Certificates_V1_UploadBusinessFileRequest.self)
            request.content = try await call.rawBody(limit: 256 * 1024)
            return Responses.json(try await certificates.uploadBusinessFile(request, options: call.options))
        }
        api.addRaw(.get, "/api/v1/certificate-business-files/{fileId}", "证书业务证明材料", tag: tag, rawResponse: "image/jpeg, image/png") { call in
            var request = Certificates_V1_BusinessFileRequest()
            request.id = try call.id("fileId")
            let file = try await certificates.getBusinessFile(request, options: call.options)
            return Responses.file(file.content, contentType: file.contentType)
        }
        api.add(.post, "/api/v1/certificate-business", "申请证书业务：变更、补办、注销、单位更名", tag: tag,
                body: Certificates_V1_ApplyBusinessRequest.self) { call in
            var request = try await call.body(Certificates_V1_ApplyBusinessRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await certificates.applyBusiness(request, options: call.options)
        }
        api.add(.get, "/api/v1/certificate-business", "证书业务（本机构及下级；awaitingMyReview 待本单位审核）", tag: tag,
                query: Certificates_V1_ListBusinessesRequest.self) { call in
            try await certificates.listBusinesses(try call.query(Certificates_V1_ListBusinessesRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/certificate-business-overview", "证书业务总览（按业务类型和审核状态）", tag: tag) { call in
            try await certificates.getBusinessOverview(Certificates_V1_BusinessOverviewRequest(), options: call.options)
        }
        api.add(.get, "/api/v1/certificate-business/{businessId}", "证书业务详情（含证书、证明材料和审核记录；更名业务含进度）", tag: tag) { call in
            var request = Certificates_V1_BusinessRequest()
            request.id = try call.id("businessId")
            return try await certificates.getBusiness(request, options: call.options)
        }
        api.add(.get, "/api/v1/certificate-business/{businessId}/progress", "单位更名业务的执行进度", tag: tag) { call in
            var request = Certificates_V1_BusinessRequest()
            request.id = try call.id("businessId")
            return try await certificates.getBusinessProgress(request, options: call.options)
        }
        api.add(.post, "/api/v1/certificate-business/{businessId}/review", "审核证书业务（驳回须填写原因）", tag: tag,
                body: Certificates_V1_ReviewBusinessRequest.self) { call in
            var request = try await call.body(Certificates_V1_ReviewBusinessRequest.self)
            request.id = try call.id("businessId")
            return try await certificates.reviewBusiness(request, options: call.options)
        }
        api.add(.get, "/api/v1/certificate-rename-preview", "单位更名影响的有效证书（预览）", tag: tag,
                query: Certificates_V1_RenamePreviewRequest.self) { call in
            try await certificates.previewRename(try call.query(Certificates_V1_RenamePreviewRequest.self), options: call.options)
        }

        api.add(.get, "/api/v1/certificates", "证书库（本机构及下级）", tag: tag, query: Certificates_V1_ListCertificatesRequest.self) { call in
            try await certificates.listCertificates(try call.query(Certificates_V1_ListCertificatesRequest.self), options: call.options)
        }
        api.addRaw(.get, "/api/v1/certificates.csv", "证书库导出（CSV，最多10000条）", tag: tag, query: Certificates_V1_ListCertificatesRequest.self,
                   omitting: ["page"], rawResponse: "text/csv") { call in
            let file = try await certificates.exportCertificates(try call.query(Certificates_V1_ListCertificatesRequest.self), options: call.options)
            return Download.attachment(file.filename, contentType: file.contentType, file.content)
        }
        api.add(.get, "/api/v1/certificates/{certificateId}", "证书详情（含业务日志）", tag: tag) { call in
            var request = Certificates_V1_CertificateRequest()
            request.id = try call.id("certificateId")
            return try await certificates.getCertificate(request, options: call.options)
        }
        api.add(.post, "/api/v1/certificates/{certificateId}/actions", "证书注销、恢复（省级主管部门）", tag: tag,
                body: Certificates_V1_CertificateActionRequest.self) { call in
            var request = try await call.body(Certificates_V1_CertificateActionRequest.self)
            request.id = try call.id("certificateId")
            return try await certificates.actOnCertificate(request, options: call.options)
        }
        api.add(.get, "/api/v1/me/certificates", "我的证书", tag: tag) { call in
            try await certificates.listMyCertificates(Certificates_V1_MyCertificatesRequest(), options: call.options)
        }

        // Printing (CE-6): the issuer's layout, the print status, the PDF e-certificate.
        api.add(.get, "/api/v1/certificate-print-layout", "证书打印版式（本发证机关；issuerOrgId 指定其他机关）", tag: tag,
                query: Certificates_V1_PrintLayoutRequest.self) { call in
            try await certificates.getPrintLayout(try call.query(Certificates_V1_PrintLayoutRequest.self), options: call.options)
        }
        api.add(.put, "/api/v1/certificate-print-layout", "设置证书打印版式（单位毫米）", tag: tag,
                body: Certificates_V1_SetPrintLayoutRequest.self) { call in
            try await certificates.setPrintLayout(try await call.body(Certificates_V1_SetPrintLayoutRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/certificates/{certificateId}/print", "登记打印（printed=false 改回未打印）", tag: tag,
                body: Certificates_V1_RecordPrintRequest.self) { call in
            var request = try await call.body(Certificates_V1_RecordPrintRequest.self)
            request.id = try call.id("certificateId")
            return try await certificates.recordPrint(request, options: call.options)
        }
        for (path, summary, mine) in [("/api/v1/certificates/{certificateId}/certificate.pdf", "电子证书（PDF）", false),
                                      ("/api/v1/me/certificates/{certificateId}/certificate.pdf", "我的电子证书（PDF）", true)] {
            api.addRaw(.get, path, summary, tag: tag, rawResponse: "application/pdf") { call in
                var request = Certificates_V1_CertificatePDFRequest()
                request.id = try call.id("certificateId")
                let file = mine ? try await certificates.getMyCertificatePDF(request, options: call.options)
                    : try await certificates.getCertificatePDF(request, options: call.options)
                return Download.attachment(file.filename, contentType: file.contentType, file.content)
            }
        }

        // The verification QR code (B-1, CE-6) as SVG, made here with libqrencode at level L.
        api.addRaw(.get, "/api/v1/certificates/{certificateId}/qr.svg", "证书验证二维码（SVG）", tag: tag,
                   rawResponse: "image/svg+xml") { call in
            var request = Certificates_V1_CertificateRequest()
            request.id = try call.id("certificateId")
            return try Self.qr(try await certificates.getCertificate(request, options: call.options))
        }
        api.addRaw(.get, "/api/v1/me/certificates/{certificateId}/qr.svg", "我的证书的验证二维码（SVG）", tag: tag,
                   rawResponse: "image/svg+xml") { call in
            let id = try call.id("certificateId")
            let mine = try await certificates.listMyCertificates(Certificates_V1_MyCertificatesRequest(), options: call.options)
            guard let certificate = mine.certificates.first(where: { $0.id == id }) else { throw RPCError(.notFound, "证书不存在") }
            return try Self.qr(certificate)
        }

        // Public (B-1)
        api.add(.get, "/.well-known/certificate-keys.json", "电子证书验签公钥（含已轮换的旧密钥，无需登录）", tag: tag, access: .open) { call in
            try await certificates.getSigningKeys(Common_V1_Empty(), options: call.options)
        }
        api.add(.get, "/api/v1/public/certificate-status", "证书状态查询（吊销状态，无需登录）", tag: tag, access: .open,
                query: Certificates_V1_CertificateStatusRequest.self, rateLimit: "lookup") { call in
            try await certificates.getCertificateStatus(try call.query(Certificates_V1_CertificateStatusRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/public/certificate-revocations", "已注销证书编号清单（离线验签用，无需登录）", tag: tag, access: .open,
                rateLimit: "lookup") { call in
            try await certificates.listRevocations(Certificates_V1_RevocationsRequest(), options: call.options)
        }

        // Public lookup (CE-7, B-4) and its log for the province
        api.add(.post, "/api/v1/public/certificate-lookup", "证书查询（按证书编号，或身份证号码和姓名；无需登录）", tag: tag, access: .open,
                body: Certificates_V1_PublicLookupRequest.self, rateLimit: "lookup") { call in
            try await certificates.lookupPublic(try await call.body(Certificates_V1_PublicLookupRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/certificate-lookup-log", "证书公开查询日志（省级）", tag: tag, query: Certificates_V1_LookupLogRequest.self) { call in
            try await certificates.listLookupLog(try call.query(Certificates_V1_LookupLogRequest.self), options: call.options)
        }
    }

    static func qr(_ certificate: Certificates_V1_Certificate) throws -> Response {
        guard let svg = QRCode(certificate.qrText, level: .low)?.svg else { throw RPCError(.internal, "二维码生成失败") }
        var headers: HTTPFields = [.contentType: "image/svg+xml"]
        headers[.cacheControl] = "private, no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
