import CommonRules

/// EN-1: a plan's approval state. Plans that need no approval are `approved` when created; the
/// others go through the one approval engine (B-6, `ApprovalFlow` in CommonRules) as flow
/// `plan`: the institution submits to its city authority (省直所: the province), which accepts
/// (受理) before it approves or rejects; withdrawal only before acceptance.
public enum PlanStatus: String, Sendable, CaseIterable {
    case draft, submitted, accepted, approved, rejected

    /// The approval flow of plans. `reviewDays`: the stop's deadline before it is reminded.
    public static func flow(reviewDays: Int) -> ApprovalFlow {
        ApprovalFlow(name: "plan", acceptsFirst: true, reviewDays: reviewDays)
    }

    /// The engine's stage for this state (plans have one stop).
    public var stage: ApprovalStage {
        switch self {
        case .draft: .draft
        case .submitted: .pending(stop: 0)
        case .accepted: .accepted(stop: 0)
        case .approved: .approved
        case .rejected: .rejected
        }
    }

    /// The state for the engine's stage.
    public init(_ stage: ApprovalStage) {
        switch stage {
        case .draft: self = .draft
        case .pending: self = .submitted
        case .accepted: self = .accepted
        case .approved: self = .approved
        case .rejected: self = .rejected
        }
    }
}

extension PlanStatus {
    /// Whether the institution may still edit the plan's content: before it is sent, after a
    /// rejection, and (for window and headcount only, checked by the service) once approved.
    public var editable: Bool { self == .draft || self == .rejected }
}
