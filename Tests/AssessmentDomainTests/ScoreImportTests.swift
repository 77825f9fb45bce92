import AssessmentDomain
import Foundation
import Spreadsheet
import Testing

/// The fixtures' candidates (Fixtures/scores.csv; made-up ID numbers with valid check characters).
let fixtureCandidates = [
    ScoreSheet.Candidate(studentUserID: 1, name: "张伟", idNumber: "340101199003071236", ticketNumber: "263401000100001"),
    ScoreSheet.Candidate(studentUserID: 2, name: "李娜", idNumber: "340102198506120046", ticketNumber: "263401000100002"),
    ScoreSheet.Candidate(studentUserID: 3, name: "王芳", idNumber: "340122199211304016", ticketNumber: "263401000100003"),
    ScoreSheet.Candidate(studentUserID: 4, name: "刘洋", idNumber: "340103198801010022", ticketNumber: "263401000100004"),
]
let today = (year: 2026, month: 12, day: 2)

func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

func validate(_ rows: SheetRows) -> (entries: [ScoreSheet.Entry], errors: [ScoreSheet.RowError]) {
    ScoreSheet.validate(rows, candidates: fixtureCandidates, today: today)
}

let expectedEntries = [
    ScoreSheet.Entry(row: 2, studentUserID: 1, sitting: .present, theoryTenths: 850, practiceTenths: 905),
    ScoreSheet.Entry(row: 3, studentUserID: 2, sitting: .present, theoryTenths: 595, practiceTenths: 720),
    ScoreSheet.Entry(row: 4, studentUserID: 3, sitting: .absent, theoryTenths: 0, practiceTenths: 0),
    ScoreSheet.Entry(row: 5, studentUserID: 4, sitting: .cheated, theoryTenths: 0, practiceTenths: 0),
]

@Suite("AS-3: reading score files")
struct SheetReadingTests {
    @Test("a UTF-8 CSV, a GBK CSV (Chinese Excel's default) and LibreOffice's XLSX give the same entries")
    func sameEverywhere() throws {
        let utf8 = try CSV.rows(fixture("scores.csv"))
        let gbk = try CSV.rows(fixture("scores-gbk.csv"))
        let xlsx = try XLSXReader.rows(fixture("scores-libreoffice.xlsx"))
        #expect(gbk == utf8)
        #expect(xlsx.count == 5 && xlsx[1] == ["263401000100001", "张伟", "340101199003071236", "85", "90.5"])
        for rows in [utf8, gbk, xlsx] {
            let checked = validate(rows)
            #expect(checked.errors == [])
            #expect(checked.entries == expectedEntries)
        }
    }

    @Test("CSV quoting, CRLF, a byte order mark and trailing empty lines")
    func csvDetails() throws {
        let text = "\u{FEFF}a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",,x\r\n\r\n,,\r\n"
        #expect(try CSV.rows(Array(text.utf8)) == [["a", "b,1", "say \"hi\""], ["line\nbreak", "", "x"]])
        #expect(throws: SpreadsheetError.self) { try CSV.rows(Array("a,\"open\n".utf8)) }
        let rows = [["准考证号", "姓名"], ["1", "张,伟"], ["2", "李\"娜\""]]
        #expect(try CSV.rows(CSV.bytes(rows)) == rows)
    }

    @Test("bytes that are neither UTF-8 nor GBK are refused with a message")
    func unknownEncoding() {
        #expect(throws: SpreadsheetError.self) { try CSV.rows([0x41, 0xFF, 0xFF, 0x2C, 0x42]) }
    }

    @Test("what libxlsxwriter writes, our reader reads back, ID numbers as text")
    func writeAndRead() throws {
        let rows = ScoreSheet.templateRows(fixtureCandidates)
        let bytes = try XLSXWriter.workbook(sheetName: "成绩", columns: ScoreSheet.headers.map { .init($0, width: 12) }, rows: rows)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let read = try XLSXReader.rows(bytes)
        #expect(read[0] == ScoreSheet.headers)
        #expect(read.dropFirst().map { Array($0.prefix(3)) } == rows.map { Array($0.prefix(3)) })
    }

    @Test("a file that is not a workbook, and a cut one, are refused")
    func notXLSX() throws {
        #expect(throws: SpreadsheetError.self) { try XLSXReader.rows(Array("准考证号,姓名".utf8)) }
        let good = try fixture("scores-libreoffice.xlsx")
        #expect(throws: SpreadsheetError.self) { try XLSXReader.rows(Array(good.prefix(good.count / 2))) }
        var damaged = good
        for index in stride(from: 200, to: 1200, by: 7) { damaged[index] ^= 0x5A }
        #expect(throws: SpreadsheetError.self) { try XLSXReader.rows(damaged) }
    }
}

@Suite("AS-3: the importer's row rules")
struct ScoreRowTests {
    let header = ScoreSheet.headers

    func rows(_ data: [String]...) -> SheetRows { [header] + data }

    @Test("a wrong ID checksum names the row and the column")
    func checksum() {
        let checked = validate(rows(["263401000100001", "张伟", "340101199003071237", "85", "90", ""]))
        #expect(checked.entries.isEmpty)
        #expect(checked.errors == [.init(row: 2, column: "身份证号", message: "身份证号校验位错误")])
    }

    @Test("an unknown candidate")
    func unknown() {
        let checked = validate(rows(["", "赵六", "110101199001011237", "85", "90", ""]))
        #expect(checked.errors == [.init(row: 2, column: "身份证号", message: "该考生不在本考核计划中")])
    }

    @Test("scores outside 0–100, with two decimals, or missing")
    func outOfRange() {
        let checked = validate(rows(["", "", "340101199003071236", "101", "-5", ""], ["", "", "340102198506120046", "85.55", "", ""]))
        #expect(checked.errors.map { "\($0.row)\($0.column)" } == ["2理论成绩", "2实操成绩", "3理论成绩", "3实操成绩"])
        #expect(checked.errors[0].message == "理论成绩应为0–100之间的数字，最多一位小数")
        #expect(checked.errors[3].message == "请填写实操成绩")
    }

    @Test("a duplicate row names the first one")
    func duplicate() {
        let checked = validate(rows(["", "", "340101199003071236", "85", "90", ""], ["", "", "340101199003071236", "60", "60", ""]))
        #expect(checked.errors == [.init(row: 3, column: "身份证号", message: "与第2行重复（同一身份证号）")])
    }

    @Test("an absent candidate with a score, and an unknown sitting")
    func sittings() {
        let checked = validate(rows(["", "", "340101199003071236", "0", "", "缺考"], ["", "", "340102198506120046", "60", "60", "迟到"]))
        #expect(checked.errors == [.init(row: 2, column: "理论成绩", message: "缺考考生不填写成绩"),
                                   .init(row: 3, column: "考试情况", message: "考试情况应为“正常”“缺考”或“违纪”（空白即正常）")])
    }

    @Test("a ticket or name that does not match the ID number")
    func mismatch() {
        let checked = validate(rows(["263401000100002", "张三", "340101199003071236", "85", "90", ""]))
        #expect(checked.errors.map(\.column) == ["准考证号", "姓名"])
    }

    @Test("sheets with extra or missing columns are refused as a whole, from the files too")
    func columns() throws {
        let missing = validate([["准考证号", "姓名", "身份证号", "理论成绩", "考试情况"], ["", "", "340101199003071236", "85", ""]])
        #expect(missing.errors == [.init(row: 1, column: "", message: "缺少列：实操成绩，请使用下载的模板")])
        let extra = validate(try XLSXReader.rows(fixture("scores-extra-column.xlsx")))
        #expect(extra.errors == [.init(row: 1, column: "", message: "多出列：备注，请使用下载的模板")])
        #expect(validate([]).errors.count == 1)
        #expect(validate([header]).errors == [.init(row: 2, column: "", message: "文件中没有成绩行")])
    }

    @Test("columns in another order are read by their headers")
    func reordered() {
        let checked = validate([["身份证号", "考试情况", "实操成绩", "理论成绩", "姓名", "准考证号"], ["340101199003071236", "", "90.5", "85", "张伟", ""]])
        #expect(checked.entries == [.init(row: 2, studentUserID: 1, sitting: .present, theoryTenths: 850, practiceTenths: 905)])
    }

    @Test("ID numbers a sheet turned into numbers get a message that says how to fix them")
    func idAsNumber() throws {
        let checked = validate(try XLSXReader.rows(fixture("scores-id-as-number.xlsx")))
        #expect(checked.errors.count == 4)
        #expect(checked.errors.allSatisfy { $0.column == "身份证号" && $0.message.contains("文本格式") })
    }

    @Test("one bad row among many: nothing is imported, that row is named")
    func oneBadAmongMany() {
        var candidates: [ScoreSheet.Candidate] = []
        var data: SheetRows = [header]
        for seat in 1...5_000 {
            let number = IDCheck.number(seat)
            candidates.append(.init(studentUserID: Int64(seat), name: "考生\(seat)", idNumber: number, ticketNumber: ""))
            data.append(["", "", number, seat == 4_321 ? "100.5" : "70", "80", ""])
        }
        let checked = ScoreSheet.validate(data, candidates: candidates, today: today)
        #expect(checked.entries.isEmpty)
        #expect(checked.errors == [.init(row: 4_322, column: "理论成绩", message: "理论成绩应为0–100之间的数字，最多一位小数")])
    }
}

/// GB 11643's check character, for making test numbers.
enum IDCheck {
    /// A distinct valid ID number for each `n` below 336,000 (born in 1990 in 合肥).
    static func number(_ n: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sequence = String(1000 + n / 336).suffix(3)
        let first17 = "3401011990" + two(n % 12 + 1) + two(n / 12 % 28 + 1) + sequence
        return first17 + String(character(first17))
    }

    static func character(_ first17: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return Array("10X98765432")[sum % 11]
    }
}
