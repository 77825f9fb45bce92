/// The first worksheet of an XLSX file (ECMA-376 SpreadsheetML) as cell texts: shared, inline
/// and formula strings as text, numbers as the file writes them, booleans as TRUE/FALSE. Written
/// here because no maintained XLSX reader is among the packages this project can have
/// (docs/ASSESSMENT.md); it reads what Excel, WPS and LibreOffice write, and nothing more:
/// no dates, styles or formulas are evaluated.
public enum XLSXReader {
    /// The rows of the workbook's first sheet, missing cells as "".
    /// - Throws: `SpreadsheetError` when the file is no workbook.
    public static func rows(_ bytes: [UInt8]) throws(SpreadsheetError) -> SheetRows {
        let zip = try ZIPArchive(bytes)
        guard let sheet = try zip.member(try firstSheetPath(zip)) else { throw .notXLSX }
        let shared = try zip.member("xl/sharedStrings.xml").map(sharedStrings) ?? []
        return try cells(sheet, shared: shared)
    }

    /// The part of the workbook's first `<sheet>`, through the workbook's relationships.
    static func firstSheetPath(_ zip: ZIPArchive) throws(SpreadsheetError) -> String {
        guard let workbook = try zip.member("xl/workbook.xml") else { throw .notXLSX }
        var scanner = XMLScanner(workbook)
        var relationship: String?
        while relationship == nil, let token = try scanner.next() {
            if case .open("sheet", let attributes, _) = token { relationship = attributes["id"] }
        }
        guard let relationship, let rels = try zip.member("xl/_rels/workbook.xml.rels") else { return "xl/worksheets/sheet1.xml" }
        var relScanner = XMLScanner(rels)
        while let token = try relScanner.next() {
            if case .open("Relationship", let attributes, _) = token, attributes["Id"] == relationship, let target = attributes["Target"] {
                return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        throw .notXLSX
    }

    /// The shared string table: each `<si>`'s text runs, without phonetic runs (`<rPh>`).
    static func sharedStrings(_ part: [UInt8]) throws(SpreadsheetError) -> [String] {
        var scanner = XMLScanner(part)
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        while let token = try scanner.next() {
            switch token {
            case .open("si", _, _): current = ""
            case .close("si"): strings.append(current)
            case .open("rPh", _, let selfClosing): if !selfClosing { phonetic += 1 }
            case .close("rPh"): phonetic -= 1
            case .open("t", _, let selfClosing): inText = !selfClosing
            case .close("t"): inText = false
            case .text(let text) where inText && phonetic == 0: current += text
            default: break
            }
        }
        return strings
    }

    /// The cells of a worksheet part, placed by their `r` references (A1 style).
    static func cells(_ part: [UInt8], shared: [String]) throws(SpreadsheetError) -> SheetRows {
        var scanner = XMLScanner(part)
        var rows: SheetRows = []
        var rowIndex = -1
        var column = -1
        var type = ""
        var value = ""
        var collecting = false
        var inCell = false
        while let token = try scanner.next() {
            switch token {
            case .open("row", let attributes, let selfClosing):
                rowIndex = attributes["r"].flatMap { Int($0) }.map { $0 - 1 } ?? rowIndex + 1
                column = -1
                guard rowIndex >= 0, rowIndex < 1_048_576 else { throw .notXLSX }
                while rows.count <= rowIndex { rows.append([]) }
                _ = selfClosing
            case .open("c", let attributes, let selfClosing):
                column = attributes["r"].flatMap(columnIndex) ?? column + 1
                type = attributes["t"] ?? "n"
                value = ""
                inCell = !selfClosing
            case .open("v", _, let selfClosing) where inCell, .open("t", _, let selfClosing) where inCell:
                collecting = !selfClosing
            case .close("v"), .close("t"):
                collecting = false
            case .text(let text) where collecting:
                value += text
            case .close("c"):
                inCell = false
                guard rowIndex >= 0, column >= 0, column < 16_384 else { throw .notXLSX }
                let text: String
                switch type {
                case "s":
                    guard let index = Int(value), index >= 0, index < shared.count else { throw .notXLSX }
                    text = shared[index]
                case "b": text = value == "1" ? "TRUE" : "FALSE"
                default: text = value
                }
                while rows[rowIndex].count <= column { rows[rowIndex].append("") }
                rows[rowIndex][column] = text
            default: break
            }
        }
        while let last = rows.last, last.allSatisfy({ $0.isEmpty }) { rows.removeLast() }
        return rows
    }

    /// The zero-based column of a reference such as `B3` (`A` is 0, `AA` is 26).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }
}
