/// EN-3 and EN-4: an enrollment's life. Exactly these transitions exist:
///
/// | from | step | to |
/// |---|---|---|
/// | submitted | approve (institution) | approved |
/// | submitted | reject (institution) | rejected |
/// | submitted | withdraw (student deletes before confirmation) | withdrawn |
/// | rejected | resubmit (student, after editing) | submitted |
/// | rejected | withdraw (student cancels) | withdrawn |
///
/// Approved and withdrawn are final here; later services (classes, certificates) take over an
/// approved enrollment.
public enum EnrollmentStatus: String, Sendable, CaseIterable {
    case submitted, approved, rejected, withdrawn

    /// Holds the student's one place per post (EN-3): every state but withdrawn.
    public var active: Bool { self != .withdrawn }
}

public enum EnrollmentStep: String, Sendable, CaseIterable {
    case approve, reject, resubmit, withdraw

    /// Taken by the student (the others by the institution).
    public var byStudent: Bool { self == .resubmit || self == .withdraw }

    /// The state after this step from `state`, or nil when the step is not allowed there.
    public func next(from state: EnrollmentStatus) -> EnrollmentStatus? {
        switch (self, state) {
        case (.approve, .submitted): .approved
        case (.reject, .submitted): .rejected
        case (.withdraw, .submitted), (.withdraw, .rejected): .withdrawn
        case (.resubmit, .rejected): .submitted
        default: nil
        }
    }
}
