import CommonRules
import IdentityDomain
import Proto
import ServiceHost
import Storage

/// SQL for accounts: org users and students (ID-1, ID-4, ID-6).
enum UserStore {
    /// An account as login and session checks need it.
    struct Account: Sendable {
        var id: Int64
        var isStudent: Bool
        var orgID: Int64?
        var name: String
        var phone: String?
        var phoneVerified: Bool
        var passwordHash: String
        var disabled: Bool
        var secondFactor: Bool
        var organisationOnline: Bool
    }

    static func account(_ row: Row) throws -> Account {
        Account(
            id: try row.decode("id"), isStudent: try row.decode("kind") == "student",
            // Students have none: NULL, or 0 where the columns are `userColumns`' (coalesced).
            orgID: try row.decodeIfPresent("org_id", as: Int64.self).flatMap { $0 == 0 ? nil : $0 }, name: try row.decode("name"),
            phone: row["phone"], phoneVerified: try row.decode("phone_verified"),
            passwordHash: try row.decode("password_hash"), disabled: try row.decode("status") == "disabled",
            secondFactor: try row.decode("second_factor"),
            organisationOnline: try row.decodeIfPresent("online") ?? true)
    }

    /// `second_factor`: the account must give an SMS code at login (ID-2), because an
    /// administrator required it of the user or of one of their roles.
    static let accountColumns = """
        u.id, u.kind, u.org_id, u.name, u.phone, u.phone_verified, u.password_hash, u.status,
        (u.second_factor OR EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                    WHERE ur.user_id = u.id AND r.require_sms_second_factor)) AS second_factor,
        o.online
        """

    /// The account a login names: an ID number (students) or a username (org users).
    static func account(login: String, _ transaction: Transaction) throws -> Account? {
        try transaction.execute("""
            SELECT \(accountColumns) FROM users u LEFT JOIN organisations o ON o.id = u.org_id
            WHERE u.username = $1 OR u.id_number = upper($1)
            """, [.text(login)]).first.map(account)
    }

    /// Ids of student accounts with this ID number (normalised, upper-case X).
    static func students(idNumber: String, _ transaction: Transaction) throws -> [Int64] {
        try transaction.execute("SELECT id FROM users WHERE kind = 'student' AND id_number = $1 ORDER BY id", [.text(idNumber)])
            .map { try $0.decode("id") }
    }

    static func account(id: Int64, _ transaction: Transaction) throws -> Account? {
        try transaction.execute("""
            SELECT \(accountColumns) FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = $1
            """, [.int(id)]).first.map(account)
    }

    static let userColumns = """
        u.id, coalesce(u.org_id, 0) AS org_id, coalesce(u.username, '') AS username, u.name, u.phone,
        u.status, u.is_super_admin, u.second_factor, coalesce(extract(epoch FROM u.last_login_at)::bigint, 0) AS last_login,
        coalesce(host(u.last_login_ip), '') AS last_login_ip, extract(epoch FROM u.created_at)::bigint AS created,
        u.role_names AS roles
        """

    /// A user for lists and detail views: the phone is masked.
    static func user(_ row: Row) throws -> Identity_V1_User {
        var user = Identity_V1_User()
        user.id = try row.decode("id")
        user.orgID = try row.decode("org_id")
        user.username = try row.decode("username")
        user.name = try row.decode("name")
        user.maskedPhone = row["phone"].map(Masking.phone) ?? ""
        user.disabled = try row.decode("status") == "disabled"
        user.superAdmin = try row.decode("is_super_admin")
        user.requireSmsSecondFactor = try row.decode("second_factor")
        user.lastLoginUnix = try row.decode("last_login")
        user.lastLoginIp = try row.decode("last_login_ip")
        user.createdAtUnix = try row.decode("created")
        user.roles = try row.strings("roles")
        return user
    }

    static func user(id: Int64, _ transaction: some SQLExecutor) throws -> Identity_V1_User? {
        try transaction.execute("SELECT \(userColumns) FROM users u WHERE u.id = $1", [.int(id)]).first.map(user)
    }

    /// An org user whose organisation is within the caller's subtree, else `notFound`.
    static func visibleOrgUser(_ id: Int64, to caller: Caller, _ transaction: Transaction) throws -> Identity_V1_User {
        guard let user = try user(id: id, transaction), user.orgID != 0,
              let root = caller.orgID, try OrganisationStore.isWithin(user.orgID, root: root, transaction) else {
            throw IdentityError.notFound("用户")
        }
        return user
    }

    /// Columns `roles` and `permissions` (text[]) of the user `u`: their role names and the
    /// union of those roles' permissions, kept on the row by migration 0106's triggers.
    static let grantColumns = "u.role_names AS roles, u.permissions AS permissions"

    /// Roles and permissions of an account as sessions carry them.
    static func grants(userID: Int64, _ transaction: Transaction) throws -> (roles: [String], permissions: [String]) {
        let row = try transaction.execute("SELECT \(grantColumns) FROM users u WHERE u.id = $1", [.int(userID)]).first
        return (try row?.strings("roles") ?? [], try row?.strings("permissions") ?? [])
    }

    /// The names of the users among `ids`, by id (for the operation log's actors).
    static func names(ids: [Int64], _ transaction: Transaction) throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try transaction.execute(
            "SELECT id, name FROM users WHERE id = ANY($1::bigint[])", [.intArray(ids)])
            .map { (try $0.decode("id", as: Int64.self), try $0.decode("name", as: String.self)) })
    }

    /// One page of the users of organisation `orgID` whose username or name contains `search`
    /// (empty: all), phones masked.
    static func page(orgID: Int64, search: String, window: PageWindow, _ transaction: Transaction) throws -> Page<Identity_V1_User> {
        try window.fetch(
            transaction, columns: userColumns,
            from: "FROM users u WHERE u.org_id = $1 AND ($2 = '' OR strpos(u.username, $2) > 0 OR strpos(u.name, $2) > 0)",
            parameters: [.int(orgID), .text(search)], id: "u.id", user) { $0.id }
    }

    /// ID-1: when and from where the account last logged in.
    static func recordLogin(userID: Int64, clientIP: String?, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET last_login_at = now(), last_login_ip = $2::inet WHERE id = $1",
                                [.int(userID), clientIP.map { .text($0) } ?? .null])
    }

    /// ID-2: binds `phone` (verified by an SMS code) to the account, replacing any other.
    static func setPhone(userID: Int64, phone: String, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET phone = $2, phone_verified = true WHERE id = $1", [.int(userID), .text(phone)])
    }

    /// ID-6: removes the account's phone; the user binds a new one at their next login.
    static func clearPhone(userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET phone = NULL, phone_verified = false WHERE id = $1", [.int(userID)])
    }

    /// ID-6: renames a user.
    static func rename(userID: Int64, name: String, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET name = $2 WHERE id = $1", [.int(userID), .text(name)])
    }

    /// ID-6: disables or re-enables an account (sessions are revoked separately).
    static func setDisabled(userID: Int64, _ disabled: Bool, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET status = $2 WHERE id = $1", [.int(userID), .text(disabled ? "disabled" : "active")])
    }

    /// ID-6: whether the user is their CE base's super admin.
    static func isSuperAdmin(userID: Int64, _ transaction: Transaction) throws -> Bool {
        try transaction.execute("SELECT 1 FROM users WHERE id = $1 AND is_super_admin", [.int(userID)]).first != nil
    }

    /// ID-6: moves the super admin role from one user to another, in the caller's transaction.
    static func transferSuperAdmin(from current: Int64, to next: Int64, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET is_super_admin = false WHERE id = $1", [.int(current)])
        try transaction.execute("UPDATE users SET is_super_admin = true WHERE id = $1", [.int(next)])
    }

    /// A new org user; returns the id.
    /// - Throws: `StorageError` with a unique violation when the username is taken.
    static func insertOrgUser(orgID: Int64, username: String, name: String, passwordHash: String,
                              requireSMSSecondFactor: Bool, _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO users (kind, org_id, username, name, password_hash, second_factor)
            VALUES ('org_user', $1, $2, $3, $4, $5) RETURNING id
            """, [.int(orgID), .text(username), .text(name), .text(passwordHash), .bool(requireSMSSecondFactor)])
            .first?.decode("id") ?? 0
    }

    /// ID-2: whether the user must give an SMS code at every login (set by an administrator).
    static func setRequireSMSSecondFactor(userID: Int64, _ required: Bool, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET second_factor = $2 WHERE id = $1", [.int(userID), .bool(required)])
    }

    /// ID-6: locks the organisation's row (so its users' super-admin changes take turns) and says
    /// whether it has a super admin.
    static func lockSuperAdmin(orgID: Int64, _ transaction: Transaction) throws -> Bool {
        _ = try transaction.execute("SELECT id FROM organisations WHERE id = $1 FOR UPDATE", [.int(orgID)])
        return try !transaction.execute("SELECT 1 FROM users WHERE org_id = $1 AND is_super_admin", [.int(orgID)]).isEmpty
    }

    static func setSuperAdmin(userID: Int64, _ superAdmin: Bool, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET is_super_admin = $2 WHERE id = $1", [.int(userID), .bool(superAdmin)])
    }

    static func setPassword(userID: Int64, hash: String, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE users SET password_hash = $2 WHERE id = $1", [.int(userID), .text(hash)])
        try transaction.execute("DELETE FROM login_failures WHERE user_id = $1", [.int(userID)])
    }

    static func revokeSessions(userID: Int64, _ transaction: Transaction) throws {
        try transaction.execute("UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
                                [.int(userID)])
    }
}
