/// SPEC X-3: times are stored in UTC and shown, and counted in natural days, in Asia/Shanghai
/// (UTC+8 all year; China has no daylight saving time).
public enum ShanghaiCalendar {
    public static let offsetSeconds: Int64 = 8 * 3600

    /// The Asia/Shanghai calendar date at Unix time `unix`.
    public static func date(atUnix unix: Int64) -> (year: Int, month: Int, day: Int) {
        // Days since 1970-01-01 in the zone, then the civil-from-days algorithm (H. Hinnant).
        let days = Int((unix + offsetSeconds).floorDivided(by: 86_400))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension ShanghaiCalendar {
    /// 00:00 Asia/Shanghai of the day that contains `unix`.
    public static func startOfDay(atUnix unix: Int64) -> Int64 {
        (unix + offsetSeconds).floorDivided(by: 86_400) * 86_400 - offsetSeconds
    }

    /// The end of the `days`-th natural day after the day that contains `unix` (00:00 of the day
    /// after it): EN-2's "within 3 natural days after enrollment ended". Ending on 31 January
    /// gives 1, 2, 3 February and 4 February 00:00.
    public static func endOfNaturalDays(_ days: Int, after unix: Int64) -> Int64 {
        startOfDay(atUnix: unix) + Int64(days + 1) * 86_400
    }

    /// "2026-11-25 14:30" in Asia/Shanghai, for exports and printed forms.
    public static func text(atUnix unix: Int64) -> String {
        let (year, month, day) = date(atUnix: unix)
        return "\(year)-\(two(month))-\(two(day)) " + clockTime(atUnix: unix)
    }

    /// "14:30" in Asia/Shanghai, for messages that name a time later today ("请于14:30后重试").
    public static func clockTime(atUnix unix: Int64) -> String {
        let local = unix + offsetSeconds
        let seconds = Int(local - local.floorDivided(by: 86_400) * 86_400)
        return "\(two(seconds / 3600)):\(two(seconds % 3600 / 60))"
    }

    /// The days of `month` (1–12) in the Gregorian `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
