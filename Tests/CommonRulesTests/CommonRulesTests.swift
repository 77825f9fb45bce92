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
