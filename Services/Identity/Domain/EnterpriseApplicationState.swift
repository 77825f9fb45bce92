/// ID-10: where an enterprise registration stands (企业注册申请): submitted, then approved or
/// rejected once by the city authority (or the province above it). Raw values are the stored names.
public enum EnterpriseApplicationState: String, Sendable, CaseIterable {
    case submitted, approved, rejected

    /// A list filter: empty means every state.
    /// - Throws: `IdentityError.applicationStateInvalid` for any other text.
    public static func filter(_ text: String) throws(IdentityError) -> EnterpriseApplicationState? {
        if text.isEmpty { return nil }
        guard let state = EnterpriseApplicationState(rawValue: text) else { throw .applicationStateInvalid }
        return state
    }

    /// A rejection needs a reason (trimmed); an approval does not.
    /// - Throws: `IdentityError.reasonRequired`.
    public static func checkDecision(approve: Bool, reason: String) throws(IdentityError) {
        if !approve, reason.isEmpty { throw .reasonRequired }
    }

    /// Only a submitted application is reviewed, and only once.
    /// - Throws: `IdentityError.alreadyReviewed` for a stored state other than `submitted`.
    public static func checkReviewable(_ stored: String) throws(IdentityError) {
        guard stored == EnterpriseApplicationState.submitted.rawValue else { throw .alreadyReviewed }
    }
}
