import CommonRules
/// EN-4: an institution's review (审核) of one enrollment: approve, or reject with reason codes
/// from the list (`reject_reasons`) and free text.
public struct ReviewDecision: Sendable, Equatable {
    /// `.approve` or `.reject`.
    public let step: EnrollmentStep
    /// The codes given, each once, sorted (kept as given even on approval).
    public let reasonCodes: [String]
    /// The free text, trimmed.
    public let comment: String

    /// The longest free text a review takes.
    public static let commentLimit = 500

    /// - Throws: `EnrollmentError.textTooLong("rejectComment")` for a comment over
    ///   `commentLimit` characters (once trimmed), `.reasonRequired` for a rejection without codes.
    public init(approve: Bool, reasonCodes: [String], comment: String) throws(EnrollmentError) {
        step = approve ? .approve : .reject
        self.comment = comment.trimmingSpaces
        guard self.comment.count <= Self.commentLimit else { throw .textTooLong("rejectComment") }
        self.reasonCodes = Array(Set(reasonCodes)).sorted()
        if step == .reject, self.reasonCodes.isEmpty { throw .reasonRequired }
    }

    /// The comment stored with the review: a rejection's; an approval keeps none.
    public var storedComment: String { step == .reject ? comment : "" }

    /// A rejection's reasons as the student reads them, in code order (none for an approval).
    /// - Parameter known: the text of each existing code among `reasonCodes`.
    /// - Throws: `EnrollmentError.reasonUnknown(code)` for the first code not in `known`.
    public func reasonTexts(known: [String: String]) throws(EnrollmentError) -> [String] {
        guard step == .reject else { return [] }
        if let unknown = reasonCodes.first(where: { known[$0] == nil }) { throw .reasonUnknown(unknown) }
        return reasonCodes.compactMap { known[$0] }
    }

    /// What the student is told about their enrollment in `planName`.
    public func notice(planName: String, reasonTexts: [String]) -> String {
        step == .approve
            ? "您报名的\(planName)已通过培训机构审核。"
            : "您报名的\(planName)被驳回：" + (reasonTexts + [comment]).map(NoticeText.clause).filter { !$0.isEmpty }.joined(separator: "；")
                + "。请修改后重新提交。"
    }
}
