import CertificatesDomain
import CommonRules
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Spreadsheet
import Storage

extension CertificatesService {
    /// B-6: registration batches go through the approval engine as flow `batch`: the unit's city
    /// authority, then the province (a 省直所's batch goes straight to the province).
    public static func batchFlow(reviewDays: Int) -> ApprovalFlow { ApprovalFlow(name: "batch", acceptsFirst: false, reviewDays: reviewDays) }

    static let batchReaders = [Permission.certificateBusinessApply, Permission.certificateBusinessReview, Permission.certificateManage]

    // MARK: The unit's batch

    /// CE-3: a named batch of the caller's unit, 待提交. A retry with the same request id returns it.
    public func createBatch(_ request: Certificates_V1_CreateBatchRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        let name = try Self.batchName(request.name)
        guard let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation else {
            throw CertificatesError.notFound("机构")
        }
        let requestID = String(request.requestID.prefix(64))
        let id: Int64 = try await transaction(context) { tx in
            if let earlier = try BatchStore.byRequest(orgID: orgID, requestID: requestID, tx) { return earlier }
            guard let id = try BatchStore.create(BatchStore.New(
                orgID: orgID, orgName: organisation.name, orgCode: organisation.code, city: String(organisation.divisionCode.prefix(4)),
                name: name, requestID: requestID, createdBy: caller.userID), tx) else { throw RPCError(.aborted, "请重试") }
            try Self.log("certificate_batch.create", "certificate_batch", id, by: caller, context, tx)
            return id
        }
        return try await batchDetail(id, orgID: orgID, context)
    }

    /// CE-3: the unit renames its batch while it is 待提交 or 审核不通过.
    public func updateBatch(_ request: Certificates_V1_UpdateBatchRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let name = try Self.batchName(request.name)
        let orgID = try await editBatch(request.id, "certificate_batch.rename", context) { id, tx in try BatchStore.rename(id, name, tx) }.orgID
        return try await batchDetail(request.id, orgID: orgID, context)
    }

    /// CE-3: the unit deletes its batch while it is 待提交 (a rejected one keeps its review log).
    public func deleteBatch(_ request: Certificates_V1_BatchRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        return try await transaction(context) { tx in
            guard let batch = try BatchStore.load(request.id, forUpdate: true, tx), batch.orgID == orgID else { throw CertificatesError.notFound("批次") }
            guard batch.state == .draft, batch.submittedAtUnix == 0 else { throw RPCError(.failedPrecondition, "只能删除未提交过审核的批次") }
            try BatchStore.delete(batch.id, tx)
            try Self.log("certificate_batch.delete", "certificate_batch", batch.id, by: caller, context, tx)
            return batch
        }
    }

    /// CE-3: the template, CSV (UTF-8 with BOM) or XLSX, with one example row.
    public func getBatchTemplate(_ request: Certificates_V1_BatchTemplateRequest, context: CallContext) async throws -> Certificates_V1_CertificateFile {
        _ = try Self.orgCaller(context, anyOf: Self.batchReaders)
        var file = Certificates_V1_CertificateFile()
        switch request.format.lowercased() {
        case "", "xlsx":
            file.filename = "合格人员模板.xlsx"
            file.contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            do {
                file.content = try XLSXWriter.workbook(sheetName: "合格人员", columns: zip(BatchSheet.headers, BatchSheet.widths).map {
                    XLSXWriter.Column($0, width: $1)
                }, rows: [BatchSheet.example])
            } catch { throw RPCError(.internal, "模板生成失败") }
        case "csv":
            file.filename = "合格人员模板.csv"
            file.contentType = "text/csv; charset=utf-8"
            file.content = CSV.bytes([BatchSheet.headers, BatchSheet.example])
        default:
            throw RPCError.invalidArgument("格式应为 csv 或 xlsx", field: "format")
        }
        return file
    }

    /// CE-3, B-7: the persons of a sheet checked row by row against the catalog and the batch;
    /// `commit` adds them when no row failed (all or nothing), else nothing is written. The
    /// answer has every row's errors (the first 200) and a preview of the first 20 persons.
    public func importBatchCandidates(_ request: Certificates_V1_ImportBatchCandidatesRequest,
                                      context: CallContext) async throws -> Certificates_V1_ImportBatchCandidatesResponse {
        guard !request.content.isEmpty else { throw RPCError.invalidArgument("请选择人员文件", field: "content") }
        guard request.content.count <= 3 * 1024 * 1024 else { throw RPCError.invalidArgument("人员文件不能超过3MB", field: "content") }
        let rows: SheetRows
        do { rows = try SheetFile.rows(request.content, filename: request.filename) } catch {
            throw RPCError.invalidArgument(error.message, field: "content")
        }
        let posts = try await postNames(BatchSheet.postCodes(rows), context)
        let today = Self.today
        let commit = request.commit
        return try await editBatch(request.batchID, commit ? "certificate_batch.import" : nil, context) { id, tx in
            var response = Certificates_V1_ImportBatchCandidatesResponse()
            let existing = try BatchStore.candidateKeys(id, tx)
            let checked = BatchSheet.validate(rows, posts: Set(posts.keys), existing: existing, today: today.tuple)
            response.rows = UInt32(max(0, rows.count - 1))
            response.errorCount = UInt32(checked.errors.count)
            response.errors = checked.errors.prefix(200).map { error in
                var item = Certificates_V1_ImportRowError()
                item.row = UInt32(error.row)
                item.column = error.column
                item.message = error.message
                return item
            }
            response.preview = checked.persons.prefix(20).map { Self.candidate($0, postName: posts[$0.post] ?? $0.post) }
            guard commit, checked.errors.isEmpty else { return response }
            guard existing.count + checked.persons.count <= BatchSheet.maximumRows else {
                throw RPCError.invalidArgument("一个批次最多\(BatchSheet.maximumRows)人", field: "content")
            }
            response.imported = UInt32(try BatchStore.insert(id, checked.persons, postNames: posts, tx))
            return response
        }.result
    }

    /// CE-3: one person added (candidate 0) or corrected, while the batch is editable.
    public func saveBatchCandidate(_ request: Certificates_V1_SaveBatchCandidateRequest,
                                   context: CallContext) async throws -> Certificates_V1_BatchCandidate {
        let posts = try await postNames([request.post.trimmingSpaces.uppercased()], context)
        let (person, errors) = BatchSheet.person(row: 0, name: request.name, idNumber: request.idNumber, employer: request.employer,
                                                 post: request.post, level: request.level, posts: Set(posts.keys), today: Self.today.tuple)
        guard let person else {
            let first = errors.first
            let field = ["姓名": "name", "身份证号": "idNumber", "工作单位": "employer", "岗位代码": "post", "等级": "level"][first?.column ?? ""] ?? "name"
            throw RPCError.invalidArgument(first?.message ?? "人员信息有误", field: field)
        }
        let postName = posts[person.post] ?? person.post
        try await editBatch(request.batchID, request.candidateID == 0 ? "certificate_batch.candidate.add" : "certificate_batch.candidate.edit",
                                context) { id, tx in
            if try BatchStore.candidateKeys(id, except: request.candidateID, tx).contains("\(person.idNumber)/\(person.post)") {
                throw RPCError.invalidArgument("该人员的此岗位已在本批次中", field: "idNumber")
            }
            if request.candidateID == 0 {
                _ = try BatchStore.insert(id, [person], postNames: [person.post: postName], tx)
            } else if try !BatchStore.updateCandidate(id, request.candidateID, person, postName: postName, tx) {
                throw CertificatesError.notFound("人员")
            }
        }
        return Self.candidate(person, postName: postName)
    }

    /// CE-3: one person removed while the batch is editable.
    public func deleteBatchCandidate(_ request: Certificates_V1_BatchCandidateRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let orgID = try await editBatch(request.batchID, "certificate_batch.candidate.delete", context) { id, tx in
            guard try BatchStore.deleteCandidate(id, request.candidateID, tx) else { throw CertificatesError.notFound("人员") }
        }.orgID
        return try await batchDetail(request.batchID, orgID: orgID, context)
    }

    /// CE-3: at most 2 documents (PDF) and 20 images (jpg, png), each at most 2 MB, by magic bytes.
    public func uploadBatchFile(_ request: Certificates_V1_UploadBatchFileRequest, context: CallContext) async throws -> Certificates_V1_BatchFileInfo {
        let content = request.content
        guard !content.isEmpty else { throw RPCError.invalidArgument("请选择文件", field: "content") }
        guard content.count <= BatchSheet.maximumFileBytes else { throw RPCError.invalidArgument("每个文件不得超过2MB", field: "content") }
        guard let type = FileType(magic: content) else { throw RPCError.invalidArgument("文档应为PDF，图片应为jpg或png", field: "content") }
        let kind = type.isImage ? "image" : "document"
        let name = String(request.fileName.trimmingSpaces.prefix(100))
        let digest = Crypto.sha256Hex(content)
        let caller = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply).0
        return try await editBatch(request.batchID, "certificate_batch.file.upload", context) { id, tx in
            let files = try BatchStore.files(id, tx)
            let (limit, what) = type.isImage ? (BatchSheet.maximumImages, "图片") : (BatchSheet.maximumDocuments, "文档")
            guard files.filter({ $0.kind == kind }).count < limit else {
                throw RPCError.invalidArgument("每个批次最多上传\(limit)个\(what)", field: "content")
            }
            return try BatchStore.insertFile(id, kind: kind, name: name, type: type, digest: digest, content: content, by: caller.userID, tx)
        }.result
    }

    public func deleteBatchFile(_ request: Certificates_V1_BatchFileRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let orgID = try await editBatch(request.batchID, "certificate_batch.file.delete", context) { id, tx in
            guard try BatchStore.deleteFile(id, request.fileID, tx) else { throw CertificatesError.notFound("文件") }
        }.orgID
        return try await batchDetail(request.batchID, orgID: orgID, context)
    }

    /// A batch's file, for its unit and the authorities above it.
    public func getBatchFile(_ request: Certificates_V1_BatchFileRequest, context: CallContext) async throws -> Certificates_V1_CertificateFile {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.batchReaders)
        let scope = Set(try await scope(orgID, context))
        guard let file = try await transaction(context, { tx -> (name: String, contentType: String, content: [UInt8])? in
            guard let batch = try BatchStore.load(request.batchID, tx), scope.contains(batch.orgID) else { return nil }
            return try BatchStore.file(batch.id, request.fileID, tx)
        }) else { throw CertificatesError.notFound("文件") }
        var response = Certificates_V1_CertificateFile()
        response.filename = file.name
        response.contentType = file.contentType
        response.content = file.content
        return response
    }

    // MARK: Reading

    public func getBatch(_ request: Certificates_V1_BatchRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.batchReaders)
        return try await batchDetail(request.id, orgID: orgID, context)
    }

    public func listBatches(_ request: Certificates_V1_ListBatchesRequest, context: CallContext) async throws -> Certificates_V1_ListBatchesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.batchReaders)
        let window = try PageWindow(request.page)
        var wanted = BatchStore.Filter()
        wanted.state = BatchState(request.state)
        wanted.query = request.query.trimmingSpaces
        wanted.awaiting = request.awaitingMyReview
        wanted.reviewedByMe = request.reviewedByMe
        let filter = wanted
        let scope = try await scope(orgID, context)
        let page = try await transaction(context) { tx in try BatchStore.list(window, scope: scope, callerOrgID: orgID, filter, tx) }
        var response = Certificates_V1_ListBatchesResponse()
        response.batches = page.items.map { batch in
            var batch = batch
            batch.awaitingMyReview = batch.state == .reviewing && batch.reviewerOrgID == orgID
            return batch
        }
        response.page = page.info
        return response
    }

    /// The batch's candidates a page at a time; ID numbers in full for its unit and its reviewers.
    public func listBatchCandidates(_ request: Certificates_V1_ListBatchCandidatesRequest,
                                    context: CallContext) async throws -> Certificates_V1_ListBatchCandidatesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Self.batchReaders)
        let window = try PageWindow(request.page)
        let scope = Set(try await scope(orgID, context))
        let verdict = CandidateVerdict(request.verdict)
        let query = request.query.trimmingSpaces
        let page = try await transaction(context) { tx in
            guard let batch = try BatchStore.load(request.batchID, tx), scope.contains(batch.orgID) else { throw CertificatesError.notFound("批次") }
            return try BatchStore.candidates(window, batchID: batch.id, verdict: verdict, query: query, full: true, tx)
        }
        var response = Certificates_V1_ListBatchCandidatesResponse()
        response.candidates = page.items
        response.page = page.info
        return response
    }

    // MARK: Review

    /// CE-3: the stop's authority marks one candidate passed or rejected (a reason required), or
    /// (candidate 0) every candidate not yet reviewed passed.
    public func reviewBatchCandidate(_ request: Certificates_V1_ReviewBatchCandidateRequest,
                                     context: CallContext) async throws -> Certificates_V1_Batch {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessReview)
        let reason = request.reason.trimmingSpaces
        if !request.pass, reason.isEmpty { throw RPCError.invalidArgument("请填写不通过原因", field: "reason") }
        guard reason.count <= 200 else { throw RPCError.invalidArgument("原因不能超过200字", field: "reason") }
        if !request.pass, request.candidateID == 0 { throw RPCError.invalidArgument("请逐个标记不通过的人员", field: "candidateId") }
        let scope = Set(try await scope(orgID, context))
        try await transaction(context) { tx in
            guard let batch = try BatchStore.load(request.batchID, forUpdate: true, tx), scope.contains(batch.orgID) else {
                throw CertificatesError.notFound("批次")
            }
            guard batch.state == .reviewing, batch.reviewerOrgID == orgID else { throw RPCError(.failedPrecondition, "该批次不在本单位审核") }
            guard try BatchStore.setVerdict(batch.id, candidateID: request.candidateID, request.pass ? .passed : .rejected,
                                            reason: request.pass ? "" : reason, tx) > 0 || request.candidateID == 0 else {
                throw CertificatesError.notFound("人员")
            }
            try Self.log("certificate_batch.candidate.\(request.pass ? "pass" : "reject")", "certificate_batch", batch.id, by: caller, context, tx)
        }
        return try await batchDetail(request.batchID, orgID: orgID, context)
    }

    /// CE-3: submit (the unit), approve / reject / return the rejected (the stop's authority).
    /// The province's approval issues the certificates in the same transaction.
    public func actOnBatch(_ request: Certificates_V1_BatchActionRequest, context: CallContext) async throws -> Certificates_V1_Batch {
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 200 else { throw RPCError.invalidArgument("审核意见不能超过200字", field: "comment") }
        switch request.action {
        case .submit: return try await submitBatch(request.id, context)
        case .approve, .reject, .returnRejected: return try await decideBatch(request.id, request.action, comment: comment, context)
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
    }

    private func submitBatch(_ id: Int64, _ context: CallContext) async throws -> Certificates_V1_Batch {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        let route = try await batchRoute(orgID, context)
        let names = try await stopNames(route, context)
        let settings = try await settings(context)
        let now = Self.now
        try await transaction(context) { tx in
            guard let batch = try BatchStore.load(id, forUpdate: true, tx), batch.orgID == orgID else { throw CertificatesError.notFound("批次") }
            guard (BatchState(batch.state) ?? .draft).editable else { throw RPCError(.failedPrecondition, "该批次已提交审核") }
            guard batch.candidateCount > 0 else { throw RPCError(.failedPrecondition, "请先上传合格人员") }
            try Approvals.apply(.submit, flow: Self.batchFlow(reviewDays: settings.reviewDays), itemID: id, applicantOrgID: orgID,
                                current: batch.state == .rejected ? .rejected : .draft, route: route, actorUserID: caller.userID,
                                reviewerOrgID: nil, reason: "", now: now, tx)
            try BatchStore.resetVerdicts(id, tx)
            try BatchStore.setState(id, .reviewing, stage: route[0].level.rawValue, reviewerOrgID: route[0].orgID, reviewerName: names[0],
                                    comment: "", submitted: true, tx)
            try Self.log("certificate_batch.submit", "certificate_batch", id, by: caller, context, tx)
        }
        return try await batchDetail(id, orgID: orgID, context)
    }

    private func decideBatch(_ id: Int64, _ action: Certificates_V1_BatchAction, comment: String,
                             _ context: CallContext) async throws -> Certificates_V1_Batch {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessReview)
        let scope = Set(try await scope(orgID, context))
        guard let current = try await transaction(context, { tx in try BatchStore.load(id, tx) }), scope.contains(current.orgID) else {
            throw CertificatesError.notFound("批次")
        }
        let route = (try await transaction(context) { tx in try Approvals.load(Self.batchFlow(reviewDays: 0), id, tx) })?.route ?? []
        let names = try await stopNames(route, context)
        let settings = try await settings(context)
        let issuer = try await identity.scope(of: orgID, deadline: context.forwarded).organisation
        let now = Self.now
        let keys = self.keys
        try await transaction(context) { tx in
            guard let batch = try BatchStore.load(id, forUpdate: true, tx), batch.state == .reviewing, batch.reviewerOrgID == orgID else {
                throw RPCError(.failedPrecondition, "该批次不在本单位审核")
            }
            let flow = Self.batchFlow(reviewDays: settings.reviewDays)
            let decision = BatchDecision.from(try BatchStore.verdicts(id, tx))
            var reason = comment
            if action == .reject {
                guard !comment.isEmpty else { throw RPCError.invalidArgument("请填写不通过原因", field: "comment") }
                try Approvals.apply(.reject, flow: flow, itemID: id, applicantOrgID: batch.orgID, current: .pending(stop: 0), route: [],
                                    actorUserID: caller.userID, reviewerOrgID: orgID, reason: comment, now: now, tx)
                try BatchStore.setState(id, .rejected, stage: "", reviewerOrgID: 0, reviewerName: "", comment: comment, reviewed: true, tx)
                try Self.log("certificate_batch.reject", "certificate_batch", id, by: caller, context, tx)
                return
            }
            if action == .returnRejected {
                guard decision == .rejectOrReturn, batch.passedCount > 0 else {
                    throw RPCError(.failedPrecondition, "须先审核全部人员，且既有通过也有不通过的人员")
                }
                guard let returned = try BatchStore.create(BatchStore.New(
                    orgID: batch.orgID, orgName: batch.orgName, orgCode: String(batch.code.dropLast(4)), city: try BatchStore.city(id, tx),
                    name: "\(batch.name)（退回）", requestID: "", createdBy: caller.userID, returnedFrom: id, state: .rejected,
                    comment: comment.isEmpty ? "审核不通过的人员退回" : comment), tx) else { throw RPCError(.aborted, "请重试") }
                let moved = try BatchStore.moveRejected(from: id, to: returned, tx)
                let code = try BatchStore.load(returned, tx)?.code ?? ""
                reason = "退回审核不通过的\(moved)人（批次 \(code)），其余通过" + (comment.isEmpty ? "" : "；\(comment)")
                try Self.log("certificate_batch.return", "certificate_batch", returned, by: caller, context, tx)
            } else {
                guard decision == .approve else {
                    throw RPCError(.failedPrecondition, decision == .undecided ? "还有人员未审核" : "有人员审核不通过，不能通过该批次（可驳回或仅退回不通过的人员）")
                }
            }
            let stage = try Approvals.apply(.approve, flow: flow, itemID: id, applicantOrgID: batch.orgID, current: .pending(stop: 0), route: [],
                                            actorUserID: caller.userID, reviewerOrgID: orgID, reason: reason, now: now, tx)
            if case .pending(let stop) = stage, stop < route.count {
                try BatchStore.resetVerdicts(id, tx)
                try BatchStore.setState(id, .reviewing, stage: route[stop].level.rawValue, reviewerOrgID: route[stop].orgID,
                                        reviewerName: names[stop], reviewed: true, tx)
            } else {
                guard let issuer else { throw CertificatesError.notFound("发证机关") }
                try Self.issue(batchID: id, batch, issuer: issuer, years: settings.validityYears, keys: keys, by: caller.userID, now: now, tx)
                try BatchStore.setState(id, .approved, stage: "", reviewerOrgID: 0, reviewerName: "", reviewed: true, tx)
            }
            try Self.log("certificate_batch.approve", "certificate_batch", id, by: caller, context, tx)
        }
        return try await batchDetail(id, orgID: orgID, context)
    }

    /// The province's approval: the batch's persons get numbers (one segment per post and level,
    /// locked in key order so that concurrent issues never deadlock), signatures, their events,
    /// outbox rows and tallies — CE-1's allocator, as generation uses it.
    static func issue(batchID: Int64, _ batch: Certificates_V1_Batch, issuer: Identity_V1_Organisation, years: Int, keys: SigningKeys,
                      by userID: Int64, now: Int64, _ tx: Transaction) throws {
        let persons = try BatchStore.persons(batchID, tx)
        let region = Self.region(of: issuer)
        let validity = Validity(issuedAtUnix: now, years: years)
        let groups = Dictionary(grouping: persons) { "\($0.person.post)/\($0.person.level)" }
        var numbers: [String] = []
        let city = try BatchStore.city(batchID, tx)
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let first = group[0]
            let segmentKey: SegmentKey
            do { segmentKey = try SegmentKey.at(unix: now, region: region, code: first.person.post, level: first.person.level) } catch {
                throw CertificatesError.invalid(field: "post", message: "岗位代码（\(first.person.post)）不能用于证书编号")
            }
            let segment = try SegmentStore.lock(segmentKey, codeName: first.postName, issuerOrgID: issuer.id, issuerName: issuer.name, tx)
            let sequences: ClosedRange<Int>
            do throws(SegmentExhausted) { sequences = try SegmentKey.next(group.count, after: segment.current) } catch {
                throw CertificatesError.segmentExhausted(prefix: segmentKey.prefix, remaining: error.remaining, wanted: error.wanted)
            }
            let forms = zip(group, sequences).map { entry, sequence in
                SignedForm(number: CertificateNumber(segment: segmentKey, sequence: sequence).description, holderName: entry.person.name,
                           maskedIDNumber: Masking.idNumber(entry.person.idNumber), code: segmentKey.code, level: segmentKey.level,
                           issuer: region, issuedOn: validity.issuedOn.description, validUntil: validity.validUntil.description)
            }
            let signed = try keys.signAll(forms, region: region)
            let issued = zip(zip(group, sequences), zip(forms, signed.signatures)).map { pair, form in
                CertificateStore.Issued(number: form.0.number, sequence: pair.1, holderUserID: 0, holderName: pair.0.person.name,
                                        idNumber: pair.0.person.idNumber, enrollmentID: 0, employer: pair.0.person.employer,
                                        signature: Base64URL.encode(form.1))
            }
            try CertificateStore.insert(CertificateStore.Batch(
                testPlanID: nil, registrationBatchID: batchID, city: city, segmentID: segment.id, post: first.person.post,
                postName: first.postName, level: segmentKey.level, issuerOrgID: issuer.id, issuerName: issuer.name, orgID: batch.orgID,
                orgName: batch.orgName, issuedOn: validity.issuedOn.description, validUntil: validity.validUntil.description,
                keyID: signed.keyID, generatedBy: userID), issued, tx)
            try SegmentStore.advance(segment.id, to: sequences.upperBound, tx)
            numbers += issued.map(\.number)
        }
        try BatchStore.linkCertificates(batchID, tx)
        try BatchStore.setNumbers(batchID, first: numbers.min() ?? "", last: numbers.max() ?? "", tx)
    }

    // MARK: Helpers

    static func batchName(_ text: String) throws -> String {
        let name = text.trimmingSpaces
        guard (1...50).contains(name.count), !name.contains(where: \.isNewline) else {
            throw RPCError.invalidArgument("批次名称应为1至50字", field: "name")
        }
        return name
    }

    static func candidate(_ person: BatchPerson, postName: String) -> Certificates_V1_BatchCandidate {
        var c = Certificates_V1_BatchCandidate()
        c.row = UInt32(max(0, person.row))
        c.name = person.name
        c.idNumber = person.idNumber
        c.employer = person.employer
        c.post = person.post
        c.postName = postName
        c.level = person.level
        c.verdict = .pending
        return c
    }

    /// The names of the catalog's posts and trades among `codes`.
    func postNames(_ codes: [String], _ context: CallContext) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        let entries = try await identity.catalogEntries(codes, deadline: context.forwarded)
        return Dictionary(entries.compactMap { entry in
            guard entry.kind == .post || entry.kind == .trade, let current = entry.current else { return nil }
            return (entry.code, current.name)
        }, uniquingKeysWith: { first, _ in first })
    }

    /// The unit's stops: its city authority and the province, or the province for a 省直所.
    func batchRoute(_ orgID: Int64, _ context: CallContext) async throws -> [ApprovalStop] {
        guard let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation else { throw ApprovalRefusal.noRoute }
        let parent = try await identity.scope(of: organisation.parentID, deadline: context.forwarded).organisation
        let route = ApprovalFlow.route(parentID: organisation.parentID, parentIsProvince: organisation.kind == .provinceDirect,
                                       provinceID: parent?.parentID, upTo: .province)
        guard !route.isEmpty else { throw ApprovalRefusal.noRoute }
        return route
    }

    func stopNames(_ route: [ApprovalStop], _ context: CallContext) async throws -> [String] {
        var names: [String] = []
        for stop in route { names.append(try await identity.scope(of: stop.orgID, deadline: context.forwarded).organisation?.name ?? "") }
        return names
    }

    /// Runs `change` on the caller's own batch while it is editable, with its log entry (none
    /// for a dry run). - Returns: the caller's organisation.
    @discardableResult
    func editBatch<T: Sendable>(_ id: Int64, _ action: String?, _ context: CallContext,
                                _ change: @escaping @Sendable (Int64, Transaction) throws -> T) async throws -> (orgID: Int64, result: T) {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateBusinessApply)
        let result = try await transaction(context) { tx in
            guard let batch = try BatchStore.load(id, forUpdate: true, tx), batch.orgID == orgID else { throw CertificatesError.notFound("批次") }
            guard (BatchState(batch.state) ?? .draft).editable else { throw RPCError(.failedPrecondition, "批次审核中或已通过，不能修改") }
            let result = try change(batch.id, tx)
            if let action { try Self.log(action, "certificate_batch", batch.id, by: caller, context, tx) }
            return result
        }
        return (orgID, result)
    }

    /// A batch with its files and review log, when the caller's subtree holds it.
    func batchDetail(_ id: Int64, orgID: Int64, _ context: CallContext) async throws -> Certificates_V1_Batch {
        let scope = Set(try await scope(orgID, context))
        let (batch, files, timeline) = try await transaction(context) { tx in
            guard let batch = try BatchStore.load(id, tx), scope.contains(batch.orgID) else { throw CertificatesError.notFound("批次") }
            return (batch, try BatchStore.files(id, tx), try Approvals.timeline(Self.batchFlow(reviewDays: 0), id, tx))
        }
        var detail = batch
        detail.files = files
        detail.timeline = try await reviewTimeline(timeline, context)
        detail.awaitingMyReview = detail.state == .reviewing && detail.reviewerOrgID == orgID
        return detail
    }
}
