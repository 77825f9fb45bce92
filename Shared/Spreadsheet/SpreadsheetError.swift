/// Why a file could not be read as a sheet; `message` is for the user (Chinese, X-4).
public struct SpreadsheetError: Error, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    static let notXLSX = SpreadsheetError("文件不是有效的 Excel（.xlsx）文件，请用模板另存为 .xlsx 后重新导入")
    static let unknownEncoding = SpreadsheetError("无法识别文件的文字编码，请另存为“CSV UTF-8”或 Excel 默认的 CSV 后重新导入")
}

/// The rows of a sheet's first worksheet, each a list of cell texts, with trailing empty rows
/// dropped. Row `i` of `rows` is the sheet's row `i + 1` (the header is row 1).
public typealias SheetRows = [[String]]
