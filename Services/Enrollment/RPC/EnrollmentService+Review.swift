import CommonRules
import EnrollmentDomain
import Proto
import RPC
import ServiceHost
import Storage

/// EN-4 (the institution's review and its lists) and EN-5 (my students, personnel search, export).
extension EnrollmentService {
    /// EN-4: the reasons an institution may give for a rejection, in the list's order.
    public func listRejectReasons(_ request: Common_V1_Empty, context: CallContext) async throws -> Enrollment_V1_RejectReasons {
        _ = try context.requireCaller()
        return try await transaction(context) { tx in
            var reasons = Enrollment_V1_RejectReasons()
            reasons.reasons = try RejectReasonStore.all(tx)
            return reasons
        }
    }

    /// EN-4: the institution approves, or rejects with reasons from the list and free text. The
    /// student is told either way.
    public func reviewEnrollment(_ request: Enrollment_V1_ReviewEnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview)
        let decision = try ReviewDecision(approve: request.approve, reasonCodes: request.rejectReasons, comment: request.rejectComment)
        return try await transaction(context) { tx in
            guard let current = try EnrollmentStore.load(request.enrollmentID, forUpdate: true, tx), current.orgID == orgID else {
                throw EnrollmentError.notFound("报名")
            }
            guard let from = EnrollmentStatus(current.state), let next = decision.step.next(from: from) else {
                throw EnrollmentError.enrollmentStepNotAllowed
            }
            var texts: [String] = []
            if decision.step == .reject { texts = try decision.reasonTexts(known: RejectReasonStore.texts(of: decision.reasonCodes, tx)) }
            try EnrollmentStore.review(current.id, next, reasons: decision.reasonCodes, comment: decision.storedComment,
                                       by: caller.userID, tx)
            try self.notifier.notify(userID: current.studentUserID, text: decision.notice(planName: current.planName, reasonTexts: texts),
                                     in: tx)
            try Self.log("enrollment.\(decision.step.rawValue)", "enrollment", current.id, by: caller, context, tx)
            return try EnrollmentStore.load(current.id, tx)!
        }
    }

    /// EN-4: the enrollments of the caller's institution (authorities: their subtree) by state
    /// and plan, newest first; ID numbers and phones masked (X-1).
    public func listEnrollments(_ request: Enrollment_V1_ListEnrollmentsRequest, context: CallContext) async throws -> Enrollment_V1_ListEnrollmentsResponse {
        var search = Enrollment_V1_SearchPersonnelRequest()
        search.page = request.page
        search.state = request.state
        search.planID = request.planID
        return try await searchPersonnel(search, context: context)
    }

    /// EN-5: personnel search by name (prefix), ID number, phone, employer (prefix),
    /// institution, plan and state within the caller's scope. "My students" is this with state
    /// approved on the caller's own institution.
    public func searchPersonnel(_ request: Enrollment_V1_SearchPersonnelRequest, context: CallContext) async throws -> Enrollment_V1_ListEnrollmentsResponse {
        let filter = try await personnelFilter(request, context)
        let window = try PageWindow(request.page)
        var response = try await transaction(context) { tx in
            try Self.enrollments(EnrollmentStore.search(filter, window, countLimit: Self.countLimit, tx))
        }
        response.enrollments = await withProgress(response.enrollments, context)
        return response
    }

    /// EN-5, X-2: the search as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese),
    /// masked like the list, at most `exportLimit` rows.
    public func exportPersonnel(_ request: Enrollment_V1_SearchPersonnelRequest, context: CallContext) async throws -> Enrollment_V1_ExportResponse {
        let filter = try await personnelFilter(request, context)
        let limit = Self.exportLimit
        return try await transaction(context) { tx in
            let enrollments = try EnrollmentStore.export(filter, limit: limit, tx)
            var csv = CSV(header: ["报名编号", "姓名", "身份证号", "手机号", "培训机构", "报名计划", "岗位", "工作单位", "状态", "提交时间"])
            var written = 0
            for e in enrollments.prefix(limit) where csv.text.utf8.count < Self.exportMaximumBytes {
                csv.append([String(e.id), e.name, e.idNumber, e.phone, e.orgName, e.planName, e.form?.post ?? "", e.form?.employerName ?? "",
                            (EnrollmentStatus(e.state) ?? .submitted).label, ShanghaiCalendar.text(atUnix: e.submittedAtUnix)])
                written += 1
            }
            var response = Enrollment_V1_ExportResponse()
            response.csv = csv.text
            response.rows = UInt32(written)
            response.truncated = written < enrollments.count
            return response
        }
    }

    static let exportLimit = 10_000
    /// An export stops growing past this size, well inside the RPC's 4 MiB frame (about 160 bytes
    /// a row makes 10,000 rows 1.6 MB; long names and employers could approach the frame).
    static let exportMaximumBytes = 3 * 1024 * 1024
    /// Searches over a city or the province count at most this many matches (X-2 totals stay cheap).
    static let countLimit = 10_000

    /// EN-5: the search's filters within the caller's scope: one organisation (the one asked
    /// for, or the caller's own when it has nothing below it; one outside the scope matches
    /// nothing), everything for the province, the caller's subtree otherwise.
    func personnelFilter(_ request: Enrollment_V1_SearchPersonnelRequest, _ context: CallContext) async throws -> PersonnelFilter {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove)
        let facts = try await identity.scope(of: orgID, deadline: context.forwarded)
        let scope: PersonnelFilter.Scope
        if request.orgID != 0 || facts.subtreeIds.count == 1 {
            let org = request.orgID != 0 ? request.orgID : orgID
            scope = .one(facts.subtreeIds.contains(org) ? org : 0)
        } else if facts.organisation?.kind != .province {
            scope = .any(facts.subtreeIds)
        } else {
            scope = .everything
        }
        return PersonnelFilter(scope: scope, namePrefix: request.name.trimmingSpaces, employerPrefix: request.employer.trimmingSpaces,
                               idNumber: request.idNumber.isEmpty ? nil : request.idNumber.trimmingSpaces.uppercased(),
                               phone: request.phone.isEmpty ? nil : request.phone.trimmingSpaces,
                               planID: request.planID, state: EnrollmentStatus(request.state))
    }
}

extension EnrollmentStatus {
    /// As institutions read it.
    var label: String {
        switch self {
        case .submitted: "待审核"
        case .approved: "已确认"
        case .rejected: "已驳回"
        case .withdrawn: "已删除"
        }
    }
}

/// RFC 4180 CSV. Cells that a spreadsheet would run as a formula (= + - @) are prefixed with an
/// apostrophe (CSV injection).
struct CSV {
    private(set) var text = "\u{FEFF}"

    init(header: [String]) { append(header) }

    mutating func append(_ cells: [String]) {
        text += cells.map(Self.escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ cell: String) -> String {
        var value = cell
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
