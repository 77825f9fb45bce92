import CommonRules

/// AS-2: an admission ticket number (准考证号), 15 digits, given when a test plan is approved:
///
///     YY  DDDD  PPPP  SSSSS
///     26  3401  0007  00012
///
/// YY the exam's year (Asia/Shanghai), DDDD the institution's city (GB/T 2260, e.g. 3401 合肥),
/// PPPP the test plan's number among the city's approved plans of that year (from 0001), SSSSS
/// the candidate's seat (from 00001). Digits only, so that it reads aloud and types on a phone;
/// unique by construction; a ticket tells at sight where and when its exam was (docs/ASSESSMENT.md).
public struct TicketNumber: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let division: String
    public let planSequence: Int
    public let seat: Int

    public enum Problem: Error, Equatable, Sendable {
        /// The city has used its 9,999 plans of the year.
        case plansExhausted
        /// A plan has at most 99,999 seats.
        case seatsExhausted
        case malformed
    }

    /// - Throws: `Problem` when a part does not fit its digits.
    public init(year: Int, division: String, planSequence: Int, seat: Int) throws(Problem) {
        guard (2000...2099).contains(year), division.count == 4, division.allSatisfy(\.isASCIIDigit) else { throw .malformed }
        guard (1...9_999).contains(planSequence) else { throw .plansExhausted }
        guard (1...99_999).contains(seat) else { throw .seatsExhausted }
        self.year = year
        self.division = division
        self.planSequence = planSequence
        self.seat = seat
    }

    /// A ticket number's parts. - Throws: `Problem.malformed`.
    public init(parsing text: String) throws(Problem) {
        guard text.count == 15, text.allSatisfy(\.isASCIIDigit) else { throw .malformed }
        let digits = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        try self.init(year: 2000 + number(0..<2), division: String(digits[2..<6]), planSequence: number(6..<10), seat: number(10..<15))
    }

    public var description: String {
        Self.padded(year % 100, 2) + division + Self.padded(planSequence, 4) + Self.padded(seat, 5)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
