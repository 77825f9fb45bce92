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
}
