import CertificatesDomain
import CommonRules
import Testing

/// CE-3's sheet: the template's header, each row's rules, duplicates in the sheet and the batch.
@Suite struct BatchSheetTests {
    let today = (year: 2026, month: 12, day: 3)
    let posts: Set<String> = ["050", "T03"]

    @Test("a clean sheet gives its persons, trimmed, levels by code or name, blank rows skipped")
    func clean() {
        let rows = [BatchSheet.headers, [" 张三 ", "110101199003070011", "安徽建工", "050", ""], ["", "", "", "", ""],
                    ["李四", "110101199003070038", "安徽二建", "t03", "中级工"]]
        let (persons, errors) = BatchSheet.validate(rows, posts: posts, existing: [], today: today)
        #expect(errors.isEmpty)
        #expect(persons == [BatchPerson(row: 2, name: "张三", idNumber: "110101199003070011", employer: "安徽建工", post: "050", level: "9"),
                            BatchPerson(row: 4, name: "李四", idNumber: "110101199003070038", employer: "安徽二建", post: "T03", level: "4")])
    }

    @Test("every row's error, by row and column; duplicates within the sheet and with the batch; no persons then")
    func errors() {
        let rows = [BatchSheet.headers, ["张三", "110101199003070011", "安徽建工", "050", ""], ["", "110101199003070012", "甲", "999", "大师"],
                    ["张三", "110101199003070011", "安徽建工", "050", ""], ["王五", "110101199003070038", "安徽建工", "050", ""]]
        let (persons, errors) = BatchSheet.validate(rows, posts: posts, existing: ["110101199003070038/050"], today: today)
        #expect(persons.isEmpty)
        #expect(errors.filter { $0.row == 3 }.map(\.column) == ["姓名", "身份证号", "工作单位", "岗位代码", "等级"])
        #expect(errors.contains { $0.row == 4 && $0.message.contains("与第2行重复") })
        #expect(errors.contains { $0.row == 5 && $0.message.contains("已在本批次中") })
    }

    @Test("the post codes are read at the header's column, whatever the columns' order")
    func postCodes() {
        let rows = [["岗位代码", "姓名", "身份证号", "工作单位", "等级"], ["t03", "张三", "110101199003070011", "安徽建工", "中级工"],
                    ["050", "李四", "110101199003070038", "安徽二建", ""], ["050", "", "", "", ""]]
        #expect(Set(BatchSheet.postCodes(rows)) == ["T03", "050"])
        #expect(BatchSheet.validate(Array(rows.prefix(3)), posts: posts, existing: [], today: today).persons.map(\.post) == ["T03", "050"])
        #expect(BatchSheet.postCodes([["姓名"], ["张三"]]).isEmpty)
    }

    @Test("the header must be the template's; an empty sheet is refused")
    func header() {
        #expect(BatchSheet.validate([["姓名", "身份证"]], posts: posts, existing: [], today: today).errors.first?.message.contains("缺少列") == true)
        #expect(BatchSheet.validate([BatchSheet.headers], posts: posts, existing: [], today: today).errors.first?.message == "文件中没有人员行")
    }

    @Test("a batch is approved only when every candidate passed")
    func decision() {
        #expect(BatchDecision.from([.passed, .passed]) == .approve)
        #expect(BatchDecision.from([.passed, .rejected]) == .rejectOrReturn)
        #expect(BatchDecision.from([.passed, .pending, .rejected]) == .undecided)
        #expect(BatchDecision.from([]) == .undecided)
    }
}
