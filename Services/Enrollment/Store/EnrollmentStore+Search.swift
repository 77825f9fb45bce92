import EnrollmentDomain
import Proto
import ServiceHost
import Storage

/// EN-5: a personnel search's filters over `enrollments`; each filter not given is left out.
struct PersonnelFilter: Sendable {
    /// The organisations whose enrollments are searched.
    enum Scope: Sendable {
        /// One organisation (an id outside the caller's scope is passed as 0: nothing matches).
        case one(Int64)
        /// A subtree's organisations.
        case any([Int64])
        /// Everything in this deployment (the province).
        case everything
    }

    var scope: Scope
    /// Name and employer by prefix; "" for any.
    var namePrefix = ""
    var employerPrefix = ""
    /// Exact; nil for any.
    var idNumber: String?
    var phone: String?
    /// 0 for any.
    var planID: Int64 = 0
    var state: EnrollmentStatus?
}

extension EnrollmentStore {
    /// EN-5: one page of the enrollments matching `filter` (`View.list`: masked, no long texts),
    /// newest first; the total counts at most `countLimit` matches.
    static func search(_ filter: PersonnelFilter, _ window: PageWindow, countLimit: Int,
                       _ tx: Transaction) throws -> Page<Enrollment_V1_Enrollment> {
        let (conditions, parameters, valueDependent) = query(filter)
        if valueDependent { try planEachTime(tx) }
        return try window.fetch(
            tx, columns: columns, from: "\(from) WHERE true", parameters: parameters,
            id: "e.id", order: .newestFirst, countLimit: countLimit, keysFrom: "FROM enrollments e WHERE \(conditions)",
            { try enrollment($0, .list) }) { $0.id }
    }

    /// EN-5, X-2: the newest `limit` + 1 enrollments matching `filter` (`View.list`), newest first:
    /// one more than exported, so the caller sees that more matched.
    static func export(_ filter: PersonnelFilter, limit: Int, _ tx: Transaction) throws -> [Enrollment_V1_Enrollment] {
        let (conditions, parameters, valueDependent) = query(filter)
        if valueDependent { try planEachTime(tx) }
        return try tx.execute("""
            SELECT \(columns) \(from) WHERE \(conditions) ORDER BY e.id DESC LIMIT $\(parameters.count + 1)
            """, parameters + [.int(Int64(limit + 1))]).map { try enrollment($0, .list) }
    }

    /// Plans this transaction's statements with their actual values. A search's best plan
    /// depends on them (a name prefix matching 1,000 rows wants the name index; a whole city's
    /// list wants the id order); the generic plan PostgreSQL switches a prepared statement to after
    /// five runs cannot tell, and picked a 1,000,000-row bitmap (docs/ENROLLMENT.md).
    static func planEachTime(_ tx: Transaction) throws {
        try tx.execute("SET LOCAL plan_cache_mode = force_custom_plan")
    }

    /// The conditions on `enrollments e` and their parameters for `filter`, and whether its best
    /// plan depends on the values (a subtree's ids, a name or employer prefix). Only the filters
    /// given are written into the statement (each as a parameter), so every shape gets a plan
    /// that uses its index.
    static func query(_ filter: PersonnelFilter) -> (conditions: String, parameters: [SQLValue], valueDependent: Bool) {
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
        switch filter.scope {
        case .one(let org): add("e.org_id = ?", .int(org))
        case .any(let orgs): add("e.org_id = ANY(?::bigint[])", .intArray(orgs))
        case .everything: break
        }
        let name = filter.namePrefix, employer = filter.employerPrefix
        // Prefix matches as ranges on the text_pattern_ops indexes (docs/ENROLLMENT.md).
        if !name.isEmpty { add("e.name ~>=~ ? AND e.name ~<~ ?", .text(name), .text(name + "\u{10FFFF}")) }
        if !employer.isEmpty { add("e.employer_name ~>=~ ? AND e.employer_name ~<~ ?", .text(employer), .text(employer + "\u{10FFFF}")) }
        if let idNumber = filter.idNumber { add("e.id_number = ?", .text(idNumber)) }
        if let phone = filter.phone { add("e.phone = ?", .text(phone)) }
        if filter.planID != 0 { add("e.plan_id = ?", .int(filter.planID)) }
        if let state = filter.state { add("e.state = ?", .text(state.rawValue)) }
        let valueDependent = !name.isEmpty || !employer.isEmpty || conditions.contains { $0.contains("ANY(") }
        return (conditions.isEmpty ? "true" : conditions.joined(separator: " AND "), parameters, valueDependent)
    }
}
