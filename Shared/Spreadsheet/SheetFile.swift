/// An uploaded sheet: XLSX when it starts like a ZIP archive, else CSV (UTF-8 or GBK). The old
/// binary Excel format (.xls) is refused with what to do instead.
public enum SheetFile {
    public static func rows(_ bytes: [UInt8], filename: String) throws(SpreadsheetError) -> SheetRows {
        if filename.lowercased().hasSuffix(".xls") { throw SpreadsheetError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入") }
        return bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? try XLSXReader.rows(bytes) : try CSV.rows(bytes)
    }
}
