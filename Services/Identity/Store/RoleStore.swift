import IdentityDomain
import Proto
import Storage

/// SQL for roles (ID-7): permission sets of one organisation, and which users hold them.
enum RoleStore {
    /// The organisation role `id` belongs to, nil when there is no such role.
    static func orgID(ofRole id: Int64, _ transaction: Transaction) throws -> Int64? {
        try transaction.execute("SELECT org_id FROM roles WHERE id = $1", [.int(id)]).first?.decode("org_id")
    }

    /// The permissions of role `id` when it belongs to organisation `orgID`, nil otherwise.
    static func permissions(ofRole id: Int64, in orgID: Int64, _ transaction: Transaction) throws -> [String]? {
        guard let row = try transaction.execute("SELECT permissions FROM roles WHERE id = $1 AND org_id = $2",
                                                [.int(id), .int(orgID)]).first else { return nil }
        return try row.strings("permissions")
    }

    /// A new role of organisation `orgID`; returns its id.
    /// - Throws: `StorageError` with a unique violation when the organisation has a role of that name.
    static func insert(orgID: Int64, name: String, permissions: [String], requireSMSSecondFactor: Bool,
                       _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO roles (org_id, name, permissions, require_sms_second_factor) VALUES ($1, $2, $3::text[], $4)
            RETURNING id
            """, [.int(orgID), .text(name), .textArray(permissions), .bool(requireSMSSecondFactor)])
            .first?.decode("id") ?? 0
    }

    /// Replaces a role's name, permissions and second-factor requirement (ID-2).
    /// - Throws: `StorageError` with a unique violation when the organisation has a role of that name.
    static func update(id: Int64, name: String, permissions: [String], requireSMSSecondFactor: Bool,
                       _ transaction: Transaction) throws {
        try transaction.execute("UPDATE roles SET name = $2, permissions = $3::text[], require_sms_second_factor = $4 WHERE id = $1",
                                [.int(id), .text(name), .textArray(permissions), .bool(requireSMSSecondFactor)])
    }

    /// The roles of organisation `orgID`, oldest first.
    static func roles(orgID: Int64, _ transaction: Transaction) throws -> [Identity_V1_Role] {
        try transaction.execute("""
            SELECT id, org_id, name, permissions, require_sms_second_factor FROM roles WHERE org_id = $1 ORDER BY id
            """, [.int(orgID)]).map { row in
            var role = Identity_V1_Role()
            role.id = try row.decode("id")
            role.orgID = try row.decode("org_id")
            role.name = try row.decode("name")
            role.permissions = try row.strings("permissions")
            role.requireSmsSecondFactor = try row.decode("require_sms_second_factor")
            return role
        }
    }

    /// Gives user `userID` role `roleID`.
    static func assign(roleID: Int64, toUser userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", [.int(userID), .int(roleID)])
    }

    /// Takes every role from user `userID` (before their roles are replaced).
    static func unassignAll(userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("DELETE FROM user_roles WHERE user_id = $1", [.int(userID)])
    }
}
