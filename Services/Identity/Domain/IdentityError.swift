import CommonRules
/// What the identity rules refuse, independent of RPC (mapped to statuses in
/// `RPC/ErrorMapping.swift`).
public enum IdentityError: Error, Hashable, Sendable {
    /// Unknown login or wrong password: the same error for both (ID-1).
    case badCredentials
    case accountLocked(untilUnix: Int64)
    /// A bearer token that is unknown, revoked, expired or idle too long.
    case sessionInvalid
    case accountDisabled
    case organisationOffline
    case wechatAccountNotBound
    case smsCodeInvalid
    case smsRateLimited(retryAtUnix: Int64)
    case phoneInvalid
    case idNumber(IDNumber.Problem)
    case idNumberTaken
    case realNameRejected(String)
    case password(PasswordPolicy.Problem)
    case wrongOldPassword
    case usernameInvalid
    case usernameTaken
    case nameInvalid
    case creditCode(CreditCode.Problem)
    case creditCodeTaken
    case enterpriseImages(EnterpriseImages.Problem)
    case commitmentRequired
    case reasonRequired
    case alreadyReviewed
    case roleNameTaken
    case unknownPermission(String)
    case permissionNotGrantable(String)
    case childKindNotAllowed
    case divisionUnknown
    case postScopeInvalid(String)
    case institutionCodesExhausted
    case superAdminRequired
    case notFound(String)
    case titleRequired
    /// No SMS code could be drawn from the random source (ID-2).
    case smsCodeUnavailable
    /// The enrollment service could not say which organisations hold a student (ID-9).
    case enrollmentsUnavailable
    /// The caller belongs to no organisation (a student) where an organisation's data is asked for.
    case organisationRequired
    /// A list names an organisation outside the caller's subtree (ID-5 … ID-8: PERMISSION_DENIED,
    /// since the request names it explicitly).
    case organisationNotVisible
    /// A list of organisations names a parent outside the caller's subtree (ID-5).
    case parentNotVisible
    case organisationKindInvalid
    case organisationNameInvalid
    case enterpriseNameInvalid
    /// The organisation's code (for an authority: its division) is taken (ID-5).
    case cityAuthorityExists
    /// An organisation changes its own online status (ID-5).
    case ownOnlineStatus
    /// An administrator disables their own account (ID-6).
    case cannotDisableSelf
    case roleNameInvalid
    case noticeBodyTooLarge
    case applicationStateInvalid
    case idNumberRequired
    case smsPurposeInvalid
    /// An SMS-code login of an account whose administrator requires password and code (ID-2).
    case passwordAlsoRequired
    /// SPEC §0: province settings and the reference catalog.
    case effectiveDateInvalid
    case effectiveDateInPast
    /// A change taking effect today or earlier is not withdrawn; a new value is set instead.
    case changeAlreadyInForce
    case settingUnknown
    case settingOutOfRange(minimum: Int, maximum: Int, unit: String)
    /// A rule between settings would break (the message says which).
    case settingsConflict(String)
    /// Only the province (its users holding `settings.manage`) changes settings and the catalog.
    case provinceOnly
    case catalogKindInvalid
    case divisionNotEditable
    case catalogCodeInvalid(CatalogKind)
    case catalogNameInvalid
    /// `required`: the post's code says it has a specialty; otherwise it may have none.
    case specialtyInvalid(required: Bool)
    /// `allowed`: the kind carries hours (then out of range); otherwise it carries none.
    case requiredHoursInvalid(allowed: Bool)
    /// AS-3: a pass mark outside 0–100, or one on a level.
    case passMarkInvalid
    /// Withdrawing an entry the catalog does not have.
    case catalogEntryUnknown
}
