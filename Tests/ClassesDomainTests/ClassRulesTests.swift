import ClassesDomain
import CommonRules
import Testing

/// Unix time of an Asia/Shanghai wall-clock moment (UTC+8), for readable cases.
func shanghai(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    // Days from civil (H. Hinnant), then the offset.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = Int64(era * 146_097 + doe - 719_468)
    return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - 8 * 3600
}

@Suite("CL-3: the class state machine")
struct ClassStateTests {
    @Test("every (state, action) pair: exactly the listed ones are allowed")
    func everyPair() {
        let allowed: [ClassStatus: [ClassAction: ClassStatus]] = [
            .draft: [.edit: .draft, .delete: .draft, .submit: .submitted],
            .submitted: [.withdraw: .draft, .approve: .approved, .reject: .rejected],
            .rejected: [.edit: .rejected, .submit: .submitted],
            .approved: [.start: .inTraining, .changeSchedule: .approved],
            .inTraining: [.changeSchedule: .inTraining, .finish: .finished],
            .finished: [.confirmAttendance: .finished, .markReported: .finished],
        ]
        for state in ClassStatus.allCases {
            for action in ClassAction.allCases {
                #expect(action.next(from: state) == allowed[state]?[action], "\(action) from \(state)")
            }
        }
        #expect(ClassAction.allCases.filter(\.byAuthority) == [.approve, .reject, .markReported])
    }

    @Test("the review maps onto the approval engine: one stop, no separate acceptance")
    func engine() throws {
        let flow = ClassStatus.flow(reviewDays: 5), route = [ApprovalStop(.city, orgID: 2)]
        var stage = try flow.next(.submit, from: ClassStatus.draft.stage, route: route, reviewerOrgID: nil, reason: "")
        #expect(ClassStatus(stage) == .submitted)
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.accept, from: stage, route: route, reviewerOrgID: 2, reason: "") }
        stage = try flow.next(.approve, from: stage, route: route, reviewerOrgID: 2, reason: "")
        #expect(ClassStatus(stage) == .approved)
        #expect(ClassStatus.inTraining.stage == .approved && ClassStatus.rejected.stage == .rejected)
    }
}

@Suite("CL-5: attendance windows and credit")
struct AttendanceWindowTests {
    let start = shanghai(2027, 3, 1, 9), end = shanghai(2027, 3, 1, 12)
    var window: AttendanceWindow { AttendanceWindow(lessonStart: start, lessonEnd: end, settings: AttendanceSettings()) }

    @Test("sign-in opens 30 min before and closes 15 min after the start, edges included, one second beyond refused")
    func signInEdges() {
        #expect(!window.signIn.contains(start - 30 * 60 - 1))
        #expect(window.signIn.contains(start - 30 * 60))
        #expect(window.signIn.contains(start + 15 * 60))
        #expect(!window.signIn.contains(start + 15 * 60 + 1))
    }

    @Test("sign-out opens 10 min before and closes 30 min after the end, edges included")
    func signOutEdges() {
        #expect(!window.signOut.contains(end - 10 * 60 - 1))
        #expect(window.signOut.contains(end - 10 * 60))
        #expect(window.signOut.contains(end + 30 * 60))
        #expect(!window.signOut.contains(end + 30 * 60 + 1))
    }

    @Test("hours only with both a sign-in and a sign-out inside their windows")
    func credit() {
        #expect(window.credits(signIn: start, signOut: end))
        #expect(!window.credits(signIn: start, signOut: nil))
        #expect(!window.credits(signIn: nil, signOut: end))
        #expect(!window.credits(signIn: start + 15 * 60 + 1, signOut: end), "late sign-in")
        #expect(!window.credits(signIn: start, signOut: end - 10 * 60 - 1), "left early")
        #expect(HoursLedger.eligible(credited: 64, required: 64) && !HoursLedger.eligible(credited: 63, required: 64))
        #expect(!HoursLedger.eligible(credited: 10, required: 0), "a post without required hours makes no one eligible")
    }

    @Test("the province's windows are used as set")
    func custom() {
        let w = AttendanceWindow(lessonStart: start, lessonEnd: end, settings: AttendanceSettings(signInOpensBeforeMinutes: 5,
            signInClosesAfterMinutes: 0, signOutOpensBeforeMinutes: 0, signOutClosesAfterMinutes: 5))
        #expect(w.signIn == (start - 300)...start && w.signOut == end...(end + 300))
    }
}

@Suite("CL-2: the 3-day and 7-day rules in Asia/Shanghai")
struct ApplicationRuleTests {
    @Test("3 natural days after enrollment ends, across a month end and a year end")
    func threeDays() {
        #expect(ApplicationRules.submissionDeadline(enrollmentEnd: shanghai(2027, 1, 31, 23, 59), days: 3) == shanghai(2027, 2, 4))
        #expect(ApplicationRules.submissionDeadline(enrollmentEnd: shanghai(2027, 2, 1, 0, 1), days: 3) == shanghai(2027, 2, 5))
        #expect(ApplicationRules.submissionDeadline(enrollmentEnd: shanghai(2026, 12, 30, 16), days: 3) == shanghai(2027, 1, 3))
        // 16:30 UTC on 31 December is already 1 January in Shanghai.
        #expect(ApplicationRules.submissionDeadline(enrollmentEnd: shanghai(2027, 1, 1, 0, 30), days: 3) == shanghai(2027, 1, 5))
        #expect(ApplicationRules.submissionDeadline(enrollmentEnd: shanghai(2028, 2, 27, 12), days: 3) == shanghai(2028, 3, 2), "leap year")
    }

    @Test("training starts no earlier than the 7th natural day after creation, across month and year ends")
    func sevenDays() {
        #expect(ApplicationRules.earliestStart(createdAt: shanghai(2027, 1, 28, 23, 50), days: 7) == shanghai(2027, 2, 4))
        #expect(ApplicationRules.earliestStart(createdAt: shanghai(2026, 12, 27, 8), days: 7) == shanghai(2027, 1, 3))
        #expect(ApplicationRules.earliestStart(createdAt: shanghai(2027, 3, 1, 0, 0, 1), days: 7) == shanghai(2027, 3, 8))
    }

    func check(now: Int64, firstLesson: Int64, hours: Int = 64, safety: Int = 2, theory: Int = 1, students: Int = 3) throws(ClassesError) {
        let lessons = (0..<8).map { LessonPlan(id: nil, content: "第\($0 + 1)讲", teacherID: 1, start: firstLesson + Int64($0) * 86_400,
                                                end: firstLesson + Int64($0) * 86_400 + 8 * 3600, place: "", hours: hours / 8) }
        try ApplicationRules.checkSubmission(now: now, enrollmentEnd: shanghai(2027, 1, 31, 18), applicationDays: 3,
                                             createdAt: shanghai(2027, 2, 1, 10), startDays: 7, lessons: lessons, requiredHours: 64,
                                             students: students, safetyTeachers: safety, theoryTeachers: theory, minimumSafety: 2, minimumTheory: 1)
    }

    @Test("a submission meets every rule, and each rule refuses on its own")
    func submission() throws {
        try check(now: shanghai(2027, 2, 3, 23, 59, 59), firstLesson: shanghai(2027, 2, 8, 8))
        #expect(throws: ClassesError.applicationTooLate(deadline: shanghai(2027, 2, 4))) {
            try check(now: shanghai(2027, 2, 4), firstLesson: shanghai(2027, 2, 8, 8))
        }
        #expect(throws: ClassesError.startTooEarly(earliest: shanghai(2027, 2, 8))) {
            try check(now: shanghai(2027, 2, 2), firstLesson: shanghai(2027, 2, 7, 23, 59, 59))
        }
        #expect(throws: ClassesError.hoursShort(scheduled: 56, required: 64)) { try check(now: shanghai(2027, 2, 2), firstLesson: shanghai(2027, 2, 9), hours: 56) }
        #expect(throws: ClassesError.teachersShort(safety: 1, theory: 1, minimumSafety: 2, minimumTheory: 1)) {
            try check(now: shanghai(2027, 2, 2), firstLesson: shanghai(2027, 2, 9), safety: 1)
        }
        #expect(throws: ClassesError.teachersShort(safety: 2, theory: 0, minimumSafety: 2, minimumTheory: 1)) {
            try check(now: shanghai(2027, 2, 2), firstLesson: shanghai(2027, 2, 9), theory: 0)
        }
        #expect(throws: ClassesError.noStudents) { try check(now: shanghai(2027, 2, 2), firstLesson: shanghai(2027, 2, 9), students: 0) }
    }

    @Test("a schedule: content, teacher, an end after its start, 1–12 学时, no overlaps")
    func schedule() throws {
        let day = shanghai(2027, 3, 1)
        func lesson(_ start: Int, _ end: Int, hours: Int = 4, teacher: Int64? = 1, content: String = "安全生产法") -> LessonPlan {
            LessonPlan(id: nil, content: content, teacherID: teacher, start: day + Int64(start) * 3600, end: day + Int64(end) * 3600, place: "教室", hours: hours)
        }
        #expect(try LessonPlan.validate([lesson(14, 17), lesson(8, 12)], requireAny: true).map(\.start) == [day + 8 * 3600, day + 14 * 3600])
        #expect(throws: ClassesError.lessonsOverlap(index: 1)) { try LessonPlan.validate([lesson(8, 12), lesson(11, 13)], requireAny: true) }
        #expect(throws: ClassesError.lessonInvalid(index: 0, field: "endUnix")) { try LessonPlan.validate([lesson(12, 8)], requireAny: true) }
        #expect(throws: ClassesError.lessonInvalid(index: 0, field: "hours")) { try LessonPlan.validate([lesson(8, 12, hours: 13)], requireAny: true) }
        #expect(throws: ClassesError.lessonInvalid(index: 0, field: "teacherId")) { try LessonPlan.validate([lesson(8, 12, teacher: nil)], requireAny: true) }
        #expect(throws: ClassesError.lessonInvalid(index: 0, field: "content")) { try LessonPlan.validate([lesson(8, 12, content: "  ")], requireAny: true) }
        #expect(throws: ClassesError.lessonsRequired) { try LessonPlan.validate([], requireAny: true) }
        let template = TemplateLessonPlan(content: "安全", teacherID: 1, day: 2, startMinute: 510, endMinute: 690, place: "", hours: 3)
        #expect(template.lesson(firstDay: day).start == day + 2 * 86_400 + 510 * 60)
    }
}

@Suite("B-2: geofence and GCJ-02")
struct GeofenceTests {
    @Test("the fence includes its edge: half a metre inside is in, half a metre outside is out")
    func boundary() {
        let center = GeoPoint(latitude: 31.82, longitude: 117.22)
        let fence = Geofence(center: center, radiusMeters: 200)
        // Metres per degree of latitude on the haversine sphere.
        let perDegree = Geo.earthRadius * .pi / 180
        #expect(fence.contains(GeoPoint(latitude: 31.82 + 199.5 / perDegree, longitude: 117.22)))
        #expect(!fence.contains(GeoPoint(latitude: 31.82 + 200.5 / perDegree, longitude: 117.22)))
        #expect(fence.contains(center))
    }

    @Test("GCJ-02 → WGS-84 inverts the published forward transform to under a millimetre, and is the identity outside China")
    func conversion() {
        let hefei = GeoPoint(latitude: 31.8206, longitude: 117.2272)
        let shifted = Geo.gcj02(fromWGS84: hefei)
        let offset = Geo.distance(hefei, shifted)
        #expect(offset > 100 && offset < 1000, "the datum shift near Hefei is hundreds of metres, was \(offset)")
        let back = Geo.wgs84(fromGCJ02: shifted)
        #expect(Geo.distance(back, hefei) < 0.001)
        let london = GeoPoint(latitude: 51.5, longitude: -0.12)
        #expect(Geo.wgs84(fromGCJ02: london) == london && Geo.gcj02(fromWGS84: london) == london)
    }

    @Test("impossible travel: over 300 km/h between two sign-ins; a wandering fix under 1 km never counts")
    func travel() {
        let hefei = GeoPoint(latitude: 31.82, longitude: 117.22), luan = GeoPoint(latitude: 31.73, longitude: 116.51)   // ~68 km
        #expect(Travel.impossible(from: hefei, at: 0, to: luan, at: 600, maximumKmh: 300), "68 km in 10 minutes")
        #expect(!Travel.impossible(from: hefei, at: 0, to: luan, at: 3600, maximumKmh: 300), "68 km in an hour")
        #expect(!Travel.impossible(from: hefei, at: 0, to: GeoPoint(latitude: 31.825, longitude: 117.22), at: 1, maximumKmh: 300))
    }
}
