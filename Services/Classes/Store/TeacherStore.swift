import ClassesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// SQL for the teacher and assessor registry (CL-4, `teachers`).
enum TeacherStore {
    static let columns = """
        t.id, t.org_id, t.name, t.id_number, t.role, t.qualification, t.specialty, t.phone, t.active,
        (t.photo IS NOT NULL) AS has_photo, extract(epoch FROM t.created_at)::bigint AS created_unix
        """

    /// A row as the API shows it; ID number and phone masked unless `full`.
    static func teacher(_ row: Row, full: Bool) throws -> Classes_V1_Teacher {
        var teacher = Classes_V1_Teacher()
        teacher.id = try row.decode("id")
        teacher.orgID = try row.decode("org_id")
        teacher.name = try row.decode("name")
        let idNumber: String = try row.decode("id_number"), phone: String = try row.decode("phone")
        teacher.idNumber = full ? idNumber : Masking.idNumber(idNumber)
        teacher.phone = full || phone.isEmpty ? phone : Masking.phone(phone)
        teacher.role = TeacherRole(rawValue: try row.decode("role"))?.proto ?? .unspecified
        teacher.qualification = try row.decode("qualification")
        teacher.specialty = try row.decode("specialty")
        teacher.active = try row.decode("active")
        teacher.certificatePhotoID = try row.decode("has_photo") ? teacher.id : 0
        teacher.createdAtUnix = try row.decode("created_unix")
        return teacher
    }

    static func load(_ id: Int64, full: Bool = false, forUpdate: Bool = false, _ tx: some SQLExecutor) throws -> Classes_V1_Teacher? {
        try tx.execute("SELECT \(columns) FROM teachers t WHERE t.id = $1" + (forUpdate ? " FOR UPDATE" : ""), [.int(id)])
            .first.map { try teacher($0, full: full) }
    }

    /// Inserts a teacher of `orgID`; nil when the person already holds that role there.
    static func insert(_ teacher: TeacherForm, orgID: Int64, _ tx: Transaction) throws -> Int64? {
        try tx.execute("""
            INSERT INTO teachers (org_id, name, id_number, role, qualification, specialty, phone, active)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, id_number, role) DO NOTHING RETURNING id
            """, [.int(orgID)] + values(teacher)).first?.decode("id")
    }

    /// Replaces a teacher's data; false when another row of the org already has that person and role.
    static func update(_ id: Int64, _ teacher: TeacherForm, _ tx: Transaction) throws -> Bool {
        try !tx.execute("""
            UPDATE teachers SET name = $2, id_number = $3, role = $4, qualification = $5, specialty = $6, phone = $7, active = $8
            WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM teachers o WHERE o.org_id = teachers.org_id AND o.id <> $1
                                          AND o.id_number = $3 AND o.role = $4)
            RETURNING id
            """, [.int(id)] + values(teacher)).isEmpty
    }

    private static func values(_ teacher: TeacherForm) -> [SQLValue] {
        [.text(teacher.name), .text(teacher.idNumber), .text(teacher.role.rawValue), .text(teacher.qualification),
         .text(teacher.specialty), .text(teacher.phone), .bool(teacher.active)]
    }

    /// One page of the registry of `orgs`, by id.
    static func list(_ window: PageWindow, orgs: [Int64], role: String, specialty: String, name: String, activeOnly: Bool,
                     _ tx: some SQLExecutor) throws -> Page<Classes_V1_Teacher> {
        try window.fetch(tx, columns: columns, from: """
            FROM teachers t WHERE t.org_id = ANY($1::bigint[]) AND ($2 = '' OR t.role = $2) AND ($3 = '' OR t.specialty = $3)
              AND ($4 = '' OR starts_with(t.name, $4)) AND (NOT $5 OR t.active)
            """, parameters: [.intArray(orgs), .text(role), .text(specialty), .text(name), .bool(activeOnly)],
            id: "t.id", { try teacher($0, full: false) }, itemID: { $0.id })
    }

    static func setPhoto(_ id: Int64, _ content: [UInt8], type: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE teachers SET photo = $2, photo_type = $3 WHERE id = $1", [.int(id), .bytes(content), .text(type)])
    }

    static func photo(_ id: Int64, _ tx: some SQLExecutor) throws -> (type: String, content: [UInt8])? {
        guard let row = try tx.execute("SELECT photo_type, photo FROM teachers WHERE id = $1 AND photo IS NOT NULL", [.int(id)]).first
        else { return nil }
        return (try row.decode("photo_type"), try row.bytes("photo"))
    }

    /// CL-4: the active teachers of an org by role, among `ids` (a class's teachers), and for
    /// theory teachers only those of `specialty`.
    static func counts(ids: [Int64], orgID: Int64, specialty: String, _ tx: some SQLExecutor) throws -> (safety: Int, theory: Int) {
        let row = try tx.execute("""
            SELECT count(*) FILTER (WHERE role = 'safety') AS safety,
                   count(*) FILTER (WHERE role = 'theory' AND specialty = $3) AS theory
            FROM teachers WHERE id = ANY($1::bigint[]) AND org_id = $2 AND active
            """, [.intArray(ids), .int(orgID), .text(specialty)]).first
        return (try row?.decode("safety") ?? 0, try row?.decode("theory") ?? 0)
    }

    /// The active assessors of an org for a specialty (CL-4, for the assessment service).
    static func assessors(orgID: Int64, specialty: String, _ tx: some SQLExecutor) throws -> Int {
        try tx.execute("SELECT count(*) AS n FROM teachers WHERE org_id = $1 AND role = 'assessor' AND active AND specialty = $2",
                       [.int(orgID), .text(specialty)]).first?.decode("n") ?? 0
    }

    /// The names and roles of teachers, for schedules.
    static func names(_ ids: [Int64], _ tx: some SQLExecutor) throws -> [Int64: (name: String, role: String, orgID: Int64, active: Bool)] {
        var names: [Int64: (name: String, role: String, orgID: Int64, active: Bool)] = [:]
        for row in try tx.execute("SELECT id, name, role, org_id, active FROM teachers WHERE id = ANY($1::bigint[])", [.intArray(ids)]) {
            names[try row.decode("id")] = (try row.decode("name"), try row.decode("role"), try row.decode("org_id"), try row.decode("active"))
        }
        return names
    }
}

extension TeacherRole {
    var proto: Classes_V1_TeacherRole {
        switch self {
        case .safety: .safety
        case .theory: .theory
        case .practice: .practice
        case .assessor: .assessor
        }
    }

    init?(_ proto: Classes_V1_TeacherRole) {
        switch proto {
        case .safety: self = .safety
        case .theory: self = .theory
        case .practice: self = .practice
        case .assessor: self = .assessor
        default: return nil
        }
    }
}
