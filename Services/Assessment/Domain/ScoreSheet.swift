import CommonRules

/// AS-3: the score sheet, its template's columns and the rules each imported row must pass. An
/// import is all or nothing: `validate` returns every row's error (row, column, message in
/// Chinese) or every row's entry, never a mix.
public enum ScoreSheet {
    /// The template's columns, in order; an import must have exactly these headers.
    public static let headers = ["准考证号", "姓名", "身份证号", "理论成绩", "实操成绩", "考试情况"]
    static let layout = SheetLayout(headers: headers)
    public static let widths: [Double] = [18, 10, 22, 10, 10, 12]

    /// A candidate an imported row may name.
    public struct Candidate: Sendable {
        public let studentUserID: Int64
        public let name: String
        public let idNumber: String
        public let ticketNumber: String

        public init(studentUserID: Int64, name: String, idNumber: String, ticketNumber: String) {
            self.studentUserID = studentUserID
            self.name = name
            self.idNumber = idNumber
            self.ticketNumber = ticketNumber
        }
    }

    /// A row as it will be saved.
    public struct Entry: Equatable, Sendable {
        public let row: Int
        public let studentUserID: Int64
        public let sitting: Sitting
        public let theoryTenths: Int
        public let practiceTenths: Int

        public init(row: Int, studentUserID: Int64, sitting: Sitting, theoryTenths: Int, practiceTenths: Int) {
            self.row = row
            self.studentUserID = studentUserID
            self.sitting = sitting
            self.theoryTenths = theoryTenths
            self.practiceTenths = practiceTenths
        }
    }

    public typealias RowError = SheetLayout.RowError

    /// The template's rows for `candidates`: ticket, name and ID number filled in, scores blank.
    public static func templateRows(_ candidates: [Candidate]) -> [[String]] {
        candidates.map { [$0.ticketNumber, $0.name, $0.idNumber, "", "", ""] }
    }

    /// Every row of `rows` (the header first) checked against the test plan's `candidates`.
    /// - Returns: the entries when no row failed, else the errors (and no entries).
    public static func validate(_ rows: [[String]], candidates: [Candidate], today: (year: Int, month: Int, day: Int),
                                maximumRows: Int = 20_000) -> (entries: [Entry], errors: [RowError]) {
        let position: [String: Int]
        do throws(SheetLayout.Refused) { position = try layout.positions(rows, maximumRows: maximumRows) } catch { return ([], error.errors) }
        var errors: [RowError] = []
        let byID = Dictionary(candidates.map { ($0.idNumber, $0) }, uniquingKeysWith: { first, _ in first })
        var seenRow: [String: Int] = [:]
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        for index in 1..<rows.count {
            let row = index + 1
            let cells = rows[index]
            func cell(_ name: String) -> String { SheetLayout.cell(cells, name, position) }
            if cells.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            func fail(_ column: String, _ message: String) { errors.append(RowError(row: row, column: column, message: message)) }
            let idText = cell("身份证号").uppercased()
            let candidate: Candidate?
            do {
                let number = try IDNumber(idText, today: today)
                candidate = byID[number.value]
                if candidate == nil { fail("身份证号", "该考生不在本考核计划中") }
                if let first = seenRow[number.value] { fail("身份证号", "与第\(first)行重复（同一身份证号）") } else { seenRow[number.value] = row }
            } catch {
                candidate = nil
                fail("身份证号", idText.isEmpty ? "请填写身份证号" : SheetLayout.message(error, text: idText))
            }
            if let candidate {
                let ticket = cell("准考证号")
                if !ticket.isEmpty, ticket != candidate.ticketNumber { fail("准考证号", "准考证号与身份证号不符") }
                let name = cell("姓名")
                if !name.isEmpty, name != candidate.name { fail("姓名", "姓名与身份证号不符") }
            }
            guard let sitting = Sitting(sheetText: cell("考试情况")) else {
                fail("考试情况", "考试情况应为“正常”“缺考”或“违纪”（空白即正常）")
                continue
            }
            var theory = 0, practice = 0
            for (column, target) in [("理论成绩", 0), ("实操成绩", 1)] {
                let text = cell(column)
                if sitting == .present {
                    guard !text.isEmpty else { fail(column, "请填写\(column)"); continue }
                    guard let tenths = Score.tenths(text) else { fail(column, "\(column)应为0–100之间的数字，最多一位小数"); continue }
                    if target == 0 { theory = tenths } else { practice = tenths }
                } else if !text.isEmpty {
                    fail(column, "\(sitting.sheetText)考生不填写成绩")
                }
            }
            if let candidate {
                entries.append(Entry(row: row, studentUserID: candidate.studentUserID, sitting: sitting, theoryTenths: theory, practiceTenths: practice))
            }
        }
        if errors.isEmpty, entries.isEmpty { errors.append(RowError(row: 2, column: "", message: "文件中没有成绩行")) }
        return errors.isEmpty ? (entries, []) : ([], errors)
    }
}
