import CommonRules
/// EN-1: a plan (报名计划) as an institution saves it, before any check.
public struct PlanDraft: Sendable, Equatable {
    public var name: String
    /// Nil when the institution chose none.
    public var kind: PlanKind?
    public var posts: [String]
    public var headcount: UInt32
    public var startUnix: Int64
    public var endUnix: Int64
    /// Asked for by the institution; continuing-education plans need approval regardless.
    public var requiresApproval: Bool

    public init(name: String, kind: PlanKind?, posts: [String], headcount: UInt32, startUnix: Int64, endUnix: Int64,
                requiresApproval: Bool) {
        self.name = name
        self.kind = kind
        self.posts = posts
        self.headcount = headcount
        self.startUnix = startUnix
        self.endUnix = endUnix
        self.requiresApproval = requiresApproval
    }

    /// EN-1, EN-2: checks the draft against the institution's post scope and the province's
    /// settings, in this order: name (1–100 characters once trimmed), kind, at least one post,
    /// every post in `postScope`, headcount (1–100,000), the window (`PlanRules.checkWindow`).
    /// - Parameters:
    ///   - postScope: the institution's post scope, as identity reports it.
    ///   - maximumDays: `enrollment.plan_max_days`.
    ///   - classApplicationDays: `enrollment.class_application_days`, for the purge deadline.
    /// - Throws: `EnrollmentError.nameRequired`, `.planKindRequired`, `.postsRequired`,
    ///   `.postOutsideScope(post)`, `.headcountInvalid` or `.planWindow`.
    public func validate(postScope: [String], maximumDays: Int, classApplicationDays: Int) throws(EnrollmentError) -> ValidPlan {
        let name = name.trimmingSpaces
        guard (1...100).contains(name.count) else { throw .nameRequired }
        guard let kind else { throw .planKindRequired }
        let posts = Array(Set(posts.map(\.trimmingSpaces).filter { !$0.isEmpty })).sorted()
        guard !posts.isEmpty else { throw .postsRequired }
        if let outside = posts.first(where: { !postScope.contains($0) }) { throw .postOutsideScope(outside) }
        guard (1...100_000).contains(headcount) else { throw .headcountInvalid }
        do {
            try PlanRules.checkWindow(start: startUnix, end: endUnix, maximumDays: maximumDays)
        } catch { throw .planWindow(error) }
        return ValidPlan(name: name, kind: kind, posts: posts, headcount: headcount, startUnix: startUnix, endUnix: endUnix,
                         purgeAfterUnix: PlanRules.purgeDeadline(enrollmentEnd: endUnix, days: classApplicationDays),
                         requiresApproval: kind == .continuingEducation || requiresApproval)
    }
}

/// EN-1: a plan that passed `PlanDraft.validate`: its name trimmed, its posts trimmed, without
/// blanks or repeats and sorted, its purge deadline (EN-2) worked out.
public struct ValidPlan: Sendable, Equatable {
    public let name: String
    public let kind: PlanKind
    public let posts: [String]
    public let headcount: UInt32
    public let startUnix: Int64
    public let endUnix: Int64
    /// EN-2: `PlanRules.purgeDeadline` of the end.
    public let purgeAfterUnix: Int64
    /// Continuing education always; a new-certificate plan when the institution asked.
    public let requiresApproval: Bool

    /// A new plan's state: a draft when it needs approval, approved (taking enrollments) otherwise.
    public var initialState: PlanStatus { requiresApproval ? .draft : .approved }

    /// EN-1: whether this may replace `current` at `now`. A draft or rejected plan is edited
    /// freely. An approved plan that needed no approval stays editable while it runs, but only
    /// grows: the same kind and approval, every post kept, the headcount not below those enrolled.
    /// - Throws: `EnrollmentError.planNotEditable` otherwise.
    public func checkReplaces(_ current: PlanSnapshot, now: Int64) throws(EnrollmentError) {
        let liveEdit = current.state == .approved && !current.requiresApproval && now < current.endUnix
        guard current.state.editable || liveEdit else { throw .planNotEditable }
        if liveEdit {
            guard kind == current.kind, requiresApproval == current.requiresApproval else { throw .planNotEditable }
            guard current.posts.allSatisfy(posts.contains), headcount >= current.enrolled else { throw .planNotEditable }
        }
    }
}

/// EN-1, EN-3: what the rules need of a stored plan.
public struct PlanSnapshot: Sendable, Equatable {
    public var state: PlanStatus
    /// Nil for a kind this version does not know.
    public var kind: PlanKind?
    public var posts: [String]
    public var headcount: UInt32
    /// Enrollments holding a place (every state but withdrawn).
    public var enrolled: UInt32
    public var startUnix: Int64
    public var endUnix: Int64
    public var requiresApproval: Bool

    public init(state: PlanStatus, kind: PlanKind?, posts: [String], headcount: UInt32, enrolled: UInt32,
                startUnix: Int64, endUnix: Int64, requiresApproval: Bool) {
        self.state = state
        self.kind = kind
        self.posts = posts
        self.headcount = headcount
        self.enrolled = enrolled
        self.startUnix = startUnix
        self.endUnix = endUnix
        self.requiresApproval = requiresApproval
    }
}
