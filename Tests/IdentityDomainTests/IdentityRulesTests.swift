import IdentityDomain
import Testing

private let today = (year: 2026, month: 11, day: 25)

@Suite("Identity rules")
struct IdentityRulesTests {
    @Test("ID-4: check character", arguments: [
        ("11010519491231002", "X"), ("44052418800101001", "4"), ("34010119900307123", "6"),
    ])
    func checkCharacter(first17: String, expected: String) {
        #expect(String(IDNumber.checkCharacter(first17.utf8.map { $0 - 48 })) == expected)
    }

    @Test("ID-4: valid numbers are accepted, a lower-case x normalised", arguments: [
        "11010519491231002X", "11010519491231002x", "440524198001010013", "340101199003071236",
    ])
    func valid(number: String) throws {
        #expect(try IDNumber(number, today: today).value == number.uppercased())
    }

    @Test("ID-4: invalid numbers are refused with the reason", arguments: [
        ("11010519491231002", IDNumber.Problem.wrongLength),
        ("11010519491231002Y", .badCharacters),
        ("1101051949123100AX", .badCharacters),
        ("990105194912310029", .unknownRegion),
        ("110105194913310024", .badBirthDate),     // month 13
        ("110105190002290021", .badBirthDate),     // 1900 is not a leap year
        ("110105203001010020", .badBirthDate),     // born in the future
        ("110105194912310021", .wrongCheckCharacter),
        ("340101199003071235", .wrongCheckCharacter),
    ])
    func invalid(number: String, problem: IDNumber.Problem) {
        #expect(throws: problem) { try IDNumber(number, today: today) }
    }

    @Test("ID-4: a 15-digit number converts by inserting 19 and computing the check character")
    func fifteenDigits() throws {
        #expect(try IDNumber("110105491231002", today: today).value == "11010519491231002X")
    }

    @Test("X-1: ID numbers are masked in lists and logs")
    func masking() throws {
        let number = try IDNumber("340101199003071236", today: today)
        #expect(number.masked == "3401**********1236")
        #expect("\(number)" == "3401**********1236")
    }

    @Test("ID-10: credit codes: valid, flagged for review, or refused", arguments: [
        ("91350100M000100Y43", true), ("91110000600037341L", true), ("913401007050135487", false),
    ])
    func creditCodes(code: String, valid: Bool) throws {
        #expect(try CreditCode(code).checksumValid == valid)
    }

    @Test("ID-10: a credit code with the wrong length or letters outside the alphabet is refused")
    func badCreditCodes() {
        #expect(throws: CreditCode.Problem.wrongLength) { try CreditCode("9135010") }
        #expect(throws: CreditCode.Problem.badCharacters) { try CreditCode("91350100I000100Y43") }  // I is not used
    }

    @Test("ID-3: password policy", arguments: [
        ("abc12345", nil), ("安全员password1", nil), ("abc1234", PasswordPolicy.Problem.tooShort(minimum: 8)),
        ("abcdefgh", .needsLettersAndDigits), ("12345678", .needsLettersAndDigits),
    ])
    func passwordPolicy(password: String, problem: PasswordPolicy.Problem?) {
        if let problem {
            #expect(throws: problem) { try PasswordPolicy.check(password) }
        } else {
            #expect(throws: Never.self) { try PasswordPolicy.check(password) }
        }
    }

    @Test("ID-1: five failures within 15 minutes lock for 30; spread-out failures do not")
    func lockout() {
        let rule = LockoutRule()
        let lock: Int64 = 30 * 60
        let burst: [Int64] = [0, 60, 120, 180, 240]
        #expect(rule.lockedUntil(failures: burst, now: 300) == Optional(240 + lock))
        #expect(rule.lockedUntil(failures: burst, now: 240 + lock) == nil)   // the lock has run out
        #expect(rule.lockedUntil(failures: Array(burst.prefix(4)), now: 300) == nil)
        let spread: [Int64] = [0, 300, 600, 900, 1200]                       // 20 minutes first to last
        #expect(rule.lockedUntil(failures: spread, now: 1200) == nil)
        // 600…1400 holds five failures within 15 minutes.
        #expect(rule.lockedUntil(failures: spread + [1300, 1400], now: 1400) == Optional(1400 + lock))
    }
}
