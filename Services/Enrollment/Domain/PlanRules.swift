import CommonRules

/// EN-1 and EN-2: when a plan may take enrollments, and when it is deleted for want of a class
/// application. Times are Unix seconds; natural days are Asia/Shanghai days (UTC+8 all year, X-3).
public enum PlanRules {
    /// UTC+8: China has no daylight saving time.
    public static let shanghaiOffset: Int64 = 8 * 3600
    static let day: Int64 = 86_400

    /// EN-1: the enrollment window must end after it starts and last at most `maximumDays` days
    /// (the province's `enrollment.plan_max_days`, 31 by default: "one month").
    public static func checkWindow(start: Int64, end: Int64, maximumDays: Int) throws(PlanWindowError) {
        guard start > 0, end > start else { throw .endNotAfterStart }
        guard end - start <= Int64(maximumDays) * day else { throw .tooLong(maximumDays: maximumDays) }
    }

    /// EN-2: the moment a plan whose enrollment ended at `enrollmentEnd` is deleted unless a class
    /// application was submitted: the end of the `days`-th natural day after the day enrollment
    /// ended, i.e. midnight Asia/Shanghai starting day `days + 1` after it. Enrollment ending at
    /// 23:59 on 31 January gives 1, 2, 3 February and a deadline of 4 February 00:00; ending at
    /// 00:01 on 1 February gives a deadline of 5 February 00:00.
    public static func purgeDeadline(enrollmentEnd: Int64, days: Int) -> Int64 {
        ShanghaiCalendar.endOfNaturalDays(days, after: enrollmentEnd)
    }

    /// Whether a plan takes enrollments at `now`.
    public static func isOpen(state: PlanStatus, start: Int64, end: Int64, now: Int64) -> Bool {
        state == .approved && start <= now && now < end
    }
}

public enum PlanWindowError: Error, Equatable, Sendable {
    case endNotAfterStart
    case tooLong(maximumDays: Int)
}
