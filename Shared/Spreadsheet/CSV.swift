/// RFC 4180 CSV, as spreadsheets write it: commas, double quotes around fields that hold a
/// comma, a quote or a line break, quotes doubled inside, CRLF or LF line ends.
public enum CSV {
    /// The rows of a CSV file (UTF-8 or GBK, `TextDecoding`), trailing empty rows dropped.
    public static func rows(_ bytes: [UInt8]) throws(SpreadsheetError) -> SheetRows {
        let text = try TextDecoding.decode(bytes)
        var rows: SheetRows = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = following }
                    } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case ",":
                row.append(field); field = ""; afterQuote = false
            case "\r", "\n":
                if scalar == "\r", let following = next(), following != "\n" { pending = following }
                row.append(field); field = ""; afterQuote = false
                rows.append(row); row = []
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw SpreadsheetError("CSV 文件中有未闭合的引号，请检查文件是否完整") }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        while let last = rows.last, last.allSatisfy({ $0.isEmpty }) { rows.removeLast() }
        return rows
    }

    /// A CSV file of `rows`, UTF-8 with the byte order mark so that Excel opens it as UTF-8.
    public static func bytes(_ rows: SheetRows) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for row in rows {
            out.append(contentsOf: row.map(escape).joined(separator: ",").utf8)
            out.append(contentsOf: [13, 10])
        }
        return out
    }

    static func escape(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var quoted = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }
}
