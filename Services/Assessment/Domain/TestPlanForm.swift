import CommonRules

/// AS-1: what a test plan's form must hold: a name, a place, and an exam that starts after now
/// and ends after it starts, on one day at most.
public struct TestPlanForm: Equatable, Sendable {
    public let name: String
    public let place: String
    public let examStartUnix: Int64
    public let examEndUnix: Int64

    /// - Throws: `AssessmentError.formInvalid` naming the field.
    public init(name: String, place: String, examStartUnix: Int64, examEndUnix: Int64) throws(AssessmentError) {
        let name = name.trimmingSpaces, place = place.trimmingSpaces
        guard (2...60).contains(name.count) else { throw .formInvalid(field: "name", message: "考核计划名称应为2至60个字") }
        guard (2...100).contains(place.count) else { throw .formInvalid(field: "place", message: "请填写考核地点（2至100个字）") }
        guard examStartUnix > 0 else { throw .formInvalid(field: "examStartUnix", message: "请填写考核开始时间") }
        guard examEndUnix > examStartUnix else { throw .formInvalid(field: "examEndUnix", message: "考核结束时间应晚于开始时间") }
        guard examEndUnix - examStartUnix <= 86_400 else { throw .formInvalid(field: "examEndUnix", message: "一次考核不超过24小时") }
        self.name = name
        self.place = place
        self.examStartUnix = examStartUnix
        self.examEndUnix = examEndUnix
    }

    /// A plan is submitted only for an exam that has not begun.
    public func checkSubmission(now: Int64) throws(AssessmentError) {
        guard examStartUnix > now else { throw .examInPast }
    }
}

/// The assessment rules' refusals, knowing nothing of RPC (mapped once in `RPC/ErrorMapping.swift`).
public enum AssessmentError: Error, Equatable, Sendable {
    case notFound(String)
    case formInvalid(field: String, message: String)
    case testPlanStepNotAllowed(TestPlanStatus)
    case scoreStepNotAllowed(ScoreStatus)
    case examInPast
    /// The class is not finished with confirmed attendance.
    case classNotFinished
    case noCandidates
    /// CL-4: fewer assessors of the post than the province asks.
    case assessorsShort(have: Int, need: Int)
    case testPlanNotApproved
    /// Reporting needs every candidate's sitting.
    case scoresIncomplete(missing: Int)
    case notACandidate
    case ticketsExhausted
    case sheet(String)
}
