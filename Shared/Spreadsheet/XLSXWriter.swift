import CXLSXWriter
#if canImport(Glibc)
import Glibc
#endif

/// An XLSX file of one worksheet by libxlsxwriter (Debian's libxlsxwriter-dev): a bold header
/// row, every cell written as text (so that ID numbers keep their 18 digits and Excel leaves
/// them alone), columns sized to their headers. libxlsxwriter 1.1 writes to a file only, so the
/// workbook goes through a private temporary file that is removed at once.
public enum XLSXWriter {
    public struct Column: Sendable {
        public let header: String
        public let width: Double

        public init(_ header: String, width: Double) {
            self.header = header
            self.width = width
        }
    }

    /// The workbook's bytes. - Throws: `SpreadsheetError` when libxlsxwriter fails.
    public static func workbook(sheetName: String, columns: [Column], rows: SheetRows) throws(SpreadsheetError) -> [UInt8] {
        var template = Array("/tmp/xlsx-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SpreadsheetError("无法生成 Excel 文件") }
        close(descriptor)
        let path = String(cString: template)
        defer { unlink(path) }

        guard let workbook = workbook_new(path) else { throw SpreadsheetError("无法生成 Excel 文件") }
        let sheet = workbook_add_worksheet(workbook, sheetName)
        let text = workbook_add_format(workbook)
        format_set_num_format(text, "@")
        let header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_num_format(header, "@")
        for (index, column) in columns.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), column.width, text)
            worksheet_write_string(sheet, 0, lxw_col_t(index), column.header, header)
        }
        for (rowIndex, row) in rows.enumerated() {
            for (index, cell) in row.enumerated() where !cell.isEmpty {
                worksheet_write_string(sheet, lxw_row_t(rowIndex + 1), lxw_col_t(index), cell, text)
            }
        }
        guard workbook_close(workbook) == LXW_NO_ERROR else { throw SpreadsheetError("无法生成 Excel 文件") }
        guard let file = fopen(path, "rb") else { throw SpreadsheetError("无法生成 Excel 文件") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            bytes.append(contentsOf: chunk.prefix(count))
        }
        return bytes
    }
}
