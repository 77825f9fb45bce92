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
        try Username.check(username)
        let name = request.name.trimmingSpaces
        try OrgUserName.check(name)
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
        if let name = request.name?.trimmingSpaces { try OrgUserName.check(name) }
        try AccountStatusRule.check(disabled: request.disabled, userID: request.userID, callerID: caller.userID)
        return try await transaction(context) { tx in
            let user = try UserStore.visibleOrgUser(request.userID, to: caller, tx)
            if let name = request.name?.trimmingSpaces {
                try UserStore.rename(userID: user.id, name: name, tx)
            }
            if let disabled = request.disabled {
                try UserStore.setDisabled(userID: user.id, disabled, tx)
                if disabled { try UserStore.revokeSessions(userID: user.id, tx) }
            }
            if let required = request.requireSmsSecondFactor {
                try UserStore.setRequireSMSSecondFactor(userID: user.id, required, tx)
            }
            var reassigned: Identity_V1_Organisation?
            if request.replaceRoles {
                guard let organisation = try OrganisationStore.load(user.orgID, tx) else { throw IdentityError.notFound("机构") }
                try RoleStore.unassignAll(userID: user.id, tx)
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
            try UserStore.clearPhone(userID: user.id, tx)
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
                  try UserStore.isSuperAdmin(userID: caller.userID, tx)
            else { throw IdentityError.superAdminRequired }
            let target = try UserStore.visibleOrgUser(request.toUserID, to: caller, tx)
            try SuperAdminRule.checkTransfer(targetOrgID: target.orgID, targetDisabled: target.disabled, baseID: orgID)
            guard target.id != caller.userID else { return target }
            try UserStore.transferSuperAdmin(from: caller.userID, to: target.id, tx)
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
            let page = try UserStore.page(orgID: orgID, search: search, window: window, tx)
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
        try RoleName.check(name)
        let permissions = Array(Set(request.permissions)).sorted()
        return try await transaction(context) { tx in
            var orgID = try Self.scopedOrganisation(request.orgID, caller, tx)
            if request.id != 0 {
                guard let existing = try RoleStore.orgID(ofRole: request.id, tx),
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
                    id = try RoleStore.insert(orgID: orgID, name: name, permissions: permissions,
                                              requireSMSSecondFactor: request.requireSmsSecondFactor, tx)
                } else {
                    id = request.id
                    try RoleStore.update(id: id, name: name, permissions: permissions,
                                         requireSMSSecondFactor: request.requireSmsSecondFactor, tx)
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
            response.roles = try RoleStore.roles(orgID: orgID, tx)
            return response
        }
    }

    // MARK: Helpers

    /// The organisation a list is for: 0 means the caller's own; another must be in its subtree.
    /// - Throws: PERMISSION_DENIED for one outside it (listing is an explicit request for it).
    static func scopedOrganisation(_ requested: Int64, _ caller: Caller, _ tx: Transaction) throws -> Int64 {
        guard let own = caller.orgID else { throw IdentityError.organisationRequired }
        if requested == 0 || requested == own { return own }
        guard try OrganisationStore.isWithin(requested, root: own, tx) else { throw IdentityError.organisationNotVisible }
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
            guard let permissions = try RoleStore.permissions(ofRole: roleID, in: organisation.id, tx) else {
                throw IdentityError.notFound("角色")
            }
            if let refused = Permission.firstUngrantable(permissions, held: Set(caller.permissions),
                                                         targetKind: kind, targetBelowCaller: below) {
                throw IdentityError.permissionNotGrantable(refused)
            }
            try RoleStore.assign(roleID: roleID, toUser: userID, tx)
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
}
