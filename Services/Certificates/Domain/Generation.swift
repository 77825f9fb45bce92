import CommonRules

/// CE-2: one passed candidate of an approved test plan, as the assessment service reports it.
public struct PassedCandidate: Hashable, Sendable {
    public let studentUserID: Int64
    public let enrollmentID: Int64
    public let name: String
    public let idNumber: String

    public init(studentUserID: Int64, enrollmentID: Int64, name: String, idNumber: String) {
        self.studentUserID = studentUserID
        self.enrollmentID = enrollmentID
        self.name = name
        self.idNumber = idNumber
    }
}

/// CE-2: the rule of one generation. All or nothing: a certificate carries the holder's name and
/// ID number for years, so one candidate whose data would make a wrong certificate stops the
/// whole generation and is named, and nothing is issued until it is corrected.
public enum Generation {
    /// A candidate that cannot be certified, and why (in Chinese, for the authority).
    public struct Refusal: Hashable, Sendable {
        public let candidate: PassedCandidate
        public let reason: String
    }

    /// The candidates' refusals, in their order; empty when every one can be certified.
    public static func refusals(_ candidates: [PassedCandidate], today: (year: Int, month: Int, day: Int)) -> [Refusal] {
        var seen = Set<String>()
        return candidates.compactMap { candidate in
            let name = candidate.name
            if name.isEmpty || name != name.trimmingSpaces || name.count > 30 || name.contains("\n") {
                return Refusal(candidate: candidate, reason: "姓名为空或格式不正确")
            }
            guard let number = try? IDNumber(candidate.idNumber, today: today) else {
                return Refusal(candidate: candidate, reason: "身份证号码校验不通过")
            }
            guard seen.insert(number.value).inserted else {
                return Refusal(candidate: candidate, reason: "同一身份证号码在本考核计划中出现两次")
            }
            return nil
        }
    }
}

/// The certificate rules' refusals, knowing nothing of RPC (mapped once in `RPC/ErrorMapping.swift`).
public enum CertificatesError: Error, Equatable, Sendable {
    case notFound(String)
    /// CE-2: the test plan's scores are not approved yet.
    case scoresNotApproved
    case noPassedCandidates
    /// CE-2: the candidates that cannot be certified; nothing was issued.
    case candidatesRefused([Generation.Refusal])
    /// CE-1: the segment has fewer numbers left than wanted.
    case segmentExhausted(prefix: String, remaining: Int, wanted: Int)
    /// B-1: no signing key for the issuing authority.
    case noSigningKey(issuer: String)
    case actionNotAllowed(CertificateAction, CertificateState)
    case invalid(field: String, message: String)
}
