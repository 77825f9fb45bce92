import CommonRules
import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// ID-6 (users of an organisation) and ID-7 (roles as permission sets). A caller acts on users
/// and roles of organisations in its own subtree; anything else is "not found".
extension IdentityService {
    /// ID-6: creates an org user with an initial password and roles. Idempotent by `request_id`.
    public func createUser(_ request: Identity_V1_CreateUserRequest, context: CallContext) async throws -> Identity_V1_User {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        let username = request.username.trimmingSpaces
        guard Self.isValidUsername(username) else { throw IdentityError.usernameInvalid }
        let name = request.name.trimmingSpaces
        guard (2...30).contains(name.count) else { throw IdentityError.nameInvalid }
        do { try PasswordPolicy.check(request.initialPassword) } catch { throw IdentityError.password(error) }
        let hash = try await passwords.hash(request.initialPassword)
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("user.create", key: request.requestID, in: tx),
               let user = try UserStore.user(id: earlier, tx) { return user }
            let orgID = request.orgID == 0 ? (caller.orgID ?? 0) : request.orgID
            let organisation = try OrganisationStore.visible(orgID, to: caller, tx)
            let id: Int64
            do {
                id = try UserStore.insertOrgUser(orgID: orgID, username: username, name: name, passwordHash: hash,
                                                 requireSMSSecondFactor: request.requireSmsSecondFactor, tx)
            } catch let error as StorageError where error.isUniqueViolation {
                throw IdentityError.usernameTaken
            }
            try Self.assignRoles(request.roleIds, userID: id, organisation: organisation, caller: caller, tx)
            try Self.log("user.create", "user", id, by: caller, key: request.requestID, context, tx)
            try Self.makeFirstSuperAdmin(userID: id, organisation: organisation, by: caller, context, tx)
            return try UserStore.user(id: id, tx)!
        }
    }

    /// ID-6: renames, disables or re-enables a user, and replaces their roles.
    public func updateUser(_ request: Identity_V1_UpdateUserRequest, context: CallContext) async throws -> Identity_V1_User {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        if let name = request.name?.trimmingSpaces, !(2...30).contains(name.count) { throw IdentityError.nameInvalid }
        if request.disabled == true, request.userID == caller.userID {
            throw RPCError(.failedPrecondition, "不能停用自己的账号")
        }
        return try await transaction(context) { tx in
            let user = try UserStore.visibleOrgUser(request.userID, to: caller, tx)
            if let name = request.name?.trimmingSpaces {
                try tx.execute("UPDATE users SET name = $2 WHERE id = $1", [.int(user.id), .text(name)])
            }
            if let disabled = request.disabled {
                try tx.execute("UPDATE users SET status = $2 WHERE id = $1", [.int(user.id), .text(disabled ? "disabled" : "active")])
                if disabled { try UserStore.revokeSessions(userID: user.id, tx) }
            }
            if let required = request.requireSmsSecondFactor {
                try UserStore.setRequireSMSSecondFactor(userID: user.id, required, tx)
            }
            var reassigned: Identity_V1_Organisation?
            if request.replaceRoles {
                guard let organisation = try OrganisationStore.load(user.orgID, tx) else { throw IdentityError.notFound("机构") }
                try tx.execute("DELETE FROM user_roles WHERE user_id = $1", [.int(user.id)])
                try Self.assignRoles(request.roleIds, userID: user.id, organisation: organisation, caller: caller, tx)
                reassigned = organisation
            }
            try Self.log("user.update", "user", user.id, by: caller, context, tx)
            if let reassigned {
                try Self.makeFirstSuperAdmin(userID: user.id, organisation: reassigned, by: caller, context, tx)
            }
            return try UserStore.user(id: user.id, tx)!
        }
    }

    /// ID-6: sets a new password for a user (policy applies) and ends their sessions.
    public func resetUserPassword(_ request: Identity_V1_ResetUserPasswordRequest, context: CallContext) async throws -> Common_V1_Empty {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        do { try PasswordPolicy.check(request.newPassword) } catch { throw IdentityError.password(error) }
        let hash = try await passwords.hash(request.newPassword)
        try await transaction(context) { tx in
            let user = try UserStore.visibleOrgUser(request.userID, to: caller, tx)
            try UserStore.setPassword(userID: user.id, hash: hash, tx)
            try UserStore.revokeSessions(userID: user.id, tx)
            try Self.log("user.reset_password", "user", user.id, by: caller, context, tx)
        }
        return Common_V1_Empty()
    }

    /// ID-6: removes a user's phone; they bind a new one at their next login.
    public func unbindPhone(_ request: Identity_V1_UserRequest, context: CallContext) async throws -> Identity_V1_User {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        return try await transaction(context) { tx in
            let user = try UserStore.visibleOrgUser(request.userID, to: caller, tx)
            // The second-factor requirement stays (an administrator's policy, ID-2): it applies
            // again once the user has bound a new phone at their next login.
            try tx.execute("UPDATE users SET phone = NULL, phone_verified = false WHERE id = $1", [.int(user.id)])
            try Self.log("user.unbind_phone", "user", user.id, by: caller, context, tx)
            return try UserStore.user(id: user.id, tx)!
        }
    }

    /// ID-6: a CE base has exactly one super admin; the current one hands the role to another
    /// user of the same base and stops being super admin in the same transaction.
    public func transferSuperAdmin(_ request: Identity_V1_TransferSuperAdminRequest, context: CallContext) async throws -> Identity_V1_User {
        let caller = try context.requireCaller()
        return try await transaction(context) { tx in
            guard let orgID = caller.orgID, let organisation = try OrganisationStore.load(orgID, tx),
                  organisation.kind.domain?.hasSingleSuperAdmin == true,
                  try tx.execute("SELECT 1 FROM users WHERE id = $1 AND is_super_admin", [.int(caller.userID)]).first != nil
            else { throw IdentityError.superAdminRequired }
            let target = try UserStore.visibleOrgUser(request.toUserID, to: caller, tx)
            guard target.orgID == orgID, !target.disabled else { throw IdentityError.notFound("用户") }
            guard target.id != caller.userID else { return target }
            try tx.execute("UPDATE users SET is_super_admin = false WHERE id = $1", [.int(caller.userID)])
            try tx.execute("UPDATE users SET is_super_admin = true WHERE id = $1", [.int(target.id)])
            try Self.log("user.transfer_super_admin", "user", target.id, by: caller, context, tx)
            return try UserStore.user(id: target.id, tx)!
        }
    }

    /// ID-6: one user of the caller's subtree.
    public func getUser(_ request: Identity_V1_UserRequest, context: CallContext) async throws -> Identity_V1_User {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        return try await transaction(context) { tx in try UserStore.visibleOrgUser(request.userID, to: caller, tx) }
    }

    /// ID-6: users of one organisation in the caller's subtree (default: its own), searched by
    /// username or name, paged; phones masked.
    public func listUsers(_ request: Identity_V1_ListUsersRequest, context: CallContext) async throws -> Identity_V1_ListUsersResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.userManage)
        let window = try PageWindow(request.page)
        let search = request.search.trimmingSpaces
        return try await transaction(context) { tx in
            let orgID = try Self.scopedOrganisation(request.orgID, caller, tx)
            let page = try window.fetch(
                tx, columns: UserStore.userColumns,
                from: "FROM users u WHERE u.org_id = $1 AND ($2 = '' OR strpos(u.username, $2) > 0 OR strpos(u.name, $2) > 0)",
                parameters: [.int(orgID), .text(search)], id: "u.id", UserStore.user) { $0.id }
            var response = Identity_V1_ListUsersResponse()
            response.users = page.items
            response.page = page.info
            return response
        }
    }

    /// ID-7: creates (id 0) or replaces a role. Its permissions must be ones the organisation's
    /// kind may hold and ones the caller holds (no one grants more than they have).
    public func saveRole(_ request: Identity_V1_SaveRoleRequest, context: CallContext) async throws -> Identity_V1_Role {
        let caller = try context.requireCaller()
        try caller.require(Permission.roleManage)
        let name = request.name.trimmingSpaces
        guard (1...30).contains(name.count), !name.contains(",") else {
            throw RPCError.invalidArgument("角色名称应为1至30个字符，且不含逗号", field: "name")
        }
        let permissions = Array(Set(request.permissions)).sorted()
        return try await transaction(context) { tx in
            var orgID = try Self.scopedOrganisation(request.orgID, caller, tx)
            if request.id != 0 {
                guard let existing: Int64 = try tx.execute("SELECT org_id FROM roles WHERE id = $1", [.int(request.id)]).first?.decode("org_id"),
                      let root = caller.orgID, try OrganisationStore.isWithin(existing, root: root, tx) else {
                    throw IdentityError.notFound("角色")
                }
                orgID = existing
            }
            guard let kind = try OrganisationStore.load(orgID, tx)?.kind.domain else { throw IdentityError.notFound("机构") }
            let grantable = Permission.grantable(for: kind)
            for permission in permissions {
                guard grantable.contains(permission) else { throw IdentityError.unknownPermission(permission) }
                guard caller.permissions.contains(permission) else { throw IdentityError.permissionNotGrantable(permission) }
            }
            let id: Int64
            do {
                if request.id == 0 {
                    id = try tx.execute("""
                        INSERT INTO roles (org_id, name, permissions, require_sms_second_factor) VALUES ($1, $2, $3::text[], $4)
                        RETURNING id
                        """, [.int(orgID), .text(name), .textArray(permissions), .bool(request.requireSmsSecondFactor)])
                        .first?.decode("id") ?? 0
                } else {
                    id = request.id
                    try tx.execute("UPDATE roles SET name = $2, permissions = $3::text[], require_sms_second_factor = $4 WHERE id = $1",
                                   [.int(id), .text(name), .textArray(permissions), .bool(request.requireSmsSecondFactor)])
                }
            } catch let error as StorageError where error.isUniqueViolation {
                throw IdentityError.roleNameTaken
            }
            try Self.log(request.id == 0 ? "role.create" : "role.update", "role", id, by: caller, context, tx)
            var role = Identity_V1_Role()
            role.id = id
            role.orgID = orgID
            role.name = name
            role.permissions = permissions
            role.requireSmsSecondFactor = request.requireSmsSecondFactor
            return role
        }
    }

    /// ID-7: the roles of one organisation in the caller's subtree (default: its own).
    public func listRoles(_ request: Identity_V1_ListRolesRequest, context: CallContext) async throws -> Identity_V1_ListRolesResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.roleManage)
        return try await transaction(context) { tx in
            let orgID = try Self.scopedOrganisation(request.orgID, caller, tx)
            var response = Identity_V1_ListRolesResponse()
            response.roles = try tx.execute("""
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
            return response
        }
    }

    // MARK: Helpers

    /// The organisation a list is for: 0 means the caller's own; another must be in its subtree.
    /// - Throws: PERMISSION_DENIED for one outside it (listing is an explicit request for it).
    static func scopedOrganisation(_ requested: Int64, _ caller: Caller, _ tx: Transaction) throws -> Int64 {
        guard let own = caller.orgID else { throw RPCError(.permissionDenied, "没有权限执行此操作") }
        if requested == 0 || requested == own { return own }
        guard try OrganisationStore.isWithin(requested, root: own, tx) else { throw RPCError(.permissionDenied, "无权查看该机构的数据") }
        return requested
    }

    /// Gives a user roles of their own organisation (ID-7, `Permission.firstUngrantable`): in the
    /// caller's own organisation only roles whose permissions the caller holds; in one strictly
    /// below it, any role of that organisation within what its kind may hold.
    static func assignRoles(_ roleIDs: [Int64], userID: Int64, organisation: Identity_V1_Organisation, caller: Caller,
                            _ tx: Transaction) throws {
        guard let kind = organisation.kind.domain else { throw IdentityError.notFound("机构") }
        let below = organisation.id != caller.orgID   // the caller's subtree was checked by the handler
        for roleID in Set(roleIDs) {
            guard let row = try tx.execute("SELECT permissions FROM roles WHERE id = $1 AND org_id = $2",
                                           [.int(roleID), .int(organisation.id)]).first else { throw IdentityError.notFound("角色") }
            if let refused = Permission.firstUngrantable(try row.strings("permissions"), held: Set(caller.permissions),
                                                         targetKind: kind, targetBelowCaller: below) {
                throw IdentityError.permissionNotGrantable(refused)
            }
            try tx.execute("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)", [.int(userID), .int(roleID)])
        }
    }

    /// ID-6: the first administrator of a CE base becomes its super admin (`SuperAdminRule`),
    /// with its own log entry. The base's row lock makes concurrent first creates take turns.
    static func makeFirstSuperAdmin(userID: Int64, organisation: Identity_V1_Organisation, by caller: Caller,
                                    _ context: CallContext, _ tx: Transaction) throws {
        guard let kind = organisation.kind.domain, kind.hasSingleSuperAdmin else { return }
        let hasSuperAdmin = try UserStore.lockSuperAdmin(orgID: organisation.id, tx)
        let permissions = Set(try UserStore.grants(userID: userID, tx).permissions)
        guard SuperAdminRule.becomesSuperAdmin(kind: kind, baseHasSuperAdmin: hasSuperAdmin, permissions: permissions) else { return }
        try UserStore.setSuperAdmin(userID: userID, true, tx)
        try log("user.grant_super_admin", "user", userID, by: caller, context, tx)
    }

    /// Usernames: 3–32 ASCII letters, digits and `_ . -`, starting with a letter, so a username
    /// never looks like the ID number a student logs in with.
    static func isValidUsername(_ username: String) -> Bool {
        guard (3...32).contains(username.count), let first = username.unicodeScalars.first,
              ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)
        }
    }
}
