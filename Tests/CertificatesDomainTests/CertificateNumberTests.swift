import Foundation
import CertificatesDomain
import CommonRules
import Testing

@Suite("CE-1: the certificate number and its segments")
struct CertificateNumberTests {
    let post = try! SegmentKey(year: 2026, region: "3400", code: "011", level: SegmentKey.noLevel)

    @Test("the layout: YY RRRR CCC L SSSS and an ISO 7064 MOD 37,36 check character")
    func layout() throws {
        let number = CertificateNumber(segment: post, sequence: 1)
        #expect(number.body == "26340001190001")
        #expect(number.description == "26340001190001F")
        let trade = CertificateNumber(segment: try SegmentKey(year: 2031, region: "3401", code: "t03", level: "4"), sequence: 9_999)
        #expect(trade.description.prefix(14) == "313401T0349999")
        #expect(try CertificateNumber(parsing: trade.description) == trade)
        #expect(try CertificateNumber(parsing: "26340001190001f") == number)
    }

    @Test("the check character: the published GRid example, and every single error and neighbour swap caught")
    func checkCharacter() throws {
        // ISO 7064 MOD 37,36 is the check of the GRid (IFPI): A1-2425G-ABC1234002-M.
        #expect(CertificateNumber.checkCharacter("A12425GABC1234002") == "M")
        let text = CertificateNumber(segment: post, sequence: 4_321).description
        let characters = Array(text)
        for index in characters.indices {
            for replacement in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" where replacement != characters[index] {
                var changed = characters
                changed[index] = replacement
                #expect(throws: (any Error).self, "\(String(changed))") { try CertificateNumber(parsing: String(changed)) }
            }
        }
        for index in 0..<(characters.count - 1) where characters[index] != characters[index + 1] {
            var swapped = characters
            swapped.swapAt(index, index + 1)
            #expect(throws: (any Error).self) { try CertificateNumber(parsing: String(swapped)) }
        }
        #expect(throws: CertificateNumber.Problem.checkCharacter) { try CertificateNumber(parsing: "26340001190001A") }
        for bad in ["", "2634000119001F", "263400011900001F", "26340001190000F", "2634000119-001F", "26340001190001Ｆ"] {
            #expect(throws: CertificateNumber.Problem.malformed, "\(bad)") { try CertificateNumber(parsing: bad) }
        }
    }

    @Test("segments: a new year starts at 00:00 on 1 January in Asia/Shanghai, not UTC")
    func yearRollover() throws {
        // 2026-12-31 15:59:59 UTC is 23:59:59 in Shanghai; one second later it is 2027 there.
        let lastSecond: Int64 = 1_798_732_799
        #expect(try SegmentKey.at(unix: lastSecond, region: "3400", code: "011", level: "9").year == 2026)
        #expect(try SegmentKey.at(unix: lastSecond + 1, region: "3400", code: "011", level: "9").year == 2027)
        #expect(try SegmentKey.at(unix: lastSecond + 1, region: "3400", code: "011", level: "9").prefix == "2734000119")
    }

    @Test("segments: the next numbers, and an exhausted segment is an error, never a wrap")
    func allocation() throws {
        #expect(try SegmentKey.next(1, after: 0) == 1...1)
        #expect(try SegmentKey.next(500, after: 9_499) == 9_500...9_999)
        #expect(throws: SegmentExhausted(remaining: 0, wanted: 1)) { try SegmentKey.next(1, after: 9_999) }
        #expect(throws: SegmentExhausted(remaining: 9, wanted: 10)) { try SegmentKey.next(10, after: 9_990) }
    }

    @Test("segment keys refuse what does not fit the layout")
    func keys() {
        for (year, region, code, level) in [(1999, "3400", "011", "9"), (2026, "340", "011", "9"), (2026, "34A0", "011", "9"),
                                            (2026, "3400", "01", "9"), (2026, "3400", "0-1", "9"), (2026, "3400", "011", "A")] {
            #expect(throws: SegmentKey.Problem.malformed) { try SegmentKey(year: year, region: region, code: code, level: level) }
        }
    }
}

@Suite("CE-4: validity and status")
struct ValidityTests {
    @Test("valid until the day before the anniversary; 29 February becomes 28 February")
    func validity() throws {
        // 2026-12-03 10:00 Shanghai.
        let validity = Validity(issuedAtUnix: 1_796_263_200, years: 3)
        #expect(validity.issuedOn.description == "2026-12-03")
        #expect(validity.validUntil.description == "2029-12-02")
        #expect(CivilDate(year: 2028, month: 2, day: 29).adding(years: 1).adding(days: -1).description == "2029-02-27")
        #expect(CivilDate(year: 2027, month: 1, day: 1).adding(days: -1).description == "2026-12-31")
        #expect(CivilDate(year: 2028, month: 2, day: 28).adding(days: 1).description == "2028-02-29")
        #expect(CivilDate("2026-02-29") == nil && CivilDate("2028-02-29") != nil && CivilDate("2026-1-01") == nil)
    }

    @Test("the shown status: valid through its last day, then expired; cancelled whatever the date")
    func status() {
        let validity = Validity(issuedOn: CivilDate(year: 2026, month: 12, day: 3), validUntil: CivilDate(year: 2029, month: 12, day: 2))
        #expect(validity.status(.valid, today: CivilDate(year: 2029, month: 12, day: 2)) == .valid)
        #expect(validity.status(.valid, today: CivilDate(year: 2029, month: 12, day: 3)) == .expired)
        #expect(validity.status(.cancelled, today: CivilDate(year: 2027, month: 1, day: 1)) == .cancelled)
    }

    @Test("cancel and re-activate: every (action, state) pair")
    func actions() {
        #expect(CertificateAction.cancel.next(from: .valid) == .cancelled)
        #expect(CertificateAction.cancel.next(from: .cancelled) == nil)
        #expect(CertificateAction.reactivate.next(from: .cancelled) == .valid)
        #expect(CertificateAction.reactivate.next(from: .valid) == nil)
    }
}

@Suite("B-1: the signed form and the QR payload")
struct SignedFormTests {
    let form = SignedForm(number: "26340001190001F", holderName: "张三", maskedIDNumber: "3421**********0029", code: "011",
                          level: "9", issuer: "3400", issuedOn: "2026-12-03", validUntil: "2029-12-02")

    @Test("the canonical form: fixed order, one field a line, round trip")
    func canonical() throws {
        #expect(String(decoding: form.canonical, as: UTF8.self)
                == "TC1\n26340001190001F\n张三\n3421**********0029\n011\n9\n3400\n2026-12-03\n2029-12-02")
        #expect(try SignedForm(canonical: form.canonical) == form)
        var other = form
        other.holderName = "张 三"
        #expect(other.canonical != form.canonical)
        for bad in ["TC2\n1\n2\n3\n4\n5\n6\n7\n8", "TC1\n1\n2\n3\n4\n5\n6\n7", "TC1\n1\n2\n3\n4\n5\n6\n7\n 8", "TC1\n1\n\n3\n4\n5\n6\n7\n8"] {
            #expect(throws: SignedForm.Problem.malformed) { try SignedForm(canonical: Array(bad.utf8)) }
        }
    }

    @Test("the QR payload round-trips and, for the longest holder name, fits QR version 10 (271 bytes at level L)")
    func payloadSize() throws {
        let signature = [UInt8](repeating: 0xAB, count: 64)
        var longest = form
        longest.holderName = String(repeating: "龘", count: 15)   // 15 CJK characters: longer than any real name
        let payload = QRPayload(form: longest, keyID: "3400-2026a", signature: signature)
        let text = payload.text(lookupURL: "https://zs.ahjzpx.gov.cn/verify")
        #expect(text.utf8.count <= QRPayload.maximumBytes, "\(text.utf8.count) bytes")
        #expect(try QRPayload(parsing: text) == payload)
        #expect(try QRPayload(parsing: payload.fragment) == payload)
        #expect(payload.fragment.hasPrefix("TC1.26340001190001F.6b6Y"))
        let good = QRPayload(form: form, keyID: "k", signature: signature).fragment
        for bad in ["", "https://x/verify#TC1.abc", good.replacingOccurrences(of: "TC1.", with: "TC2."),
                    good.replacingOccurrences(of: "26340001190001F", with: "26340001190001A"),
                    good.replacingOccurrences(of: ".20291202.", with: ".20290230."),
                    good.replacingOccurrences(of: ".k.", with: ".."), good + "@"] {
            #expect(throws: QRPayload.Problem.malformed) { try QRPayload(parsing: bad) }
        }
    }

    @Test("base64url: RFC 4648 vectors, no padding")
    func base64url() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.decode("Z") == nil && Base64URL.decode("Zm9v+") == nil)
    }
}

@Suite("CE-2: who can be certified")
struct GenerationTests {
    @Test("a bad name, a wrong ID number and a repeated ID number are each refused, in order")
    func refusals() {
        let today = (2026, 12, 3)
        let good = PassedCandidate(studentUserID: 1, enrollmentID: 11, name: "张三", idNumber: "110101199003074514")
        #expect(Generation.refusals([good], today: today).isEmpty)
        let candidates = [
            good,
            PassedCandidate(studentUserID: 2, enrollmentID: 12, name: " 李四", idNumber: "110101199003076093"),
            PassedCandidate(studentUserID: 3, enrollmentID: 13, name: "王五", idNumber: "110101199003074515"),
            PassedCandidate(studentUserID: 4, enrollmentID: 14, name: "赵六", idNumber: "110101199003074514"),
        ]
        #expect(Generation.refusals(candidates, today: today).map(\.reason) == ["姓名为空或格式不正确", "身份证号码校验不通过", "同一身份证号码在本考核计划中出现两次"])
        #expect(Generation.refusals(candidates, today: today).map(\.candidate.studentUserID) == [2, 3, 4])
    }
}
