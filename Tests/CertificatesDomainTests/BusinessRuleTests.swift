import CertificatesDomain
import CommonRules
import Testing

/// CE-5's rules for a change, its evidence and the yearly employer-change limit.
@Suite struct BusinessRuleTests {
    let current = HolderFields(name: "张三", idNumber: "340102199003070010", employer: "安徽建工")
    let today = (year: 2026, month: 12, day: 3)

    @Test("a change is trimmed; name and ID number never together; at least one field; each must differ and be well-formed")
    func change() throws {
        let checked = try BusinessRules.check(ChangeRequest(name: " 张四\u{3000}", employer: " 合肥建设 "), from: current, today: today)
        #expect(checked == ChangeRequest(name: "张四", employer: "合肥建设"))
        #expect(checked.changesEmployer)
        #expect(throws: BusinessProblem.nothingToChange) { try BusinessRules.check(ChangeRequest(name: "  "), from: current, today: today) }
        #expect(throws: BusinessProblem.nameAndIDNumberTogether) {
            try BusinessRules.check(ChangeRequest(name: "张四", idNumber: "110101199003070011"), from: current, today: today)
        }
        #expect(throws: BusinessProblem.unchanged(field: "newName")) { try BusinessRules.check(ChangeRequest(name: "张三"), from: current, today: today) }
        #expect(throws: BusinessProblem.unchanged(field: "newIdNumber")) {
            try BusinessRules.check(ChangeRequest(idNumber: "340102199003070010"), from: current, today: today)
        }
        #expect(throws: BusinessProblem.badIDNumber) { try BusinessRules.check(ChangeRequest(idNumber: "110101199003070015"), from: current, today: today) }
        #expect(throws: BusinessProblem.badName) {
            try BusinessRules.check(ChangeRequest(name: String(repeating: "名", count: 31)), from: current, today: today)
        }
        #expect(throws: BusinessProblem.badEmployer) { try BusinessRules.check(ChangeRequest(employer: "甲"), from: current, today: today) }
        #expect(try BusinessRules.check(ChangeRequest(idNumber: "110101199003070011"), from: current, today: today).idNumber == "110101199003070011")
    }

    @Test("1–5 evidence images; at most `limit` employer changes a year")
    func limits() throws {
        #expect(throws: BusinessProblem.evidenceCount(0)) { try BusinessRules.checkEvidence(count: 0) }
        #expect(throws: BusinessProblem.evidenceCount(6)) { try BusinessRules.checkEvidence(count: 6) }
        try BusinessRules.checkEvidence(count: 1)
        try BusinessRules.checkEvidence(count: 5)
        try BusinessRules.checkEmployerChanges(already: 4, limit: 5)
        #expect(throws: BusinessProblem.tooManyEmployerChanges(limit: 5)) { try BusinessRules.checkEmployerChanges(already: 5, limit: 5) }
        #expect(BusinessProblem.tooManyEmployerChanges(limit: 5).message.contains("已达5次"))
    }

    @Test("a voided certificate shows 已作废 whatever its dates")
    func voided() {
        let validity = Validity(issuedOn: CivilDate("2026-01-01")!, validUntil: CivilDate("2028-12-31")!)
        #expect(validity.status(.voided, today: CivilDate("2027-01-01")!) == .voided)
        #expect(ShownStatus.voided.label == "已作废")
    }
}
