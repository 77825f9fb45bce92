import AssessmentDomain
import CommonRules
import Testing

@Suite("AS-1 and AS-3: the state machines")
struct AssessmentStateTests {
    @Test("test plans: every (state, step) pair, exactly the listed ones allowed")
    func testPlanPairs() {
        let allowed: [TestPlanStatus: [TestPlanStep: TestPlanStatus]] = [
            .draft: [.edit: .draft, .delete: .draft, .submit: .submitted],
            .submitted: [.withdraw: .draft, .accept: .accepted],
            .accepted: [.approve: .approved, .reject: .rejected],
            .rejected: [.edit: .rejected, .submit: .submitted],
            .approved: [:],
        ]
        for state in TestPlanStatus.allCases {
            for step in TestPlanStep.allCases {
                #expect(step.next(from: state) == allowed[state]?[step], "\(step) from \(state)")
            }
        }
    }

    @Test("scores: every (state, step) pair; a not-approved report is corrected and reported again")
    func scorePairs() {
        let allowed: [ScoreStatus: [ScoreStep: ScoreStatus]] = [
            .notReported: [.enter: .notReported, .report: .reported],
            .reported: [.withdraw: .notReported, .accept: .accepted],
            .accepted: [.approve: .approved, .reject: .notApproved],
            .approved: [:],
            .notApproved: [.enter: .notApproved, .report: .reported],
        ]
        for state in ScoreStatus.allCases {
            for step in ScoreStep.allCases {
                #expect(step.next(from: state) == allowed[state]?[step], "\(step) from \(state)")
            }
        }
        #expect(ScoreStatus.allCases.filter(\.editable) == [.notReported, .notApproved])
    }

    @Test("both map onto the approval engine: accept first, then approve or reject, at one stop")
    func engine() throws {
        let route = [ApprovalStop(.province, orgID: 1)]
        for flow in [TestPlanStatus.flow(reviewDays: 5), ScoreStatus.flow(reviewDays: 5)] {
            var stage = try flow.next(.submit, from: .draft, route: route, reviewerOrgID: nil, reason: "")
            #expect(TestPlanStatus(stage) == .submitted && ScoreStatus(stage) == .reported)
            #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.approve, from: stage, route: route, reviewerOrgID: 1, reason: "") }
            #expect(throws: ApprovalRefusal.notTheReviewer) { try flow.next(.accept, from: stage, route: route, reviewerOrgID: 2, reason: "") }
            stage = try flow.next(.accept, from: stage, route: route, reviewerOrgID: 1, reason: "")
            #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.withdraw, from: stage, route: route, reviewerOrgID: nil, reason: "") }
            #expect(throws: ApprovalRefusal.reasonRequired) { try flow.next(.reject, from: stage, route: route, reviewerOrgID: 1, reason: " ") }
            #expect(try flow.next(.approve, from: stage, route: route, reviewerOrgID: 1, reason: "") == .approved)
        }
        for state in TestPlanStatus.allCases { #expect(TestPlanStatus(state.stage) == state) }
        for state in ScoreStatus.allCases { #expect(ScoreStatus(state.stage) == state) }
    }

    @Test("AS-4's words")
    func progress() {
        #expect(TestPlanStatus.allCases.map(\.progressLabel) == ["未上报", "未审核", "未审核", "已审核", "未上报"])
        #expect(ScoreStatus.allCases.map(\.progressLabel) == ["未上报", "已上报", "已受理", "已审核", "未通过"])
    }
}

@Suite("AS-3: the pass rule and scores")
struct PassRuleTests {
    @Test("theory ≥ 60 and practice ≥ 60 by default, at the edges in tenths")
    func standard() {
        let rule = PassRule.standard
        #expect(rule.result(.present, theoryTenths: 600, practiceTenths: 600) == .passed)
        #expect(rule.result(.present, theoryTenths: 599, practiceTenths: 1000) == .failed)
        #expect(rule.result(.present, theoryTenths: 1000, practiceTenths: 599) == .failed)
        #expect(rule.result(.present, theoryTenths: 0, practiceTenths: 0) == .failed)
        #expect(PassRule(theory: 70, practice: 50).result(.present, theoryTenths: 700, practiceTenths: 500) == .passed)
        #expect(PassRule(theory: 70, practice: 50).result(.present, theoryTenths: 699, practiceTenths: 900) == .failed)
    }

    @Test("absent is absent and cheating is cheating, never a score of 0")
    func absentAndCheated() {
        #expect(PassRule.standard.result(.absent, theoryTenths: 1000, practiceTenths: 1000) == .absent)
        #expect(PassRule.standard.result(.cheated, theoryTenths: 1000, practiceTenths: 1000) == .cheated)
        #expect(Sitting(sheetText: "") == .present && Sitting(sheetText: "正常") == .present)
        #expect(Sitting(sheetText: "缺考") == .absent && Sitting(sheetText: "违纪") == .cheated && Sitting(sheetText: "0") == nil)
    }

    @Test("scores: 0–100 with one decimal, as sheets write them")
    func scores() {
        #expect(Score.tenths("85") == 850 && Score.tenths("85.5") == 855 && Score.tenths(" 100 ") == 1000 && Score.tenths("0") == 0)
        #expect(Score.tenths("85.49999999999") == 855 && Score.tenths("8.55E1") == 855)
        for bad in ["", "-1", "100.1", "101", "85.55", "八十", "85分", "nan", "inf", "1e400"] { #expect(Score.tenths(bad) == nil, "\(bad)") }
        #expect(Score.text(855) == "85.5" && Score.text(850) == "85" && Score.text(5) == "0.5")
    }
}

@Suite("AS-2: ticket numbers")
struct TicketNumberTests {
    @Test("YY DDDD PPPP SSSSS: 15 digits, parsed back")
    func format() throws {
        let ticket = try TicketNumber(year: 2026, division: "3401", planSequence: 7, seat: 12)
        #expect(ticket.description == "263401000700012")
        #expect(try TicketNumber(parsing: "263401000700012") == ticket)
        #expect(try TicketNumber(year: 2030, division: "3415", planSequence: 9_999, seat: 99_999).description == "303415999999999")
    }

    @Test("out of range parts are refused, never wrapped")
    func limits() {
        #expect(throws: TicketNumber.Problem.plansExhausted) { try TicketNumber(year: 2026, division: "3401", planSequence: 10_000, seat: 1) }
        #expect(throws: TicketNumber.Problem.plansExhausted) { try TicketNumber(year: 2026, division: "3401", planSequence: 0, seat: 1) }
        #expect(throws: TicketNumber.Problem.seatsExhausted) { try TicketNumber(year: 2026, division: "3401", planSequence: 1, seat: 100_000) }
        #expect(throws: TicketNumber.Problem.malformed) { try TicketNumber(year: 2026, division: "34", planSequence: 1, seat: 1) }
        for bad in ["26340100070001", "2634010007000120", "26340100070001X", "263401000000012"] {
            #expect(throws: TicketNumber.Problem.self) { try TicketNumber(parsing: bad) }
        }
    }
}

@Suite("Exam discipline")
struct DisciplineTests {
    let day: Int64 = 86_400
    let rules = DisciplineRules.standard

    @Test("cheating bars for the set days from the exam, and not a second longer")
    func cheating() {
        let exam: Int64 = 1_800_000_000
        let marks = [DisciplineRules.Mark(.cheated, atUnix: exam)]
        #expect(rules.bar(marks, now: exam + 364 * day) == .cheating(untilUnix: exam + 365 * day))
        #expect(rules.bar(marks, now: exam + 365 * day) == nil)
    }

    @Test("three no-shows within the window lock; two, or three spread wider, do not")
    func noShows() {
        let start: Int64 = 1_800_000_000
        let three = [0, 100, 200].map { DisciplineRules.Mark(.absent, atUnix: start + Int64($0) * day) }
        #expect(rules.bar(three, now: start + 201 * day) == .noShows(count: 3, untilUnix: start + 565 * day))
        #expect(rules.bar(Array(three.prefix(2)), now: start + 201 * day) == nil)
        let spread = [0, 200, 366].map { DisciplineRules.Mark(.absent, atUnix: start + Int64($0) * day) }
        #expect(rules.bar(spread, now: start + 367 * day) == nil)
        #expect(rules.bar(three, now: start + 565 * day) == nil)
        #expect(rules.note(Array(three.prefix(2)), now: start + 101 * day) == "近365天内缺考2次")
    }

    @Test("the longest bar wins; present sittings are not marks")
    func longest() {
        let at: Int64 = 1_800_000_000
        let marks = [DisciplineRules.Mark(.cheated, atUnix: at), .init(.absent, atUnix: at + day), .init(.absent, atUnix: at + 2 * day),
                     .init(.absent, atUnix: at + 3 * day), .init(.present, atUnix: at + 4 * day)]
        #expect(rules.bar(marks, now: at + 4 * day) == .noShows(count: 3, untilUnix: at + 368 * day))
    }
}

@Suite("AS-1: the test plan form")
struct TestPlanFormTests {
    @Test("name, place, an exam that ends after it starts, within a day")
    func form() throws {
        let start: Int64 = 1_800_000_000
        #expect(throws: AssessmentError.self) { try TestPlanForm(name: "考", place: "合肥市", examStartUnix: start, examEndUnix: start + 3600) }
        #expect(throws: AssessmentError.self) { try TestPlanForm(name: "施工员考核", place: "", examStartUnix: start, examEndUnix: start + 3600) }
        #expect(throws: AssessmentError.self) { try TestPlanForm(name: "施工员考核", place: "合肥市", examStartUnix: start, examEndUnix: start) }
        #expect(throws: AssessmentError.self) { try TestPlanForm(name: "施工员考核", place: "合肥市", examStartUnix: start, examEndUnix: start + 86_401) }
        let form = try TestPlanForm(name: " 施工员考核 ", place: "合肥市蜀山区", examStartUnix: start, examEndUnix: start + 7200)
        #expect(form.name == "施工员考核")
        #expect(throws: AssessmentError.examInPast) { try form.checkSubmission(now: start) }
        try form.checkSubmission(now: start - 1)
    }
}
