/// B-6: the one approval engine's rules, shared by every flow (enrollment plans, class
/// applications, and later test plans, scores, batches and certificate business). A flow is an
/// item that an applicant organisation submits and that goes up the organisation tree, level by
/// level, to the authorities on its route. The engine knows stages, levels and actions; each
/// service keeps its item's own state and maps it from the stage (docs/APPROVALS.md).
public enum ApprovalLevel: String, Sendable, CaseIterable {
    case city, province
}

/// One stop on an item's route: the level and the authority that decides there.
public struct ApprovalStop: Equatable, Sendable {
    public let level: ApprovalLevel
    public let orgID: Int64

    public init(_ level: ApprovalLevel, orgID: Int64) {
        self.level = level
        self.orgID = orgID
    }
}

/// Where an item stands. `pending` and `accepted` name the index of the stop on the route.
public enum ApprovalStage: Equatable, Sendable {
    case draft
    case pending(stop: Int)
    case accepted(stop: Int)
    case approved
    case rejected

    /// The stored name (`approvals.stage`).
    public var name: String {
        switch self {
        case .draft: "draft"
        case .pending: "pending"
        case .accepted: "accepted"
        case .approved: "approved"
        case .rejected: "rejected"
        }
    }

    /// The stop index for `pending` and `accepted`, else nil.
    public var stop: Int? {
        switch self {
        case .pending(let stop), .accepted(let stop): stop
        default: nil
        }
    }

    /// From the stored name and stop index.
    public init?(name: String, stop: Int) {
        switch name {
        case "draft": self = .draft
        case "pending": self = .pending(stop: stop)
        case "accepted": self = .accepted(stop: stop)
        case "approved": self = .approved
        case "rejected": self = .rejected
        default: return nil
        }
    }
}

public enum ApprovalAction: String, Sendable, CaseIterable {
    /// The applicant sends a draft, or a rejected item after editing it.
    case submit
    /// The applicant takes back an item no authority has accepted yet.
    case withdraw
    /// 受理: the authority at the current stop takes the item up; it can no longer be withdrawn.
    case accept
    case approve
    case reject

    /// Whether an authority on the route takes it (else the applicant).
    public var byAuthority: Bool { self == .accept || self == .approve || self == .reject }
}

/// Why the engine refused an action.
public enum ApprovalRefusal: Error, Equatable, Sendable {
    /// The action is not one the item's stage allows.
    case notAllowed
    /// Rejections (and every action of a flow that says so) need a reason.
    case reasonRequired
    /// The actor is not the authority at the item's current stop.
    case notTheReviewer
    /// A submission found no authority to go to.
    case noRoute
}

/// A kind of item and how it is approved.
public struct ApprovalFlow: Sendable, Equatable {
    /// The stored name (`approvals.flow`): plan, class, …
    public let name: String
    /// Whether each stop accepts (受理) before it approves or rejects (enrollment plans do).
    public let acceptsFirst: Bool
    /// Natural days each stop has to decide before the item is overdue and reminded.
    public let reviewDays: Int

    public init(name: String, acceptsFirst: Bool, reviewDays: Int) {
        self.name = name
        self.acceptsFirst = acceptsFirst
        self.reviewDays = reviewDays
    }

    /// The stage after `action` from `stage` on `route`, taken by an applicant (`reviewerOrgID`
    /// nil) or by the authority `reviewerOrgID`.
    /// - Throws: `ApprovalRefusal`.
    public func next(_ action: ApprovalAction, from stage: ApprovalStage, route: [ApprovalStop],
                     reviewerOrgID: Int64?, reason: String) throws(ApprovalRefusal) -> ApprovalStage {
        if action.byAuthority {
            guard let stop = stage.stop, stop < route.count else { throw .notAllowed }
            guard reviewerOrgID == route[stop].orgID else { throw .notTheReviewer }
        } else if reviewerOrgID != nil {
            throw .notTheReviewer
        }
        if action == .reject, reason.allSatisfy(\.isWhitespace) { throw .reasonRequired }
        switch (action, stage) {
        case (.submit, .draft), (.submit, .rejected):
            guard !route.isEmpty else { throw .noRoute }
            return .pending(stop: 0)
        case (.withdraw, .pending(let stop)) where stop == 0:
            return .draft
        case (.accept, .pending(let stop)) where acceptsFirst:
            return .accepted(stop: stop)
        case (.approve, .accepted(let stop)) where acceptsFirst, (.approve, .pending(let stop)) where !acceptsFirst:
            return stop + 1 < route.count ? .pending(stop: stop + 1) : .approved
        case (.reject, .accepted) where acceptsFirst, (.reject, .pending) where !acceptsFirst:
            return .rejected
        default:
            throw .notAllowed
        }
    }

    /// The route of an item by the organisation tree: an institution's city authority and then,
    /// for flows that go on, the province; an organisation directly under the province (省直所)
    /// goes straight to it. `parent` is the applicant's parent, `grandparent` the parent's.
    public static func route(parentID: Int64, parentIsProvince: Bool, provinceID: Int64?, upTo top: ApprovalLevel) -> [ApprovalStop] {
        if parentIsProvince { return [ApprovalStop(.province, orgID: parentID)] }
        var stops = [ApprovalStop(.city, orgID: parentID)]
        if top == .province, let provinceID { stops.append(ApprovalStop(.province, orgID: provinceID)) }
        return stops
    }
}
