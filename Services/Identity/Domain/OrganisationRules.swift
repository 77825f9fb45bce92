/// ID-5: an organisation's name (机构名称): 2–100 characters.
public enum OrganisationName {
    public static let lengths = 2...100

    /// - Throws: `IdentityError.organisationNameInvalid`.
    public static func check(_ name: String) throws(IdentityError) {
        guard lengths.contains(name.count) else { throw .organisationNameInvalid }
    }

    /// ID-10: an enterprise's name as registered (企业名称), the same 2–100 characters.
    /// - Throws: `IdentityError.enterpriseNameInvalid`.
    public static func checkEnterprise(_ name: String) throws(IdentityError) {
        guard lengths.contains(name.count) else { throw .enterpriseNameInvalid }
    }
}

/// ID-5: taking an organisation offline (下线) or back online is done from above: an
/// organisation never changes its own status.
public enum OrganisationOnlineRule {
    /// - Throws: `IdentityError.ownOnlineStatus` when `organisationID` is the caller's own.
    public static func check(organisationID: Int64, callerOrgID: Int64?) throws(IdentityError) {
        guard organisationID != callerOrgID else { throw .ownOnlineStatus }
    }
}

/// ID-5: a post scope (职业范围) names catalogue posts within the parent's scope; empty means
/// the parent's whole scope; `*` in the parent's scope means every post.
public enum PostScope {
    /// The requested codes (already trimmed), without repeats, sorted.
    public static func codes(_ requested: [String]) -> [String] {
        Array(Set(requested)).sorted()
    }

    /// The scope a new organisation gets.
    /// - Parameters:
    ///   - codes: from `codes(_:)`; `known`: those of them in the post catalogue.
    /// - Throws: `IdentityError.postScopeInvalid` for the first code that is unknown or outside
    ///   the parent's scope.
    public static func resolve(_ codes: [String], known: Set<String>, parent: [String]) throws(IdentityError) -> [String] {
        if codes.isEmpty { return parent }
        for code in codes where !known.contains(code) || !(parent.contains("*") || parent.contains(code)) {
            throw .postScopeInvalid(code)
        }
        return codes
    }
}
