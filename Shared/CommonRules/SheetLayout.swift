/// An imported sheet's fixed columns (AS-3's scores, CE-3's registration batches): the header
/// checked against the template's, each row's cells by column name, and errors by row and column.
public struct SheetLayout: Sendable {
    /// One problem of an import: the sheet's row number (1 is the header), the column's header
    /// ("" for the whole row) and the message in Chinese.
    public struct RowError: Equatable, Sendable {
        public let row: Int
        public let column: String
        public let message: String

        public init(row: Int, column: String, message: String) {
            self.row = row
            self.column = column
            self.message = message
        }
    }

    /// The template's columns, in order; an import must have exactly these headers.
    public let headers: [String]

    public init(headers: [String]) { self.headers = headers }

    /// Why a sheet is refused as a whole.
    public struct Refused: Error, Equatable, Sendable {
        public let errors: [RowError]
    }

    /// The position of each column in `rows`' header.
    /// - Throws: why the header (or the row count) is refused: no content, missing, extra or
    ///   repeated columns, more than `maximumRows` rows.
    public func positions(_ rows: [[String]], maximumRows: Int) throws(Refused) -> [String: Int] {
        guard let header = rows.first else { throw Refused(errors: [RowError(row: 1, column: "", message: "文件中没有内容，请使用下载的模板填写")]) }
        let names = header.map(\.trimmingSpaces)
        var errors: [RowError] = []
        let missing = headers.filter { !names.contains($0) }
        let extra = names.filter { !$0.isEmpty && !headers.contains($0) }
        if !missing.isEmpty { errors.append(RowError(row: 1, column: "", message: "缺少列：" + missing.joined(separator: "、") + "，请使用下载的模板")) }
        if !extra.isEmpty { errors.append(RowError(row: 1, column: "", message: "多出列：" + extra.joined(separator: "、") + "，请使用下载的模板")) }
        let duplicated = Set(names.filter { name in headers.contains(name) && names.filter { $0 == name }.count > 1 })
        if !duplicated.isEmpty { errors.append(RowError(row: 1, column: "", message: "列重复：" + duplicated.sorted().joined(separator: "、"))) }
        guard errors.isEmpty else { throw Refused(errors: errors) }
        guard rows.count - 1 <= maximumRows else {
            throw Refused(errors: [RowError(row: rows.count, column: "", message: "一次最多导入\(maximumRows)行")])
        }
        return Dictionary(uniqueKeysWithValues: headers.map { name in (name, names.firstIndex(of: name)!) })
    }

    /// The cell of column `name` in `cells`, trimmed ("" past the row's end).
    public static func cell(_ cells: [String], _ name: String, _ positions: [String: Int]) -> String {
        guard let at = positions[name], at < cells.count else { return "" }
        return cells[at].trimmingSpaces
    }

    /// What to tell a clerk whose ID number cell failed `problem`.
    public static func message(_ problem: IDNumber.Problem, text: String) -> String {
        if text.contains("E+") || text.contains("e+") { return "身份证号被表格当作数字，请将该列设为文本格式后重新填写" }
        return switch problem {
        case .wrongCheckCharacter: "身份证号校验位错误"
        default: "身份证号格式不正确"
        }
    }
}
