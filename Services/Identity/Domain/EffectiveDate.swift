/// A calendar date in Asia/Shanghai (`YYYY-MM-DD`): the day a province setting or catalog
/// change takes effect (SPEC §0: every rule with a number is configuration with an effective
/// date). A change takes effect at 00:00 of its date.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Exactly `YYYY-MM-DD`, a real day.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// SPEC §0: when a change may take effect: today (Asia/Shanghai) or later, and not absurdly
/// far ahead (a mistyped year).
public enum EffectiveDate {
    /// How many years ahead a change may be scheduled.
    public static let maximumYearsAhead = 10

    /// The effective date of a change made `today`.
    /// - Throws: `IdentityError.effectiveDateInvalid` (not a `YYYY-MM-DD` date, or more than
    ///   `maximumYearsAhead` years on) or `.effectiveDateInPast`.
    public static func check(_ text: String, today: CalendarDate) throws(IdentityError) -> CalendarDate {
        guard let date = CalendarDate(text), date.year <= today.year + maximumYearsAhead else { throw .effectiveDateInvalid }
        guard date >= today else { throw .effectiveDateInPast }
        return date
    }

    /// The date of a scheduled change to withdraw: only one that has not taken effect.
    /// - Throws: `IdentityError.effectiveDateInvalid`, or `.changeAlreadyInForce` for today or
    ///   earlier (a new value is set instead).
    public static func checkCancellable(_ text: String, today: CalendarDate) throws(IdentityError) -> CalendarDate {
        guard let date = CalendarDate(text) else { throw .effectiveDateInvalid }
        guard date > today else { throw .changeAlreadyInForce }
        return date
    }
}

/// The values of something that changes on dates: each version with the date it takes effect
/// from. The one in force on a day is the latest not after it (the same rule as the SQL views
/// `province_settings_in_force` and `catalog_in_force`).
public struct Schedule<Value: Sendable & Equatable>: Sendable, Equatable {
    /// Sorted by date, one version a date.
    public private(set) var versions: [(date: CalendarDate, value: Value)]

    public init(_ versions: [(date: CalendarDate, value: Value)] = []) {
        self.versions = []
        for version in versions { set(version.value, from: version.date) }
    }

    /// The version in force on `day`, if any has begun.
    public func value(on day: CalendarDate) -> Value? {
        versions.last { $0.date <= day }?.value
    }

    /// Sets (or replaces) the version taking effect on `date`.
    public mutating func set(_ value: Value, from date: CalendarDate) {
        versions.removeAll { $0.date == date }
        let index = versions.firstIndex { $0.date > date } ?? versions.count
        versions.insert((date, value), at: index)
    }

    /// Removes the version taking effect on `date`; whether there was one.
    @discardableResult
    public mutating func remove(from date: CalendarDate) -> Bool {
        let count = versions.count
        versions.removeAll { $0.date == date }
        return versions.count < count
    }

    /// The dates from `day` on where a version begins.
    public func dates(from day: CalendarDate) -> [CalendarDate] {
        versions.map(\.date).filter { $0 >= day }
    }

    public static func == (lhs: Schedule, rhs: Schedule) -> Bool {
        lhs.versions.map(\.date) == rhs.versions.map(\.date) && lhs.versions.map(\.value) == rhs.versions.map(\.value)
    }
}
