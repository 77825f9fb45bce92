import CommonRules
import IdentityDomain

/// Real-name verification (实名验证, ID-4): whether an ID number belongs to the named person.
public protocol RealNameVerifier: Sendable {
    /// - Returns: true when verified; false when the verifier could not decide (the account is
    ///   created unverified and cannot enroll until verified).
    /// - Throws: `IdentityError.realNameRejected` when the name and number do not match.
    func verify(idNumber: IDNumber, name: String) async throws -> Bool
}

/// The development verifier: the ID number has already passed its GB 11643 checks, so this
/// accepts every well-formed name. It cannot know whether the person is real.
///
/// The production adapter calls the province's identity-verification service (or the Ministry of
/// Public Security's NCIIC interface through a licensed provider) with the number and name over
/// HTTPS, and maps "一致" to true, "不一致" to `realNameRejected`, and timeouts to false.
public struct DevelopmentRealNameVerifier: RealNameVerifier {
    public init() {}

    public func verify(idNumber: IDNumber, name: String) async throws -> Bool {
        guard PersonName.isValid(name) else { throw IdentityError.realNameRejected("姓名格式不正确") }
        return true
    }
}
