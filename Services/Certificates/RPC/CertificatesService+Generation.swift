import CertificatesDomain
import CommonRules
import Proto
import RPC
import ServiceHost

extension CertificatesService {
    /// CE-2: the certificates of an approved test plan's passed candidates, in one transaction:
    /// numbers from the segment (locked), a signature each (B-1), the issue event and the
    /// registry's outbox row (B-3). All or nothing; a retry returns the first generation.
    public func generateCertificates(_ request: Certificates_V1_GenerateCertificatesRequest,
                                     context: CallContext) async throws -> Certificates_V1_GenerateCertificatesResponse {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        let facts = try await assessment.passedCandidates(testPlanID: request.testPlanID, options: context.forwarded)
        guard let plan = facts.plan else { throw CertificatesError.notFound("考核计划") }
        guard try await scope(orgID, context).contains(plan.reviewerOrgID) else { throw CertificatesError.notFound("考核计划") }
        guard plan.scoreState == .approved else { throw CertificatesError.scoresNotApproved }
        guard let issuer = try await identity.scope(of: plan.reviewerOrgID, deadline: context.forwarded).organisation else {
            throw CertificatesError.notFound("发证机关")
        }
        let region = Self.region(of: issuer)
        let years = try await settings(context).validityYears
        let now = Self.now
        let candidates = facts.candidates.map {
            PassedCandidate(studentUserID: $0.studentUserID, enrollmentID: $0.enrollmentID, name: $0.name, idNumber: $0.idNumber)
        }
        let refusals = Generation.refusals(candidates, today: ShanghaiCalendar.date(atUnix: now))
        guard let key = try? SegmentKey.at(unix: now, region: region, code: plan.post, level: SegmentKey.noLevel) else {
            throw CertificatesError.invalid(field: "testPlanId", message: "考核计划的岗位代码（\(plan.post)）不能用于证书编号")
        }
        let validity = Validity(issuedAtUnix: now, years: years)
        let keys = self.keys
        return try await transaction(context) { tx in
            // The segment first: a concurrent generation of the same plan waits here, then sees
            // the first one's row below.
            let segment = try SegmentStore.lock(key, codeName: plan.postName, issuerOrgID: issuer.id, issuerName: issuer.name, tx)
            if let done = try CertificateStore.generation(testPlanID: plan.id, tx) { return done }
            guard refusals.isEmpty else { throw CertificatesError.candidatesRefused(refusals) }
            guard !candidates.isEmpty else { throw CertificatesError.noPassedCandidates }
            let sequences: ClosedRange<Int>
            do throws(SegmentExhausted) { sequences = try SegmentKey.next(candidates.count, after: segment.current) } catch {
                throw CertificatesError.segmentExhausted(prefix: key.prefix, remaining: error.remaining, wanted: error.wanted)
            }
            // One signature each, over every core: the segment row stays locked meanwhile.
            let forms = zip(candidates, sequences).map { candidate, sequence in
                SignedForm(number: CertificateNumber(segment: key, sequence: sequence).description, holderName: candidate.name,
                           maskedIDNumber: Masking.idNumber(candidate.idNumber), code: key.code, level: key.level, issuer: region,
                           issuedOn: validity.issuedOn.description, validUntil: validity.validUntil.description)
            }
            let signatures = try keys.signAll(forms, region: region)
            let issued = zip(zip(candidates, sequences), zip(forms, signatures.signatures)).map { pair, signed in
                CertificateStore.Issued(number: signed.0.number, sequence: pair.1, holderUserID: pair.0.studentUserID,
                                        holderName: pair.0.name, idNumber: pair.0.idNumber, enrollmentID: pair.0.enrollmentID,
                                        employer: "", signature: Base64URL.encode(signed.1))
            }
            let keyID = signatures.keyID
            try CertificateStore.insertGeneration(testPlanID: plan.id, issued, by: caller.userID, tx)
            try CertificateStore.insert(CertificateStore.Batch(
                testPlanID: plan.id, registrationBatchID: nil, city: String(plan.divisionCode.prefix(4)), segmentID: segment.id, post: plan.post, postName: plan.postName, level: key.level,
                issuerOrgID: issuer.id, issuerName: issuer.name, orgID: plan.orgID, orgName: plan.orgName,
                issuedOn: validity.issuedOn.description, validUntil: validity.validUntil.description, keyID: keyID,
                generatedBy: caller.userID), issued, tx)
            try SegmentStore.advance(segment.id, to: sequences.upperBound, tx)
            try Self.log("certificate.generate", "test_plan", plan.id, by: caller, context, tx)
            var response = Certificates_V1_GenerateCertificatesResponse()
            response.issued = UInt32(issued.count)
            response.firstNumber = issued.first!.number
            response.lastNumber = issued.last!.number
            return response
        }
    }

    /// CE-1: the segments of the authorities the caller sees.
    public func listSegments(_ request: Certificates_V1_ListSegmentsRequest,
                             context: CallContext) async throws -> Certificates_V1_ListSegmentsResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        let window = try PageWindow(request.page)
        let issuers = try await scope(orgID, context)
        let page = try await transaction(context) { tx in
            try SegmentStore.list(window, year: Int(request.year), code: request.code.trimmingSpaces, issuers: issuers, tx)
        }
        var response = Certificates_V1_ListSegmentsResponse()
        response.segments = page.items
        response.page = page.info
        return response
    }
}
