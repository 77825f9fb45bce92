/// ID-1, ID-6: an org user's username (用户名), the login of everyone who is not a student:
/// 3–32 ASCII letters, digits and `_ . -`, starting with a letter, so a username never looks
/// like the ID number a student logs in with.
public enum Username {
    public static let lengths = 3...32

    /// Whether `username` (already trimmed) follows the rule.
    public static func isValid(_ username: String) -> Bool {
        guard lengths.contains(username.count), let first = username.unicodeScalars.first,
              ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)
        }
    }

    /// - Throws: `IdentityError.usernameInvalid`.
    public static func check(_ username: String) throws(IdentityError) {
        guard isValid(username) else { throw .usernameInvalid }
    }
}

/// ID-6: an org user's display name (姓名): 2–30 characters. Looser than `PersonName`, the
/// real-name rule for students: staff accounts are not verified against the ID card.
public enum OrgUserName {
    public static let lengths = 2...30

    /// - Throws: `IdentityError.nameInvalid`.
    public static func check(_ name: String) throws(IdentityError) {
        guard lengths.contains(name.count) else { throw .nameInvalid }
    }
}

/// ID-6: who may disable an account: an administrator may disable other users, never their
/// own account (they would lock themselves out mid-session).
public enum AccountStatusRule {
    /// - Parameters:
    ///   - disabled: the requested status (`nil`: unchanged, `false`: re-enable).
    ///   - userID: the account being changed; `callerID`: the administrator.
    /// - Throws: `IdentityError.cannotDisableSelf`.
    public static func check(disabled: Bool?, userID: Int64, callerID: Int64) throws(IdentityError) {
        if disabled == true, userID == callerID { throw .cannotDisableSelf }
    }
}
