import CommonRules

/// AS-1: a test plan's state. DRAFT → SUBMITTED → ACCEPTED (受理) → APPROVED | REJECTED, through
/// the approval engine (flow `test_plan`, one stop: the province, or the city where the province
/// says so); a submitted plan may be withdrawn until it is accepted; a rejected one is edited
/// and submitted again.
public enum TestPlanStatus: String, Sendable, CaseIterable {
    case draft, submitted, accepted, approved, rejected

    /// AS-4's words, as the progress view shows them: 未上报, 未审核 (submitted or accepted), 已审核.
    public var progressLabel: String {
        switch self {
        case .draft, .rejected: "未上报"
        case .submitted, .accepted: "未审核"
        case .approved: "已审核"
        }
    }

    public static func flow(reviewDays: Int) -> ApprovalFlow {
        ApprovalFlow(name: "test_plan", acceptsFirst: true, reviewDays: reviewDays)
    }

    public init(_ stage: ApprovalStage) {
        switch stage {
        case .draft: self = .draft
        case .pending: self = .submitted
        case .accepted: self = .accepted
        case .approved: self = .approved
        case .rejected: self = .rejected
        }
    }

    public var stage: ApprovalStage {
        switch self {
        case .draft: .draft
        case .submitted: .pending(stop: 0)
        case .accepted: .accepted(stop: 0)
        case .approved: .approved
        case .rejected: .rejected
        }
    }
}

/// What may be done to a test plan; `next` is the whole state machine.
public enum TestPlanStep: String, Sendable, CaseIterable {
    /// Change time, place or candidates (draft, rejected).
    case edit
    case delete
    case submit
    case withdraw
    case accept
    case approve
    case reject

    /// The state after this step from `state`, or nil when `state` does not allow it.
    public func next(from state: TestPlanStatus) -> TestPlanStatus? {
        switch (self, state) {
        case (.edit, .draft), (.edit, .rejected): state
        case (.delete, .draft): .draft
        case (.submit, .draft), (.submit, .rejected): .submitted
        case (.withdraw, .submitted): .draft
        case (.accept, .submitted): .accepted
        case (.approve, .accepted): .approved
        case (.reject, .accepted): .rejected
        default: nil
        }
    }

    /// The engine's action for the review steps; nil for edit and delete.
    public var approvalAction: ApprovalAction? {
        switch self {
        case .edit, .delete: nil
        case .submit: .submit
        case .withdraw: .withdraw
        case .accept: .accept
        case .approve: .approve
        case .reject: .reject
        }
    }
}

/// AS-3: the scores' report. NOT_REPORTED → REPORTED → ACCEPTED → APPROVED | NOT_APPROVED;
/// a not-approved report is corrected and reported again (flow `scores`, the test plan's stop).
public enum ScoreStatus: String, Sendable, CaseIterable {
    case notReported = "not_reported"
    case reported
    case accepted
    case approved
    case notApproved = "not_approved"

    /// AS-4: 未上报, 已上报 (waiting to be accepted; the seed has no word for it), 已受理, 已审核, 未通过.
    public var progressLabel: String {
        switch self {
        case .notReported: "未上报"
        case .reported: "已上报"
        case .accepted: "已受理"
        case .approved: "已审核"
        case .notApproved: "未通过"
        }
    }

    /// Whether scores may be imported or entered: before reporting, and after a rejection.
    public var editable: Bool { self == .notReported || self == .notApproved }

    public static func flow(reviewDays: Int) -> ApprovalFlow {
        ApprovalFlow(name: "scores", acceptsFirst: true, reviewDays: reviewDays)
    }

    public init(_ stage: ApprovalStage) {
        switch stage {
        case .draft: self = .notReported
        case .pending: self = .reported
        case .accepted: self = .accepted
        case .approved: self = .approved
        case .rejected: self = .notApproved
        }
    }

    public var stage: ApprovalStage {
        switch self {
        case .notReported: .draft
        case .reported: .pending(stop: 0)
        case .accepted: .accepted(stop: 0)
        case .approved: .approved
        case .notApproved: .rejected
        }
    }
}

public enum ScoreStep: String, Sendable, CaseIterable {
    /// Import or enter scores.
    case enter
    case report
    case withdraw
    case accept
    case approve
    case reject

    /// The state after this step from `state`, or nil when `state` does not allow it. Scores are
    /// entered only while the test plan is approved (checked by the handler).
    public func next(from state: ScoreStatus) -> ScoreStatus? {
        switch (self, state) {
        case (.enter, .notReported), (.enter, .notApproved): state
        case (.report, .notReported), (.report, .notApproved): .reported
        case (.withdraw, .reported): .notReported
        case (.accept, .reported): .accepted
        case (.approve, .accepted): .approved
        case (.reject, .accepted): .notApproved
        default: nil
        }
    }

    public var approvalAction: ApprovalAction? {
        switch self {
        case .enter: nil
        case .report: .submit
        case .withdraw: .withdraw
        case .accept: .accept
        case .approve: .approve
        case .reject: .reject
        }
    }
}
