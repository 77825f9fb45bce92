import CommonRules
import EnrollmentDomain
import Testing

/// Unix time of an Asia/Shanghai wall-clock moment (UTC+8), for readable test cases.
func shanghai(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int64 {
    // Days from civil (H. Hinnant), independent of the code under test.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = Int64(era * 146_097 + dayOfEra - 719_468)
    return days * 86_400 + Int64(hour * 3600 + minute * 60) - 8 * 3600
}

@Suite("EN-1 plan window")
struct PlanWindowTests {
    @Test("a window of at most 31 days passes", arguments: [
        (shanghai(2026, 3, 1), shanghai(2026, 3, 31)), (shanghai(2026, 3, 1), shanghai(2026, 4, 1)),
        (shanghai(2026, 12, 15, 9), shanghai(2027, 1, 15, 9)), (shanghai(2026, 2, 1), shanghai(2026, 2, 1, 0, 1)),
    ])
    func allowed(start: Int64, end: Int64) throws {
        try PlanRules.checkWindow(start: start, end: end, maximumDays: 31)
    }

    @Test("longer than 31 days is refused, naming the limit")
    func tooLong() {
        #expect(throws: PlanWindowError.tooLong(maximumDays: 31)) {
            try PlanRules.checkWindow(start: shanghai(2026, 3, 1), end: shanghai(2026, 4, 1, 0, 1), maximumDays: 31)
        }
        #expect(throws: PlanWindowError.tooLong(maximumDays: 30)) {
            try PlanRules.checkWindow(start: shanghai(2026, 3, 1), end: shanghai(2026, 3, 31, 0, 1), maximumDays: 30)
        }
    }

    @Test("the end must come after the start", arguments: [(shanghai(2026, 3, 2), shanghai(2026, 3, 1)), (shanghai(2026, 3, 1), shanghai(2026, 3, 1)), (0, 100)])
    func endBeforeStart(start: Int64, end: Int64) {
        #expect(throws: PlanWindowError.endNotAfterStart) { try PlanRules.checkWindow(start: start, end: end, maximumDays: 31) }
    }

    @Test("open only while approved and between start (inclusive) and end (exclusive)")
    func openness() {
        let start = shanghai(2026, 3, 1), end = shanghai(2026, 3, 10)
        #expect(PlanRules.isOpen(state: .approved, start: start, end: end, now: start))
        #expect(!PlanRules.isOpen(state: .approved, start: start, end: end, now: end))
        #expect(!PlanRules.isOpen(state: .approved, start: start, end: end, now: start - 1))
        for state in PlanStatus.allCases where state != .approved {
            #expect(!PlanRules.isOpen(state: state, start: start, end: end, now: start + 1))
        }
    }
}

@Suite("EN-2 three natural days (Asia/Shanghai)")
struct PurgeDeadlineTests {
    @Test("the deadline is midnight Shanghai after the third natural day following the end day", arguments: [
        // 23:59 on 31 January: 1, 2, 3 February are the three days.
        (shanghai(2026, 1, 31, 23, 59), shanghai(2026, 2, 4)),
        // 00:01 on 1 February: 2, 3, 4 February.
        (shanghai(2026, 2, 1, 0, 1), shanghai(2026, 2, 5)),
        // Across a month end in a leap year and a year end.
        (shanghai(2028, 2, 28, 12), shanghai(2028, 3, 3)),
        (shanghai(2026, 2, 28, 12), shanghai(2026, 3, 4)),
        (shanghai(2026, 12, 30, 18), shanghai(2027, 1, 3)),
        // Midnight exactly belongs to the day it starts.
        (shanghai(2026, 5, 1), shanghai(2026, 5, 5)),
    ])
    func deadline(end: Int64, expected: Int64) {
        #expect(PlanRules.purgeDeadline(enrollmentEnd: end, days: 3) == expected)
    }

    @Test("days are Shanghai days, not UTC days: 23:59 and 00:01 Shanghai fall on different UTC-8h boundaries")
    func timeZone() {
        // 2026-01-31 23:59 Shanghai is 15:59 UTC on the 31st; 2026-02-01 00:01 Shanghai is 16:01 UTC on the 31st.
        // Both are 31 January in UTC, yet their deadlines differ by a whole day.
        let late = shanghai(2026, 1, 31, 23, 59), early = shanghai(2026, 2, 1, 0, 1)
        #expect(early - late == 120)
        #expect(PlanRules.purgeDeadline(enrollmentEnd: early, days: 3) - PlanRules.purgeDeadline(enrollmentEnd: late, days: 3) == 86_400)
        // The deadline itself is 16:00 UTC, i.e. midnight in Shanghai.
        #expect(PlanRules.purgeDeadline(enrollmentEnd: late, days: 3) % 86_400 == 16 * 3600)
    }

    @Test("the number of days is the province's setting")
    func configurable() {
        #expect(PlanRules.purgeDeadline(enrollmentEnd: shanghai(2026, 6, 10, 8), days: 5) == shanghai(2026, 6, 16))
        #expect(PlanRules.purgeDeadline(enrollmentEnd: shanghai(2026, 6, 10, 8), days: 0) == shanghai(2026, 6, 11))
    }
}

@Suite("EN-1, EN-4 state machines")
struct StateMachineTests {
    @Test("an enrollment allows exactly the listed transitions")
    func enrollmentTransitions() {
        let allowed: [EnrollmentStatus: [EnrollmentStep: EnrollmentStatus]] = [
            .submitted: [.approve: .approved, .reject: .rejected, .withdraw: .withdrawn],
            .rejected: [.resubmit: .submitted, .withdraw: .withdrawn],
        ]
        for state in EnrollmentStatus.allCases {
            for step in EnrollmentStep.allCases {
                #expect(step.next(from: state) == allowed[state]?[step], "\(step) from \(state)")
            }
        }
    }

    @Test("students resubmit and withdraw; institutions approve and reject")
    func enrollmentActors() {
        #expect(EnrollmentStep.allCases.filter(\.byStudent) == [.resubmit, .withdraw])
        #expect(EnrollmentStatus.allCases.filter { !$0.active } == [.withdrawn])
    }

    @Test("a plan allows exactly the listed transitions through the approval engine; only its authority accepts, approves, rejects")
    func planTransitions() throws {
        let allowed: [PlanStatus: [ApprovalAction: PlanStatus]] = [
            .draft: [.submit: .submitted],
            .submitted: [.withdraw: .draft, .accept: .accepted],
            .accepted: [.approve: .approved, .reject: .rejected],
            .rejected: [.submit: .submitted],
        ]
        let flow = PlanStatus.flow(reviewDays: 5), route = [ApprovalStop(.city, orgID: 2)]
        for state in PlanStatus.allCases {
            for action in ApprovalAction.allCases {
                let next = try? flow.next(action, from: state.stage, route: route, reviewerOrgID: action.byAuthority ? 2 : nil, reason: "理由")
                #expect(next.map(PlanStatus.init) == allowed[state]?[action], "\(action) from \(state)")
            }
        }
        #expect(ApprovalAction.allCases.filter(\.byAuthority) == [.accept, .approve, .reject])
        // Once accepted (受理) a plan can no longer be withdrawn; another authority cannot act.
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.withdraw, from: .accepted(stop: 0), route: route, reviewerOrgID: nil, reason: "") }
        #expect(throws: ApprovalRefusal.notTheReviewer) { try flow.next(.accept, from: .pending(stop: 0), route: route, reviewerOrgID: 3, reason: "") }
        #expect(throws: ApprovalRefusal.reasonRequired) { try flow.next(.reject, from: .accepted(stop: 0), route: route, reviewerOrgID: 2, reason: " ") }
    }
}

@Suite("EN-3 uploads, EN-7 certificate numbers")
struct UploadAndCertificateTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
    static let pdf: [UInt8] = Array("%PDF-1.7\n".utf8)

    @Test("the type comes from the magic bytes")
    func magic() throws {
        #expect(try UploadPurpose.idFront.check(Self.png) { _ in 100 } == .png)
        #expect(try UploadPurpose.photo.check(Self.jpeg) { _ in 100 } == .jpeg)
        #expect(try UploadPurpose.education.check(Self.pdf) { _ in 100 } == .pdf)
    }

    @Test("a PDF is accepted only for the education certificate; text claiming to be a PNG is refused")
    func wrongTypes() {
        #expect(throws: UploadError.wrongType(allowed: [.jpeg, .png])) { try UploadPurpose.idBack.check(Self.pdf) { _ in 100 } }
        #expect(throws: UploadError.wrongType(allowed: [.jpeg, .png])) {
            try UploadPurpose.idFront.check(Array("PNG\r\n not really".utf8)) { _ in 100 }
        }
        // A truncated PNG signature is not a PNG.
        #expect(throws: UploadError.wrongType(allowed: [.jpeg, .png])) { try UploadPurpose.photo.check(Array(Self.png.prefix(7))) { _ in 100 } }
    }

    @Test("size limit and emptiness")
    func sizes() throws {
        #expect(throws: UploadError.empty) { try UploadPurpose.photo.check([]) { _ in 100 } }
        let big = Self.png + [UInt8](repeating: 0, count: 100)
        #expect(throws: UploadError.tooLarge(maximumBytes: 100)) { try UploadPurpose.photo.check(big) { _ in 100 } }
        #expect(try UploadPurpose.photo.check(Array(big.prefix(100))) { _ in 100 } == .png)
    }

    @Test("each type has its own limit: an education certificate may be a larger PDF than an image")
    func limitsPerType() throws {
        let limit = { (type: FileType) in type == .pdf ? 200 : 100 }
        let pdf = Self.pdf + [UInt8](repeating: 0, count: 150), jpeg = Self.jpeg + [UInt8](repeating: 0, count: 150)
        #expect(try UploadPurpose.education.check(pdf, limit: limit) == .pdf)
        #expect(throws: UploadError.tooLarge(maximumBytes: 100)) { try UploadPurpose.education.check(jpeg, limit: limit) }
        #expect(throws: UploadError.tooLarge(maximumBytes: 200)) { try UploadPurpose.education.check(pdf + pdf, limit: limit) }
        #expect(throws: UploadError.tooLarge(maximumBytes: 100)) { try UploadPurpose.photo.check(jpeg, limit: limit) }
    }

    @Test("certificate numbers: year, a region of the province, post code, sequence", arguments: [
        ("263401011T0010001", true), ("2534010110001", true), ("263401ABC0001", true),
        ("263201011T0010001", false), ("2634010110001X", false), ("26340101", false), ("263401011t0010001", false),
        ("", false), ("26340101100012345678", false),
    ])
    func certificateNumbers(number: String, valid: Bool) {
        #expect(CertificateNumber.isWellFormed(number, province: "34") == valid)
    }
}
