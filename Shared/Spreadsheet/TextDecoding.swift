#if canImport(Glibc)
import Glibc
#endif

/// The text of a CSV file as Chinese spreadsheets write it: UTF-8 (with or without the byte
/// order mark Excel's "CSV UTF-8" adds), or GBK, Excel's default on a Chinese Windows, which is
/// read as GB 18030 (its superset) by glibc's iconv.
public enum TextDecoding {
    /// The decoded text, or `SpreadsheetError.unknownEncoding` when the bytes are neither.
    public static func decode(_ bytes: [UInt8]) throws(SpreadsheetError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        guard let text = gb18030(Array(body)) else { throw .unknownEncoding }
        return text
    }

    /// `bytes` converted from GB 18030 by iconv; nil on an invalid or cut sequence.
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        // A GB 18030 character is 1, 2 or 4 bytes and becomes at most 4 UTF-8 bytes.
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer = source.baseAddress
                var inLeft = source.count
                var outPointer = target.baseAddress
                var outLeft = target.count
                let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard status != -1, inLeft == 0 else { return nil }
                return target.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output.prefix(produced).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
