/// Permissions are dotted names held by roles (ID-7). A role may hold only permissions its
/// organisation's kind can use, and a user may grant only permissions they hold themselves —
/// except an authority giving the roles of an organisation below its own (`firstUngrantable`).
public enum Permission {
    /// Create organisations under one's own and take them offline (ID-5).
    public static let organisationManage = "organisation.manage"
    /// Create, edit, disable users of one's organisation subtree; reset passwords (ID-6).
    public static let userManage = "user.manage"
    /// Define roles (ID-7).
    public static let roleManage = "role.manage"
    /// Read the operation log (ID-8).
    public static let logRead = "log.read"
    /// Search abnormal student accounts and bind a WeChat account (ID-9).
    public static let studentAccountManage = "student.account.manage"
    /// Review enterprise registrations (ID-10).
    public static let enterpriseReview = "enterprise.review"
    /// Publish notices (ID-11).
    public static let noticePublish = "notice.publish"
    /// The only thing an org user may do before binding a phone on first login (ID-2).
    public static let bindPhone = "account.bind_phone"
    /// What every signed-in user may do for their own account (change password, read notices).
    public static let accountSelf = "account.self"

    // Later services' permissions, listed so roles can carry them from the start.
    public static let enrollmentPlanManage = "enrollment.plan.manage"
    public static let enrollmentReview = "enrollment.review"
    public static let enrollmentPlanApprove = "enrollment.plan.approve"
    public static let classApply = "class.apply"
    public static let classReview = "class.review"
    public static let assessmentManage = "assessment.manage"
    public static let assessmentReview = "assessment.review"
    public static let certificateBusinessApply = "certificate.business.apply"
    public static let certificateBusinessReview = "certificate.business.review"
    public static let certificateManage = "certificate.manage"

    /// What only students hold: acting on their own enrollments, uploads and profile.
    public static let studentSelf = "student.self"
    /// A student's fixed permissions (students have no roles).
    public static let student: [String] = [accountSelf, studentSelf]

    /// What roles of an organisation of `kind` may hold; also its administrator role's set.
    public static func grantable(for kind: OrgKind) -> Set<String> {
        let administration: Set = [userManage, roleManage, logRead, accountSelf]
        switch kind {
        case .province:
            return administration.union([organisationManage, studentAccountManage, enterpriseReview, noticePublish,
                                         enrollmentPlanApprove, classReview, assessmentReview,
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
