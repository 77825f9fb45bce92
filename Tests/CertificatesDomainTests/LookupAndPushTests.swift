import CertificatesDomain
import CommonRules
import Testing

@Suite struct PublicLookupRuleTests {
    @Test("CE-7: a number alone, or an ID number with a name; anything else is refused with the field")
    func query() throws {
        #expect(try LookupQuery(number: " 26340001190001a ", idNumber: "", name: "") == .number("26340001190001A"))
        #expect(try LookupQuery(number: "", idNumber: "340101199003071236", name: " 张伟 ") == .person(idNumber: "340101199003071236", name: "张伟"))
        #expect(throws: CertificatesError.invalid(field: "number", message: "请输入证书编号，或身份证号码和姓名")) {
            try LookupQuery(number: " ", idNumber: "", name: "")
        }
        #expect(throws: CertificatesError.invalid(field: "name", message: "请输入姓名")) {
            try LookupQuery(number: "", idNumber: "340101199003071236", name: "")
        }
        #expect(throws: CertificatesError.invalid(field: "idNumber", message: "请输入身份证号码")) {
            try LookupQuery(number: "", idNumber: "", name: "张伟")
        }
        #expect(throws: CertificatesError.self) { try LookupQuery(number: String(repeating: "1", count: 33), idNumber: "", name: "") }
    }

    @Test("B-4: the log keeps a number whole, an ID number and a name masked")
    func logged() throws {
        #expect(try LookupQuery(number: "26340001190001A", idNumber: "", name: "").logged == "26340001190001A")
        let person = try LookupQuery(number: "", idNumber: "340101199003071236", name: "欧阳小锋")
        #expect(person.logged == "3401**********1236 欧**锋" && person.kind == "person")
    }

    @Test("X-1: names masked as 张*伟, 张*, 欧阳**锋")
    func names() {
        #expect(Masking.name("张伟") == "张*")
        #expect(Masking.name("张小伟") == "张*伟")
        #expect(Masking.name("欧阳小锋") == "欧**锋")
        #expect(Masking.name("张") == "张" && Masking.name("") == "")
    }

    @Test("B-4: the challenge's answer is its sum, drawn as paths without text, different for other bytes")
    func challenge() {
        let bytes = (0..<96).map { UInt8(($0 * 37 + 11) % 256) }
        let image = LookupChallengeImage(random: bytes)
        #expect(image.answer == String(image.question.0 + image.question.1))
        #expect((10...49).contains(image.question.0) && (1...9).contains(image.question.1))
        #expect(image.svg.hasPrefix("<svg") && image.svg.hasSuffix("</svg>") && !image.svg.contains("<text"))
        #expect(image.svg.utf8.count < 8_000)
        #expect(LookupChallengeImage(random: bytes) == image, "the same bytes draw the same challenge")
        #expect(LookupChallengeImage(random: bytes.map { $0 &+ 1 }).svg != image.svg)
    }
}

@Suite struct RegistryPushRuleTests {
    @Test("B-3: accepted and duplicate are delivered, rejected is final with its reason, the rest is retried")
    func outcomes() {
        #expect(PushOutcome.from(status: 200, answer: RegistryAnswer(result: "accepted", receipt: "R1")) == .accepted(receipt: "R1"))
        #expect(PushOutcome.from(status: 200, answer: RegistryAnswer(result: "duplicate", receipt: "R1")) == .accepted(receipt: "R1"))
        #expect(PushOutcome.from(status: 422, answer: RegistryAnswer(result: "rejected", reason: "不一致")) == .rejected(reason: "不一致"))
        #expect(PushOutcome.from(status: 422, answer: RegistryAnswer(result: "rejected")) == .rejected(reason: "全国库拒收（未说明原因）"))
        #expect(PushOutcome.from(status: 503, answer: nil) == .retry(error: "全国库应答 HTTP 503"))
        #expect(PushOutcome.from(status: 200, answer: nil) == .retry(error: "全国库应答 HTTP 200"), "an unreadable answer is no verdict")
        #expect(PushOutcome.from(status: 400, answer: RegistryAnswer(result: "accepted")) == .retry(error: "全国库应答 HTTP 400"))
    }

    @Test("B-3: the backoff doubles from its base up to its cap")
    func backoff() {
        let backoff = PushBackoff(base: 5, cap: 3600)
        #expect([1, 2, 3, 4].map(backoff.delay(afterAttempt:)) == [5, 10, 20, 40])
        #expect(backoff.delay(afterAttempt: 20) == 3600 && backoff.delay(afterAttempt: 1_000) == 3600)
    }
}

@Suite struct PrintLayoutTests {
    @Test("CE-6: the standard layout is valid; a field off the page, twice, or too small is refused with its name")
    func problems() {
        #expect(PrintLayout.standard.problem == nil)
        var layout = PrintLayout.standard
        layout.elements[layout.elements.count - 1].yMM = 190
        #expect(layout.problem?.message == "“二维码”超出了纸张范围")
        layout = PrintLayout.standard
        layout.elements.append(layout.elements[1])
        #expect(layout.problem?.message == "“姓名”只能放置一次")
        layout = PrintLayout.standard
        layout.elements[1].size = 4
        #expect(layout.problem?.message == "“姓名”的字号应在 6–48 磅之间")
        layout = PrintLayout.standard
        layout.elements.removeAll { $0.field == .number }
        #expect(layout.problem?.message == "版式中至少要有证书编号和姓名")
        layout = PrintLayout.standard
        layout.pageWidthMM = 20
        #expect(layout.problem?.field == "pageWidthMm")
    }
}

@Suite struct StatisticsRuleTests {
    @Test("CE-8: months step across the year both ways")
    func months() {
        let day = CivilDate(year: 2026, month: 3, day: 31)
        #expect(day.firstOfMonth() == CivilDate(year: 2026, month: 3, day: 1))
        #expect(day.firstOfMonth(adding: -5) == CivilDate(year: 2025, month: 10, day: 1))
        #expect(CivilDate(year: 2026, month: 12, day: 3).firstOfMonth(adding: 1) == CivilDate(year: 2027, month: 1, day: 1))
    }
}
