import RPC
import ServiceHost
import Testing

@Suite("Paging and the Shanghai calendar")
struct PagingTests {
    @Test("X-2: page size defaults to 20, tops at 200; the token is the last id")
    func pageWindow() throws {
        let first = try PageWindow(size: 0, token: "")
        #expect(first.size == 20 && first.after == nil)
        let page = try PageWindow(size: 2, token: "")
        let (items, next) = page.page([10, 11, 12]) { Int64($0) }
        #expect(items == [10, 11] && next == "11")
        #expect(page.page([10, 11]) { Int64($0) }.nextToken == "")
        #expect(try PageWindow(size: 5, token: "11").after == 11)
        for (size, token, field) in [(UInt32(201), "", "page.pageSize"), (5, "abc", "page.pageToken"), (5, "-3", "page.pageToken")] {
            let error = #expect(throws: RPCError.self) { try PageWindow(size: size, token: token) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.fieldErrors.first?.field == field)
        }
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
}
