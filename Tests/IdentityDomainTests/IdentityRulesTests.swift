import CommonRules
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

@Suite("Identity codes")
struct IdentityCodeTests {
    @Test("ID-5: institution codes are city + kind + 3-digit sequence, and parse back", arguments: [
        ("3401", InstitutionCode.Kind.trainingInstitution, 7, "3401T007"),
        ("3415", .continuingEducationBase, 120, "3415J120"),
        ("3400", .provinceDirect, 999, "3400Z999"),
    ])
    func institutionCode(city: String, kind: InstitutionCode.Kind, sequence: Int, expected: String) throws {
        let code = try InstitutionCode(cityCode: city, kind: kind, sequence: sequence)
        #expect(code.description == expected)
        #expect(try InstitutionCode(expected) == code)
    }

    @Test("ID-5: bad institution codes are refused")
    func badInstitutionCodes() {
        #expect(throws: InstitutionCode.Problem.sequenceOutOfRange) { try InstitutionCode(cityCode: "3401", kind: .trainingInstitution, sequence: 1000) }
        #expect(throws: InstitutionCode.Problem.badCityCode) { try InstitutionCode(cityCode: "34A1", kind: .trainingInstitution, sequence: 1) }
        #expect(throws: InstitutionCode.Problem.malformed) { try InstitutionCode("3401X001") }
        #expect(throws: InstitutionCode.Problem.malformed) { try InstitutionCode("3401T01") }
    }

    @Test("ID-2: SMS sends are spaced a minute apart and capped at five an hour")
    func smsRateLimit() {
        let policy = SMSCodePolicy()
        #expect(policy.maySend(previous: [], now: 1000) == .allowed)
        #expect(policy.maySend(previous: [970], now: 1000) == .tooSoon(retryAt: 1030))
        let five: [Int64] = [0, 600, 1200, 1800, 2400]
        #expect(policy.maySend(previous: five, now: 3000) == .tooMany(retryAt: 3600))
        #expect(policy.maySend(previous: five, now: 3600) == .allowed)  // the first has left the hour
    }

    @Test("ID-2: codes are 6 digits, zero-padded, and reject biased values")
    func smsCodes() {
        let policy = SMSCodePolicy()
        #expect(policy.code(from: [0, 0, 0, 42]) == "000042")
        #expect(policy.code(from: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x30, 0x39]) == "012345")  // first word rejected
        #expect(policy.code(from: [0xFF, 0xFF, 0xFF, 0xFF]) == nil)
    }

    @Test("ID-2: a code works once, within 5 minutes, and only when it matches")
    func smsCheck() {
        let policy = SMSCodePolicy()
        #expect(policy.check(matches: true, sentAt: 0, used: false, now: 299) == .accepted)
        #expect(policy.check(matches: true, sentAt: 0, used: false, now: 300) == .expired)
        #expect(policy.check(matches: true, sentAt: 0, used: true, now: 10) == .alreadyUsed)
        #expect(policy.check(matches: false, sentAt: 0, used: false, now: 10) == .mismatch)
    }
}
