import CommonRules

/// CL-3: a class's state. DRAFT → SUBMITTED → APPROVED | REJECTED (the city's review, through
/// the approval engine, flow `class`); APPROVED → IN_TRAINING → FINISHED.
public enum ClassStatus: String, Sendable, CaseIterable {
    case draft, submitted, approved, rejected
    case inTraining = "in_training"
    case finished

    /// 草稿, 已提交, 已通过, 未通过, 培训中, 已结业.
    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .approved: "已通过"
        case .rejected: "未通过"
        case .inTraining: "培训中"
        case .finished: "已结业"
        }
    }

    /// B-6: class applications go to the city authority (省直所: the province), which approves
    /// or rejects without a separate acceptance; `reviewDays` before a reminder.
    public static func flow(reviewDays: Int) -> ApprovalFlow {
        ApprovalFlow(name: "class", acceptsFirst: false, reviewDays: reviewDays)
    }

    /// The state for the engine's stage while the application is under review.
    public init(_ stage: ApprovalStage) {
        switch stage {
        case .draft: self = .draft
        case .pending, .accepted: self = .submitted
        case .approved: self = .approved
        case .rejected: self = .rejected
        }
    }

    /// The engine's stage of a class in this state (classes have one stop).
    public var stage: ApprovalStage {
        switch self {
        case .draft: .draft
        case .submitted: .pending(stop: 0)
        case .rejected: .rejected
        case .approved, .inTraining, .finished: .approved
        }
    }
}

/// CL-3: what may be done to a class. Each state allows its actions and nothing else.
public enum ClassAction: String, Sendable, CaseIterable {
    /// Change name, venue or schedule before submission (draft, rejected).
    case edit
    case delete
    case submit
    case withdraw
    case approve
    case reject
    /// The first lesson is near: training begins.
    case start
    /// A lesson's time or place changes after approval (B-5: students are told).
    case changeSchedule = "change_schedule"
    case finish
    /// 确认考勤: attendance is frozen.
    case confirmAttendance = "confirm_attendance"
    /// CL-6: the province marks the qualified students as reported.
    case markReported = "mark_reported"

    /// Whether an authority takes it (else the institution).
    public var byAuthority: Bool { self == .approve || self == .reject || self == .markReported }

    /// The state after this action from `state`, or nil when `state` does not allow it.
    /// Actions that change no state (edit, delete, change of schedule, confirmation, report)
    /// answer `state` itself when allowed.
    public func next(from state: ClassStatus) -> ClassStatus? {
        switch (self, state) {
        case (.edit, .draft), (.edit, .rejected): state
        case (.delete, .draft): state
        case (.submit, .draft), (.submit, .rejected): .submitted
        case (.withdraw, .submitted): .draft
        case (.approve, .submitted): .approved
        case (.reject, .submitted): .rejected
        case (.start, .approved): .inTraining
        case (.changeSchedule, .approved), (.changeSchedule, .inTraining): state
        case (.finish, .inTraining): .finished
        case (.confirmAttendance, .finished), (.markReported, .finished): state
        default: nil
        }
    }
}
