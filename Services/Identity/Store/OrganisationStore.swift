import CommonRules
import IdentityDomain
import Proto
import ServiceHost
import Storage

/// SQL for the organisation tree (ID-5).
enum OrganisationStore {
    static let columns = columns()

    /// The columns `organisation(_:prefix:)` reads, from `table` (an alias, or none) and named
    /// with `prefix`, so a query that joins users can carry them beside the user's own.
    static func columns(of table: String? = nil, prefix: String = "") -> String {
        let t = table.map { $0 + "." } ?? ""
        return """
            \(t)id AS \(prefix)id, coalesce(\(t)parent_id, 0) AS \(prefix)parent_id, \(t)kind AS \(prefix)kind,
            \(t)name AS \(prefix)name, \(t)code AS \(prefix)code, \(t)division_code AS \(prefix)division_code,
            \(t)online AS \(prefix)online, \(t)post_scope AS \(prefix)post_scope,
            extract(epoch FROM \(t)created_at)::bigint AS \(prefix)created
            """
    }

    static func organisation(_ row: Row) throws -> Identity_V1_Organisation {
        try organisation(row, prefix: "")
    }

    static func organisation(_ row: Row, prefix: String) throws -> Identity_V1_Organisation {
        var organisation = Identity_V1_Organisation()
        organisation.id = try row.decode(prefix + "id")
        organisation.parentID = try row.decode(prefix + "parent_id")
        organisation.kind = OrgKind(rawValue: try row.decode(prefix + "kind")).map(Identity_V1_OrgKind.init) ?? .unspecified
        organisation.name = try row.decode(prefix + "name")
        organisation.code = try row.decode(prefix + "code")
        organisation.divisionCode = try row.decode(prefix + "division_code")
        organisation.online = try row.decode(prefix + "online")
        organisation.postScope = try row.strings(prefix + "post_scope")
        organisation.createdAtUnix = try row.decode(prefix + "created")
        return organisation
    }

    static func load(_ id: Int64, _ transaction: some SQLExecutor) throws -> Identity_V1_Organisation? {
        try transaction.execute("SELECT \(columns) FROM organisations WHERE id = $1", [.int(id)]).first.map(organisation)
    }

    /// The kind of organisation `id`, nil when there is none (or its kind is unknown).
    static func kind(of id: Int64, _ transaction: Transaction) throws -> OrgKind? {
        let stored: String? = try transaction.execute("SELECT kind FROM organisations WHERE id = $1", [.int(id)]).first?["kind"]
        return stored.flatMap { OrgKind(rawValue: $0) }
    }

    /// The ids of organisation `root` and everything below it, sorted.
    static func subtreeIDs(root: Int64, _ transaction: Transaction) throws -> [Int64] {
        try transaction.execute("SELECT id FROM \(subtree(root: "$1")) AS s ORDER BY id", [.int(root)]).map { try $0.decode("id") }
    }

    /// One page of the organisations in `root`'s subtree, optionally only the children of
    /// `parentID` (0: any), of one `kind` (stored name; nil: any) and with `nameContains` in the name.
    static func page(root: Int64, parentID: Int64, kind: String?, nameContains: String, window: PageWindow,
                     _ transaction: Transaction) throws -> Page<Identity_V1_Organisation> {
        try window.fetch(transaction, columns: columns, from: """
            FROM organisations WHERE id IN \(subtree(root: "$1"))
              AND ($2 = 0 OR parent_id = $2) AND ($3::text IS NULL OR kind = $3)
              AND ($4 = '' OR strpos(name, $4) > 0)
            """, parameters: [.int(root), .int(parentID), kind.map { .text($0) } ?? .null, .text(nameContains)],
            id: "id", organisation) { $0.id }
    }

    /// ID-10: every online city authority, by division code then id (the open registration list).
    static func onlineCityAuthorities(_ transaction: Transaction) throws -> [Identity_V1_CityAuthority] {
        try transaction.execute("""
            SELECT id, name, division_code FROM organisations
             WHERE kind = $1 AND online ORDER BY division_code, id
            """, [.text(OrgKind.cityAuthority.rawValue)]).map { row in
            var authority = Identity_V1_CityAuthority()
            authority.id = try row.decode("id")
            authority.name = try row.decode("name")
            authority.divisionCode = try row.decode("division_code")
            return authority
        }
    }

    /// Takes organisation `id` offline (its users cannot log in, their sessions stop) or back online.
    static func setOnline(_ id: Int64, _ online: Bool, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE organisations SET online = $2 WHERE id = $1", [.int(id), .bool(online)])
    }

    /// A subquery of the ids of organisation `root` (an SQL expression) and everything below it.
    static func subtree(root: String) -> String {
        """
        (WITH RECURSIVE tree (id) AS (
             SELECT id FROM organisations WHERE id = \(root)
             UNION ALL SELECT o.id FROM organisations o JOIN tree t ON o.parent_id = t.id)
         SELECT id FROM tree)
        """
    }

    /// Whether `id` is `root` or below it.
    static func isWithin(_ id: Int64, root: Int64, _ transaction: Transaction) throws -> Bool {
        if id == root { return true }
        return try transaction.execute("""
            WITH RECURSIVE up (id, parent_id) AS (
                SELECT id, parent_id FROM organisations WHERE id = $1
                UNION ALL
                SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
            )
            SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS within
            """, [.int(id), .int(root)]).first?.decode("within") ?? false
    }

    /// Whether any of `ids` is `root` or below it.
    static func anyWithin(_ ids: [Int64], root: Int64, _ transaction: Transaction) throws -> Bool {
        try transaction.execute("""
            SELECT EXISTS (SELECT 1 FROM \(subtree(root: "$1")) AS s WHERE s.id = ANY($2::bigint[])) AS within
            """, [.int(root), .intArray(ids)]).first?.decode("within") ?? false
    }

    /// The organisation `id` when it is within the caller's subtree, else `notFound` (another
    /// organisation's data is not even acknowledged to exist).
    static func visible(_ id: Int64, to caller: Caller, _ transaction: Transaction) throws -> Identity_V1_Organisation {
        guard let root = caller.orgID, try isWithin(id, root: root, transaction),
              let organisation = try load(id, transaction) else { throw IdentityError.notFound("机构") }
        return organisation
    }

    /// Inserts an organisation with its `管理员` role holding every permission its kind may grant.
    /// - Returns: the new id.
    /// - Throws: `StorageError` with a unique violation when the code is taken.
    static func insert(parent: Int64?, kind: OrgKind, name: String, code: String, division: String, postScope: [String],
                       _ transaction: Transaction) throws -> Int64 {
        let id: Int64 = try transaction.execute("""
            INSERT INTO organisations (parent_id, kind, name, code, division_code, post_scope)
            VALUES ($1, $2, $3, $4, $5, $6::text[]) RETURNING id
            """, [parent.map { .int($0) } ?? .null, .text(kind.rawValue), .text(name), .text(code), .text(division),
                  .textArray(postScope)]).first?.decode("id") ?? 0
        try transaction.execute("INSERT INTO roles (org_id, name, permissions) VALUES ($1, '管理员', $2::text[])",
                                [.int(id), .textArray(Permission.grantable(for: kind).sorted())])
        return id
    }

    /// Next institution code for a city and kind; the row lock serialises concurrent creates.
    static func allocateCode(city: String, kind: InstitutionCode.Kind, _ transaction: Transaction) throws -> InstitutionCode {
        let next: Int = try transaction.execute("""
            INSERT INTO institution_code_sequences (division_code, kind, last_value) VALUES ($1, $2, 1)
            ON CONFLICT (division_code, kind) DO UPDATE SET last_value = institution_code_sequences.last_value + 1
            RETURNING last_value
            """, [.text(city), .text(String(kind.rawValue))]).first?.decode("last_value") ?? 0
        do {
            return try InstitutionCode(cityCode: city, kind: kind, sequence: next)
        } catch {
            throw IdentityError.institutionCodesExhausted
        }
    }
}

extension Identity_V1_OrgKind {
    init(_ kind: OrgKind) {
        self = switch kind {
        case .province: .province
        case .cityAuthority: .cityAuthority
        case .provinceDirect: .provinceDirect
        case .trainingInstitution: .trainingInstitution
        case .continuingEducationBase: .ceBase
        case .enterprise: .enterprise
        }
    }

    var domain: OrgKind? {
        switch self {
        case .province: .province
        case .cityAuthority: .cityAuthority
        case .provinceDirect: .provinceDirect
        case .trainingInstitution: .trainingInstitution
        case .ceBase: .continuingEducationBase
        case .enterprise: .enterprise
        case .unspecified, .unrecognized: nil
        }
    }
}
