import EnrollmentDomain
import Testing

/// A new-certificate form that passes every check; each test spoils one thing.
func completeForm() -> EnrollmentForm {
    var form = EnrollmentForm()
    form.planID = 7
    form.post = " 施工员 "
    form.commitmentNoticeAccepted = true
    form.employmentStatus = .employed
    form.employerDivisionCode = "3401"
    form.employerName = "　合肥建工集团 "
    form.gender = "女"
    form.education = "本科"
    form.workHistory = "2019—2024 合肥建工集团\n"
    form.personalCommitment = "本人承诺所填信息真实。"
    form.idFrontFileID = 11
    form.idBackFileID = 12
    form.educationFileID = 13
    return form
}

/// `completeForm()` with one change.
func spoiledForm(_ change: (inout EnrollmentForm) -> Void) -> EnrollmentForm {
    var value = completeForm()
    change(&value)
    return value
}

@Suite("EN-3, EN-7 the enrollment form")
struct EnrollmentFormTests {
    @Test("EN-3: a complete form passes, trimmed, as a new-certificate enrollment")
    func complete() throws {
        let form = try completeForm().validated()
        #expect(form.kind == .newCertificate)
        #expect(form.post == "施工员")
        #expect(form.employerName == "合肥建工集团")
        #expect(form.workHistory == "2019—2024 合肥建工集团")
        #expect(form.employmentStatus == .employed)
        #expect(form.employerDivisionCode == "3401")
        #expect(form.certificateNumber == "")
    }

    @Test("EN-3: each missing or wrong answer is refused with its own error", arguments: [
        (spoiledForm { $0.commitmentNoticeAccepted = false }, EnrollmentError.commitmentRequired),
        (spoiledForm { $0.employmentStatus = nil }, .employmentStatusRequired),
        (spoiledForm { $0.employerDivisionCode = "340" }, .divisionInvalid),
        (spoiledForm { $0.employerDivisionCode = "34O1" }, .divisionInvalid),
        (spoiledForm { $0.employerDivisionCode = "３４０１" }, .divisionInvalid),
        (spoiledForm { $0.employerName = " 　" }, .employerNameRequired),
        (spoiledForm { $0.employerName = String(repeating: "工", count: 101) }, .employerNameRequired),
        (spoiledForm { $0.gender = "未知" }, .genderInvalid),
        (spoiledForm { $0.education = String(repeating: "学", count: 51) }, .textTooLong("form.education")),
        (spoiledForm { $0.school = String(repeating: "校", count: 101) }, .textTooLong("form.school")),
        (spoiledForm { $0.major = String(repeating: "专", count: 101) }, .textTooLong("form.major")),
        (spoiledForm { $0.workHistory = String(repeating: "工", count: 2001) }, .textTooLong("form.workHistory")),
        (spoiledForm { $0.achievements = String(repeating: "绩", count: 2001) }, .textTooLong("form.achievements")),
        (spoiledForm { $0.personalCommitment = String(repeating: "诺", count: 2001) },
         .textTooLong("form.personalCommitment")),
        (spoiledForm { $0.planID = 0 }, .planRequired),
        (spoiledForm { $0.post = "　" }, .postRequired),
        (spoiledForm { $0.personalCommitment = " " }, .personalCommitmentRequired),
        (spoiledForm { $0.workHistory = "\n" }, .workHistoryRequired),
    ])
    func refused(form: EnrollmentForm, expected: EnrollmentError) {
        #expect(throws: expected) { try form.validated() }
    }

    @Test("EN-3: the checks run in the form's order: the first problem is the one reported")
    func order() {
        var form = completeForm()
        form.workHistory = ""
        form.planID = 0
        form.gender = "?"
        #expect(throws: EnrollmentError.genderInvalid) { try form.validated() }
        form.commitmentNoticeAccepted = false
        #expect(throws: EnrollmentError.commitmentRequired) { try form.validated() }
    }

    @Test("EN-3: limits count characters, not bytes, of the text as typed; at the limit passes")
    func limits() throws {
        var form = completeForm()
        form.education = String(repeating: "学", count: 50)
        form.workHistory = String(repeating: "工", count: 2000)
        form.employerName = String(repeating: "工", count: 100)
        _ = try form.validated()
    }

    @Test("EN-3: an unemployed student needs no employer; gender may be left empty")
    func unemployed() throws {
        var form = completeForm()
        form.employmentStatus = .unemployed
        form.employerName = ""
        form.gender = ""
        let valid = try form.validated()
        #expect(valid.employmentStatus == .unemployed)
        #expect(valid.employerName == "")
    }

    @Test("EN-7: a certificate number makes it continuing education: upper-cased, no personal commitment needed")
    func continuingEducation() throws {
        var form = completeForm()
        form.certificateNumber = " 263401011t0010001 "
        form.personalCommitment = ""
        let valid = try form.validated()
        #expect(valid.kind == .continuingEducation)
        #expect(valid.certificateNumber == "263401011T0010001")
        // The work history is still required.
        form.workHistory = ""
        #expect(throws: EnrollmentError.workHistoryRequired) { try form.validated() }
    }

    @Test("EN-3: new-certificate forms check all three scans, given or not; EN-7 forms only those given")
    func uploads() throws {
        var form = completeForm()
        form.idBackFileID = 0
        #expect(try form.validated().uploadsToCheck.map(\.field) == ["form.idFrontFileId", "form.idBackFileId", "form.educationFileId"])
        #expect(try form.validated().uploadsToCheck.map(\.purpose) == [.idFront, .idBack, .education])
        form.certificateNumber = "263401011T0010001"
        #expect(try form.validated().uploadsToCheck.map(\.fileID) == [11, 13])
        form.idFrontFileID = 0
        form.educationFileID = 0
        #expect(try form.validated().uploadsToCheck.isEmpty)
    }
}

@Suite("EN-3 the plan an enrollment goes to")
struct EnrollmentPlanTests {
    static let start = shanghai(2026, 3, 1), end = shanghai(2026, 3, 20)

    static func plan(_ state: PlanStatus = .approved, kind: PlanKind? = .newCertificate, enrolled: UInt32 = 3,
                     start: Int64 = EnrollmentPlanTests.start, end: Int64 = EnrollmentPlanTests.end) -> PlanSnapshot {
        PlanSnapshot(state: state, kind: kind, posts: ["施工员", "质量员"], headcount: 5, enrolled: enrolled,
                     startUnix: start, endUnix: end, requiresApproval: false)
    }

    static let now = start + 60

    @Test("EN-3: an approved, open plan of the form's kind and post with room takes it")
    func takes() throws {
        try completeForm().validated().checkPlan(Self.plan(), now: Self.now, counting: true)
    }

    @Test("EN-3: a plan not approved, not open, of the other kind or full is refused", arguments: [
        (EnrollmentPlanTests.plan(.submitted), EnrollmentError.notFound("报名计划")),
        (EnrollmentPlanTests.plan(.draft), .notFound("报名计划")),
        (EnrollmentPlanTests.plan(start: EnrollmentPlanTests.now + 1), .planNotOpen),
        (EnrollmentPlanTests.plan(end: EnrollmentPlanTests.now), .planNotOpen),
        (EnrollmentPlanTests.plan(kind: .continuingEducation), .planKindMismatch),
        (EnrollmentPlanTests.plan(kind: nil), .planKindMismatch),
        (EnrollmentPlanTests.plan(enrolled: 5), .planFull),
    ])
    func refused(plan: PlanSnapshot, expected: EnrollmentError) throws {
        let form = try completeForm().validated()
        #expect(throws: expected) { try form.checkPlan(plan, now: Self.now, counting: true) }
    }

    @Test("EN-3: a post the plan does not recruit is refused")
    func post() throws {
        var form = completeForm()
        form.post = "安全员"
        let valid = try form.validated()
        #expect(throws: EnrollmentError.postNotInPlan) { try valid.checkPlan(Self.plan(), now: Self.now, counting: true) }
    }

    @Test("EN-4: a resubmission does not count places (it already holds one)")
    func resubmissionNotCounted() throws {
        try completeForm().validated().checkPlan(Self.plan(enrolled: 5), now: Self.now, counting: false)
    }
}
