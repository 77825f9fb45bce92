import CommonRules
import EnrollmentDomain
import Proto
import RPC
import ServiceHost
import Storage

/// EN-4 (the institution's review and its lists) and EN-5 (my students, personnel search, export).
extension EnrollmentService {
    public func listRejectReasons(_ request: Common_V1_Empty, context: CallContext) async throws -> Enrollment_V1_RejectReasons {
        _ = try context.requireCaller()
        return try await transaction(context) { tx in
            var reasons = Enrollment_V1_RejectReasons()
            reasons.reasons = try tx.execute("SELECT code, text FROM reject_reasons ORDER BY position", []).map { row in
                var reason = Enrollment_V1_RejectReason()
                reason.code = try row.decode("code")
                reason.text = try row.decode("text")
                return reason
            }
            return reasons
        }
    }

    /// EN-4: the institution approves, or rejects with reasons from the list and free text. The
    /// student is told either way.
    public func reviewEnrollment(_ request: Enrollment_V1_ReviewEnrollmentRequest, context: CallContext) async throws -> Enrollment_V1_Enrollment {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview)
        let step: EnrollmentStep = request.approve ? .approve : .reject
        let comment = request.rejectComment.trimmingSpaces
        guard comment.count <= 500 else { throw EnrollmentError.textTooLong("rejectComment") }
        let codes = Array(Set(request.rejectReasons)).sorted()
        if step == .reject, codes.isEmpty { throw EnrollmentError.reasonRequired }
        return try await transaction(context) { tx in
            guard let current = try EnrollmentStore.load(request.enrollmentID, forUpdate: true, tx), current.orgID == orgID else {
                throw EnrollmentError.notFound("报名")
            }
            guard let from = EnrollmentStatus(current.state), let next = step.next(from: from) else {
                throw EnrollmentError.enrollmentStepNotAllowed
            }
            var texts: [String] = []
            if step == .reject {
                let known = Dictionary(uniqueKeysWithValues: try tx.execute(
                    "SELECT code, text FROM reject_reasons WHERE code = ANY($1::text[])", [.textArray(codes)])
                    .map { (try $0.decode("code", as: String.self), try $0.decode("text", as: String.self)) })
                if let unknown = codes.first(where: { known[$0] == nil }) { throw EnrollmentError.reasonUnknown(unknown) }
                texts = codes.compactMap { known[$0] }
            }
            try tx.execute("""
                UPDATE enrollments SET state = $2, reject_reasons = $3::text[], reject_comment = $4, reviewed_at = now(),
                       reviewed_by = $5 WHERE id = $1
                """, [.int(current.id), .text(next.rawValue), .textArray(codes), .text(step == .reject ? comment : ""),
                      .int(caller.userID)])
            let notice = step == .approve
                ? "您报名的\(current.planName)已通过培训机构审核。"
                : "您报名的\(current.planName)被驳回：" + (texts + (comment.isEmpty ? [] : [comment])).joined(separator: "；") + "。请修改后重新提交。"
            try self.notifier.notify(userID: current.studentUserID, text: notice, in: tx)
            try Self.log("enrollment.\(step.rawValue)", "enrollment", current.id, by: caller, context, tx)
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
        let (conditions, parameters, valueDependent) = try await personnelQuery(request, context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            if valueDependent { try Self.planEachTime(tx) }
            return try Self.enrollments(window.fetch(
                tx, columns: EnrollmentStore.columns, from: "\(EnrollmentStore.from) WHERE true", parameters: parameters,
                id: "e.id", order: .newestFirst, countLimit: Self.countLimit, keysFrom: "FROM enrollments e WHERE \(conditions)",
                { try EnrollmentStore.enrollment($0, .list) }) { $0.id })
        }
    }

    /// EN-5, X-2: the search as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese),
    /// masked like the list, at most `exportLimit` rows.
    public func exportPersonnel(_ request: Enrollment_V1_SearchPersonnelRequest, context: CallContext) async throws -> Enrollment_V1_ExportResponse {
        let (conditions, parameters, valueDependent) = try await personnelQuery(request, context)
        let limit = Self.exportLimit
        return try await transaction(context) { tx in
            if valueDependent { try Self.planEachTime(tx) }
            let rows = try tx.execute("""
                SELECT \(EnrollmentStore.columns) \(EnrollmentStore.from) WHERE \(conditions) ORDER BY e.id DESC LIMIT $\(parameters.count + 1)
                """,
                                      parameters + [.int(Int64(limit + 1))])
            var csv = CSV(header: ["报名编号", "姓名", "身份证号", "手机号", "培训机构", "报名计划", "岗位", "工作单位", "状态", "提交时间"])
            var written = 0
            for row in rows.prefix(limit) where csv.text.utf8.count < Self.exportMaximumBytes {
                let e = try EnrollmentStore.enrollment(row, .list)
                csv.append([String(e.id), e.name, e.idNumber, e.phone, e.orgName, e.planName, e.form?.post ?? "", e.form?.employerName ?? "",
                            (EnrollmentStatus(e.state) ?? .submitted).label, ShanghaiCalendar.text(atUnix: e.submittedAtUnix)])
                written += 1
            }
            var response = Enrollment_V1_ExportResponse()
            response.csv = csv.text
            response.rows = UInt32(written)
            response.truncated = written < rows.count
            return response
        }
    }

    static let exportLimit = 10_000
    /// An export stops growing past this size, well inside the RPC's 4 MiB frame (about 160 bytes
    /// a row makes 10,000 rows 1.6 MB; long names and employers could approach the frame).
    static let exportMaximumBytes = 3 * 1024 * 1024
    /// Searches over a city or the province count at most this many matches (X-2 totals stay cheap).
    static let countLimit = 10_000

    /// Plans this transaction's statements with their actual values. A search's best plan
    /// depends on them (a name prefix matching 1,000 rows wants the name index; a whole city's
    /// list wants the id order); the generic plan PostgreSQL switches a prepared statement to after
    /// five runs cannot tell, and picked a 1,000,000-row bitmap (docs/ENROLLMENT.md).
    static func planEachTime(_ tx: Transaction) throws {
        try tx.execute("SET LOCAL plan_cache_mode = force_custom_plan")
    }

    /// The conditions on `enrollments e` and their parameters for a personnel search, and whether
    /// its best plan depends on the values (a subtree's ids, a name or employer prefix). Only the
    /// filters given are written into the statement (each as a parameter), so every shape gets
    /// a plan that uses its index.
    func personnelQuery(_ request: Enrollment_V1_SearchPersonnelRequest, _ context: CallContext) async throws
        -> (conditions: String, parameters: [SQLValue], valueDependent: Bool) {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove)
        let facts = try await identity.scope(of: orgID, deadline: context.forwarded)
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        /// Appends a condition whose `?`s are its values, in order.
        func add(_ condition: String, _ values: SQLValue...) {
            var text = "", next = 0
            for character in condition {
                guard character == "?" else { text.append(character); continue }
                parameters.append(values[next])
                next += 1
                text += "$\(parameters.count)"
            }
            conditions.append(text)
        }
        // The scope as the narrowest condition: one organisation by equality (so its
        // (org_id, state, id) index gives the page in order), none for the province, which sees
        // everything, and the subtree's ids otherwise.
        if request.orgID != 0 || facts.subtreeIds.count == 1 {
            let org = request.orgID != 0 ? request.orgID : orgID
            add("e.org_id = ?", .int(facts.subtreeIds.contains(org) ? org : 0))
        } else if facts.organisation?.kind != .province {
            add("e.org_id = ANY(?::bigint[])", .intArray(facts.subtreeIds))
        }
        let name = request.name.trimmingSpaces, employer = request.employer.trimmingSpaces
        // Prefix matches as ranges on the text_pattern_ops indexes (docs/ENROLLMENT.md).
        if !name.isEmpty { add("e.name ~>=~ ? AND e.name ~<~ ?", .text(name), .text(name + "\u{10FFFF}")) }
        if !employer.isEmpty { add("e.employer_name ~>=~ ? AND e.employer_name ~<~ ?", .text(employer), .text(employer + "\u{10FFFF}")) }
        if !request.idNumber.isEmpty { add("e.id_number = ?", .text(request.idNumber.trimmingSpaces.uppercased())) }
        if !request.phone.isEmpty { add("e.phone = ?", .text(request.phone.trimmingSpaces)) }
        if request.planID != 0 { add("e.plan_id = ?", .int(request.planID)) }
        if let state = EnrollmentStatus(request.state) { add("e.state = ?", .text(state.rawValue)) }
        let valueDependent = !name.isEmpty || !employer.isEmpty || conditions.contains { $0.contains("ANY(") }
        return (conditions.isEmpty ? "true" : conditions.joined(separator: " AND "), parameters, valueDependent)
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
