import CommonRules

/// CE-4: a certificate's own state. Whether it has expired is not stored: it follows from its
/// valid-until date and today's date in Asia/Shanghai (`Validity.status`).
public enum CertificateState: String, Sendable, CaseIterable {
    case valid
    /// 注销 by the province; it may re-activate it.
    case cancelled
    /// 作废: replaced by a reissue (补办, CE-5); its number and signature are void for good.
    case voided
}

/// What the public lookup and the library show.
public enum ShownStatus: String, Sendable {
    case valid, cancelled, expired, voided
}

/// B-3: the push of a certificate to the national registry.
public enum PushState: String, Sendable, CaseIterable {
    /// 未推送: its outbox row waits (or is being retried).
    case pending
    /// 已推送: the registry accepted it.
    case pushed
    /// 推送失败: the registry rejected it, with its reason.
    case failed
}

/// The province's cancel and re-activate (CE-4): which is allowed from which state.
public enum CertificateAction: String, Sendable {
    case cancel, reactivate

    /// The state after the action, or nil when it does not apply (cancel a cancelled one).
    public func next(from state: CertificateState) -> CertificateState? {
        switch (self, state) {
        case (.cancel, .valid): .cancelled
        case (.reactivate, .cancelled): .valid
        default: nil
        }
    }
}

/// CE-4: the issue date and the valid-until date, `years` after it less a day.
public struct Validity: Hashable, Sendable {
    public let issuedOn: CivilDate
    public let validUntil: CivilDate

    /// A certificate issued at `unix` valid for `years` (a province setting): issued on
    /// 2026-12-03 for 3 years is valid until 2029-12-02 inclusive; 29 February gives 28 February.
    public init(issuedAtUnix unix: Int64, years: Int) {
        precondition(years > 0)
        let today = CivilDate(ShanghaiCalendar.date(atUnix: unix))
        issuedOn = today
        validUntil = today.adding(years: years).adding(days: -1)
    }

    public init(issuedOn: CivilDate, validUntil: CivilDate) {
        self.issuedOn = issuedOn
        self.validUntil = validUntil
    }

    /// The status shown on `today` for a certificate in `state`.
    public func status(_ state: CertificateState, today: CivilDate) -> ShownStatus {
        if state == .cancelled { return .cancelled }
        if state == .voided { return .voided }
        return today > validUntil ? .expired : .valid
    }
}

/// A calendar date, ordered, as "2026-12-03".
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(_ date: (year: Int, month: Int, day: Int)) { self.init(year: date.year, month: date.month, day: date.day) }

    /// "2026-12-03". - Returns nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func today(atUnix unix: Int64) -> CivilDate { CivilDate(ShanghaiCalendar.date(atUnix: unix)) }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func days(inMonth month: Int, year: Int) -> Int { ShanghaiCalendar.daysIn(month: month, year: year) }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate {
        let year = self.year + years
        return CivilDate(year: year, month: month, day: min(day, Self.days(inMonth: month, year: year)))
    }

    /// The first day of the month `months` after this date's (negative: before).
    public func firstOfMonth(adding months: Int = 0) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        return CivilDate(year: index / 12, month: index % 12 + 1, day: 1)
    }

    public func adding(days: Int) -> CivilDate {
        var (y, m, d) = (year, month, day + days)
        while d < 1 {
            m -= 1
            if m == 0 { m = 12; y -= 1 }
            d += Self.days(inMonth: m, year: y)
        }
        while d > Self.days(inMonth: m, year: y) {
            d -= Self.days(inMonth: m, year: y)
            m += 1
            if m == 13 { m = 1; y += 1 }
        }
        return CivilDate(year: y, month: m, day: d)
    }
}

extension ShownStatus {
    /// As shown and exported.
    public var label: String {
        switch self {
        case .valid: "有效"
        case .cancelled: "已注销"
        case .expired: "已过期"
        case .voided: "已作废"
        }
    }
}

extension PushState {
    /// As shown and exported (B-3).
    public var label: String {
        switch self {
        case .pending: "未推送"
        case .pushed: "已推送"
        case .failed: "推送失败"
        }
    }
}
