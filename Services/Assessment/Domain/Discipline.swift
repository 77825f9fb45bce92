/// Exam discipline (a rule of the Beijing system the seeds lack): a candidate marked as cheating
/// is barred from test plans for a time; a number of no-shows within a window locks the ID
/// number for a time. Every number is a province setting (`assessment.*`).
public struct DisciplineRules: Equatable, Sendable {
    public let cheatingBarDays: Int
    public let noShowLimit: Int
    public let noShowWindowDays: Int
    public let noShowLockDays: Int

    public init(cheatingBarDays: Int, noShowLimit: Int, noShowWindowDays: Int, noShowLockDays: Int) {
        self.cheatingBarDays = cheatingBarDays
        self.noShowLimit = noShowLimit
        self.noShowWindowDays = noShowWindowDays
        self.noShowLockDays = noShowLockDays
    }

    /// 12 months (365 days) for cheating; 3 no-shows within 365 days lock for 365 days.
    public static let standard = DisciplineRules(cheatingBarDays: 365, noShowLimit: 3, noShowWindowDays: 365, noShowLockDays: 365)

    /// A recorded event of one ID number: the approved scores' sitting and its exam time.
    public struct Mark: Equatable, Sendable {
        public let sitting: Sitting
        public let atUnix: Int64

        public init(_ sitting: Sitting, atUnix: Int64) {
            self.sitting = sitting
            self.atUnix = atUnix
        }
    }

    public enum Bar: Equatable, Sendable {
        case cheating(untilUnix: Int64)
        case noShows(count: Int, untilUnix: Int64)

        public var untilUnix: Int64 {
            switch self {
            case .cheating(let until), .noShows(_, let until): until
            }
        }
    }

    /// The bar in force at `now` for an ID number with `marks`, the one lasting longest; nil when none.
    public func bar(_ marks: [Mark], now: Int64) -> Bar? {
        var bars: [Bar] = marks.filter { $0.sitting == .cheated }
            .map { .cheating(untilUnix: $0.atUnix + Int64(cheatingBarDays) * 86_400) }
        let absences = marks.filter { $0.sitting == .absent }.map(\.atUnix).sorted()
        if noShowLimit > 0, absences.count >= noShowLimit {
            for last in (noShowLimit - 1)..<absences.count {
                let first = absences[last - noShowLimit + 1]
                if absences[last] - first <= Int64(noShowWindowDays) * 86_400 {
                    bars.append(.noShows(count: noShowLimit, untilUnix: absences[last] + Int64(noShowLockDays) * 86_400))
                }
            }
        }
        return bars.filter { $0.untilUnix > now }.max { $0.untilUnix < $1.untilUnix }
    }

    /// What a reviewer is shown of a candidate's record: the no-shows within the window before `now`.
    public func note(_ marks: [Mark], now: Int64) -> String {
        let recent = marks.filter { $0.sitting == .absent && now - $0.atUnix <= Int64(noShowWindowDays) * 86_400 }.count
        let cheated = marks.contains { $0.sitting == .cheated }
        var parts: [String] = []
        if recent > 0 { parts.append("近\(noShowWindowDays)天内缺考\(recent)次") }
        if cheated { parts.append("曾有违纪记录") }
        return parts.joined(separator: "，")
    }
}
