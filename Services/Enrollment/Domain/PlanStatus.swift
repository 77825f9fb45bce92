/// EN-1: a plan's approval state. Plans that need no approval are `approved` when created.
public enum PlanStatus: String, Sendable, CaseIterable {
    case draft, submitted, accepted, approved, rejected
}

/// What an institution or authority does to a plan.
public enum PlanStep: String, Sendable, CaseIterable {
    /// The institution sends a draft (or an edited rejected plan) for approval.
    case submit
    /// The institution takes back a submitted plan the authority has not accepted (受理).
    case withdraw
    /// The authority accepts (受理) a submitted plan; it can no longer be withdrawn.
    case accept
    case approve
    case reject

    /// Who may take the step: the plan's institution, or an authority above it.
    public var byAuthority: Bool { self == .accept || self == .approve || self == .reject }

    /// The state after this step from `state`, or nil when the step is not allowed there.
    public func next(from state: PlanStatus) -> PlanStatus? {
        switch (self, state) {
        case (.submit, .draft), (.submit, .rejected): .submitted
        case (.withdraw, .submitted): .draft
        case (.accept, .submitted): .accepted
        case (.approve, .accepted): .approved
        case (.reject, .accepted): .rejected
        default: nil
        }
    }
}

extension PlanStatus {
    /// Whether the institution may still edit the plan's content: before it is sent, after a
    /// rejection, and (for window and headcount only, checked by the service) once approved.
    public var editable: Bool { self == .draft || self == .rejected }
}
