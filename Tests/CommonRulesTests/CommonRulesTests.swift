import CommonRules
import Testing

/// The rules several services share: masking, the Asia/Shanghai calendar, file
/// types by magic bytes, GB/T 2260 divisions.
struct CommonRulesTests {
    @Test("X-1: ID numbers are masked 4 + 4, phones 3 + 4; short values entirely")
    func masking() {
        #expect(Masking.idNumber("340101199003071236") == "3401**********1236")
        #expect(Masking.idNumber("1234") == "****")
        #expect(Masking.phone("13800001234") == "138****1234")
        #expect(Masking.phone("123456") == "******")
    }

    @Test("files are recognised by their first bytes, not their names", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0] as [UInt8], FileType.jpeg as FileType?),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], .png),
        ([0x89, 0x50, 0x4E, 0x47], nil),  // truncated PNG signature
        (Array("%PDF-1.7".utf8), .pdf),
        (Array("GIF89a".utf8), nil),
        ([], nil),
    ])
    func fileTypes(bytes: [UInt8], expected: FileType?) {
        #expect(FileType(magic: bytes) == expected)
        #expect(FileType(magic: bytes).map(\.isImage) == expected.map { $0 != .pdf })
    }

    @Test("X-3: Unix time to the Asia/Shanghai date, across midnight, month and year ends", arguments: [
        (Int64(0), 1970, 1, 1),             // 08:00 in Shanghai
        (1_767_196_799, 2025, 12, 31),     // 23:59:59 on New Year's Eve
        (1_767_196_800, 2026, 1, 1),       // 00:00 on New Year's Day (16:00 UTC the day before)
        (1_772_294_399, 2026, 2, 28),
        (1_772_294_400, 2026, 3, 1),
        (951_753_600, 2000, 2, 29),        // a leap day
        (-86_400, 1969, 12, 31),
    ])
    func shanghaiDates(unix: Int64, year: Int, month: Int, day: Int) {
        let date = ShanghaiCalendar.date(atUnix: unix)
        #expect(date.year == year && date.month == month && date.day == day)
    }

    @Test("X-3: clock times and timestamps in Asia/Shanghai")
    func shanghaiTimes() {
        #expect(ShanghaiCalendar.clockTime(atUnix: 0) == "08:00")
        #expect(ShanghaiCalendar.clockTime(atUnix: 1_767_196_799) == "23:59")
        #expect(ShanghaiCalendar.text(atUnix: 1_767_196_800) == "2026-01-01 00:00")
        #expect(ShanghaiCalendar.clockTime(atUnix: -1) == "07:59")
    }

    @Test("ID-5, EN-3: GB/T 2260 cities of the province", arguments: [
        ("3401", "合肥市"), ("3415", "六安市"), ("3418", "宣城市"), ("0000", nil), ("9999", nil), ("3409", nil), ("3414", nil),
        ("1101", nil), ("34", nil), ("340101", nil), ("34a1", nil), ("", nil),
    ])
    func cities(code: String, name: String?) {
        #expect(Division.city(code)?.name == name)
    }
}

@Suite("B-6: the approval engine")
struct ApprovalEngineTests {
    let twoStops = [ApprovalStop(.city, orgID: 2), ApprovalStop(.province, orgID: 1)]

    @Test("a two-stop flow with acceptance: each stop accepts then approves; the last approval approves the item")
    func twoLevels() throws {
        let flow = ApprovalFlow(name: "batch", acceptsFirst: true, reviewDays: 3)
        var stage = try flow.next(.submit, from: .draft, route: twoStops, reviewerOrgID: nil, reason: "")
        #expect(stage == .pending(stop: 0))
        #expect(throws: ApprovalRefusal.notTheReviewer) { try flow.next(.accept, from: stage, route: twoStops, reviewerOrgID: 1, reason: "") }
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.approve, from: stage, route: twoStops, reviewerOrgID: 2, reason: "") }
        stage = try flow.next(.accept, from: stage, route: twoStops, reviewerOrgID: 2, reason: "")
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.withdraw, from: stage, route: twoStops, reviewerOrgID: nil, reason: "") }
        stage = try flow.next(.approve, from: stage, route: twoStops, reviewerOrgID: 2, reason: "")
        #expect(stage == .pending(stop: 1))
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.withdraw, from: stage, route: twoStops, reviewerOrgID: nil, reason: "") }
        stage = try flow.next(.accept, from: stage, route: twoStops, reviewerOrgID: 1, reason: "")
        #expect(try flow.next(.approve, from: stage, route: twoStops, reviewerOrgID: 1, reason: "") == .approved)
        #expect(try flow.next(.reject, from: stage, route: twoStops, reviewerOrgID: 1, reason: "材料不全") == .rejected)
        #expect(throws: ApprovalRefusal.reasonRequired) { try flow.next(.reject, from: stage, route: twoStops, reviewerOrgID: 1, reason: "\u{3000}") }
    }

    @Test("the applicant submits, withdraws before acceptance, resubmits after a rejection; reviewers cannot act as the applicant")
    func applicant() throws {
        let flow = ApprovalFlow(name: "class", acceptsFirst: false, reviewDays: 5)
        let route = [twoStops[0]]
        #expect(try flow.next(.withdraw, from: .pending(stop: 0), route: route, reviewerOrgID: nil, reason: "") == .draft)
        #expect(try flow.next(.submit, from: .rejected, route: route, reviewerOrgID: nil, reason: "") == .pending(stop: 0))
        #expect(throws: ApprovalRefusal.notTheReviewer) { try flow.next(.submit, from: .draft, route: route, reviewerOrgID: 2, reason: "") }
        #expect(throws: ApprovalRefusal.noRoute) { try flow.next(.submit, from: .draft, route: [], reviewerOrgID: nil, reason: "") }
        #expect(throws: ApprovalRefusal.notAllowed) { try flow.next(.submit, from: .approved, route: route, reviewerOrgID: nil, reason: "") }
    }

    @Test("routes by the org tree: institution → its city (→ province); 省直所 straight to the province")
    func routes() {
        #expect(ApprovalFlow.route(parentID: 2, parentIsProvince: false, provinceID: nil, upTo: .city) == [ApprovalStop(.city, orgID: 2)])
        #expect(ApprovalFlow.route(parentID: 2, parentIsProvince: false, provinceID: 1, upTo: .province) == twoStops)
        #expect(ApprovalFlow.route(parentID: 1, parentIsProvince: true, provinceID: 1, upTo: .province) == [ApprovalStop(.province, orgID: 1)])
        for stage in [ApprovalStage.draft, .pending(stop: 1), .accepted(stop: 0), .approved, .rejected] {
            #expect(ApprovalStage(name: stage.name, stop: stage.stop ?? 0) == stage)
        }
    }
}
