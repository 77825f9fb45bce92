import CommonRules

/// ID-7: a role may hold only permissions its organisation's kind can use, and a user may grant
/// only permissions they hold themselves — except an authority giving the roles of an
/// organisation below its own (`firstUngrantable`).
extension Permission {
    /// What roles of an organisation of `kind` may hold; also its administrator role's set.
    public static func grantable(for kind: OrgKind) -> Set<String> {
        let administration: Set = [userManage, roleManage, logRead, accountSelf]
        switch kind {
        case .province:
            return administration.union([organisationManage, studentAccountManage, enterpriseReview, noticePublish,
                                         settingsManage, enrollmentPlanApprove, classReview, assessmentReview,
                                         certificateBusinessReview, certificateManage])
        case .cityAuthority:
            return administration.union([organisationManage, studentAccountManage, enterpriseReview,
                                         enrollmentPlanApprove, classReview, assessmentReview,
                                         certificateBusinessReview, certificateManage])
        case .provinceDirect, .trainingInstitution, .continuingEducationBase:
            return administration.union([studentAccountManage, enrollmentPlanManage, enrollmentReview, classApply,
                                         assessmentManage, certificateBusinessApply])
        case .enterprise:
            return administration
        }
    }

    /// ID-7: the first permission of a role that the caller may not give to a user of the
    /// role's organisation, or nil when the whole role may be given.
    ///
    /// - Within the caller's own organisation no one grants more than they hold.
    /// - An authority holding `user.manage` may give, to users of an organisation strictly below
    ///   its own (`targetBelowCaller`), any role of that organisation whose permissions are ones
    ///   the organisation's kind may hold: a city's role holds no institution permissions, yet it
    ///   must be able to make the first administrator of an institution it created.
    public static func firstUngrantable(_ role: some Sequence<String>, held: Set<String>, targetKind: OrgKind,
                                        targetBelowCaller: Bool) -> String? {
        if targetBelowCaller, held.contains(userManage) {
            let allowed = grantable(for: targetKind)
            return role.first { !allowed.contains($0) }
        }
        return role.first { !held.contains($0) }
    }
}

/// ID-6: a continuing-education base has exactly one super admin. A base is created without
/// users, so the first administrator (a user holding `user.manage`) made for a base that has no
/// super admin becomes it; later ones do not, and the role then moves only by transfer.
public enum SuperAdminRule {
    public static func becomesSuperAdmin(kind: OrgKind, baseHasSuperAdmin: Bool, permissions: Set<String>) -> Bool {
        kind.hasSingleSuperAdmin && !baseHasSuperAdmin && permissions.contains(Permission.userManage)
    }

    /// ID-6: the super admin hands the role only to an active user of the same base; anyone
    /// else is "not found" to them.
    /// - Throws: `IdentityError.notFound("用户")`.
    public static func checkTransfer(targetOrgID: Int64, targetDisabled: Bool, baseID: Int64) throws(IdentityError) {
        guard targetOrgID == baseID, !targetDisabled else { throw .notFound("用户") }
    }
}
