import EnrollmentDomain
import Testing

/// A new-certificate plan of 30 places over ten days, which passes; each test spoils one thing.
func draft() -> PlanDraft {
    PlanDraft(name: " 2026年春季施工员培训 ", kind: .newCertificate, posts: ["质量员", " 施工员", "", "施工员 "], headcount: 30,
              startUnix: shanghai(2026, 3, 1), endUnix: shanghai(2026, 3, 11), requiresApproval: false)
}

let scope = ["施工员", "质量员", "安全员"]

/// `draft()` with one change.
func spoiledDraft(_ change: (inout PlanDraft) -> Void) -> PlanDraft {
    var value = draft()
    change(&value)
    return value
}

@Suite("EN-1 saving a plan")
struct PlanDraftTests {
    @Test("EN-1: a complete plan passes: name trimmed, posts trimmed, deduplicated and sorted, purge deadline set")
    func complete() throws {
        let plan = try draft().validate(postScope: scope, maximumDays: 31, classApplicationDays: 3)
        #expect(plan.name == "2026年春季施工员培训")
        #expect(plan.posts == ["施工员", "质量员"].sorted())
        #expect(plan.headcount == 30)
        #expect(plan.purgeAfterUnix == shanghai(2026, 3, 15))
        #expect(!plan.requiresApproval)
        #expect(plan.initialState == .approved)
    }

    @Test("EN-1: each problem is refused with its own error", arguments: [
        (spoiledDraft { $0.name = "　" }, EnrollmentError.nameRequired),
        (spoiledDraft { $0.name = String(repeating: "训", count: 101) }, .nameRequired),
        (spoiledDraft { $0.kind = nil }, .planKindRequired),
        (spoiledDraft { $0.posts = [" ", ""] }, .postsRequired),
        (spoiledDraft { $0.posts = ["施工员", "资料员"] }, .postOutsideScope("资料员")),
        (spoiledDraft { $0.headcount = 0 }, .headcountInvalid),
        (spoiledDraft { $0.headcount = 100_001 }, .headcountInvalid),
        (spoiledDraft { $0.endUnix = $0.startUnix }, .planWindow(.endNotAfterStart)),
        (spoiledDraft { $0.endUnix = $0.startUnix + 31 * 86_400 + 1 }, .planWindow(.tooLong(maximumDays: 31))),
    ])
    func refused(plan: PlanDraft, expected: EnrollmentError) {
        #expect(throws: expected) { try plan.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3) }
    }

    @Test("EN-1: the first problem in order (name, kind, posts, scope, headcount, window) is the one reported")
    func order() {
        var plan = draft()
        plan.headcount = 0
        plan.endUnix = 0
        plan.posts = ["资料员"]
        #expect(throws: EnrollmentError.postOutsideScope("资料员")) {
            try plan.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3)
        }
        plan.name = ""
        #expect(throws: EnrollmentError.nameRequired) { try plan.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3) }
    }

    @Test("EN-1: continuing education always needs approval and starts as a draft; new-certificate plans when asked")
    func approval() throws {
        var plan = draft()
        plan.kind = .continuingEducation
        #expect(try plan.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3).initialState == .draft)
        plan.kind = .newCertificate
        plan.requiresApproval = true
        #expect(try plan.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3).requiresApproval)
    }

    @Test("EN-1: the window limit is the province's setting")
    func windowSetting() {
        #expect(throws: EnrollmentError.planWindow(.tooLong(maximumDays: 7))) {
            try draft().validate(postScope: scope, maximumDays: 7, classApplicationDays: 3)
        }
    }
}

@Suite("EN-1 editing a saved plan")
struct PlanEditTests {
    static let now = shanghai(2026, 3, 5)

    static func current(_ state: PlanStatus, requiresApproval: Bool = false, posts: [String] = ["施工员"], enrolled: UInt32 = 10,
                        end: Int64 = shanghai(2026, 3, 11)) -> PlanSnapshot {
        PlanSnapshot(state: state, kind: .newCertificate, posts: posts, headcount: 30, enrolled: enrolled,
                     startUnix: shanghai(2026, 3, 1), endUnix: end, requiresApproval: requiresApproval)
    }

    static let edited = try! draft().validate(postScope: scope, maximumDays: 31, classApplicationDays: 3)

    @Test("EN-1: drafts and rejected plans are edited freely; a running plan needing no approval may grow", arguments: [
        PlanEditTests.current(.draft, requiresApproval: true, posts: ["安全员"], enrolled: 0),
        PlanEditTests.current(.rejected, requiresApproval: true, posts: ["安全员"]),
        PlanEditTests.current(.approved), PlanEditTests.current(.approved, posts: ["施工员", "质量员"], enrolled: 30),
    ])
    func allowed(current: PlanSnapshot) throws {
        try Self.edited.checkReplaces(current, now: Self.now)
    }

    @Test("EN-1: submitted, accepted, approved-with-approval and ended plans are not edited; a running one does not shrink",
          arguments: [
        PlanEditTests.current(.submitted, requiresApproval: true), PlanEditTests.current(.accepted, requiresApproval: true),
        PlanEditTests.current(.approved, requiresApproval: true), PlanEditTests.current(.approved, end: PlanEditTests.now),
        PlanEditTests.current(.approved, posts: ["安全员"]), PlanEditTests.current(.approved, enrolled: 31),
    ])
    func refused(current: PlanSnapshot) {
        #expect(throws: EnrollmentError.planNotEditable) { try Self.edited.checkReplaces(current, now: Self.now) }
    }

    @Test("EN-1: a running plan keeps its kind and its approval")
    func kindAndApproval() throws {
        var other = draft()
        other.kind = .continuingEducation
        let continuing = try other.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3)
        #expect(throws: EnrollmentError.planNotEditable) { try continuing.checkReplaces(Self.current(.approved), now: Self.now) }
        other.kind = .newCertificate
        other.requiresApproval = true
        let approved = try other.validate(postScope: scope, maximumDays: 31, classApplicationDays: 3)
        #expect(throws: EnrollmentError.planNotEditable) { try approved.checkReplaces(Self.current(.approved), now: Self.now) }
    }
}
