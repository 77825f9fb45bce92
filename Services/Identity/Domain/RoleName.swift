/// ID-7: a role's name (角色名称): 1–30 characters and no comma (a caller's role names travel
/// comma-separated in the `caller-roles` metadata between services).
public enum RoleName {
    public static let lengths = 1...30

    /// - Throws: `IdentityError.roleNameInvalid`.
    public static func check(_ name: String) throws(IdentityError) {
        guard lengths.contains(name.count), !name.contains(",") else { throw .roleNameInvalid }
    }
}
