/// Permissions are dotted names held by roles (ID-7); every service checks them by these names.
/// Which kind of organisation may hold which, and who may grant them, is identity's rule
/// (`IdentityDomain`'s `Permission.grantable(for:)`).
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
    /// Change the province settings and the reference catalog, each change with an effective
    /// date (SPEC §0). Only the province's roles may hold it.
    public static let settingsManage = "settings.manage"
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
}
