import CZlib

/// The members of a ZIP file (PKWARE APPNOTE), read from its central directory: stored or
/// deflated entries, as every XLSX writer makes them. Just enough for `XLSXReader`.
struct ZIPArchive {
    private let bytes: [UInt8]
    private var entries: [String: Entry] = [:]

    private struct Entry {
        let method: UInt16
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    /// Reads the central directory. - Throws: `SpreadsheetError.notXLSX` when `bytes` is no ZIP.
    init(_ bytes: [UInt8]) throws(SpreadsheetError) {
        self.bytes = bytes
        // The end-of-central-directory record: the last 22 bytes, or earlier by a comment.
        guard bytes.count >= 22 else { throw .notXLSX }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) { end -= 1 }
        guard end >= lowest else { throw .notXLSX }
        let count = Int(u16(end + 10))
        var offset = Int(u32(end + 16))
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, u32(offset) == 0x0201_4B50 else { throw .notXLSX }
            let nameLength = Int(u16(offset + 28)), extraLength = Int(u16(offset + 30)), commentLength = Int(u16(offset + 32))
            guard offset + 46 + nameLength <= bytes.count else { throw .notXLSX }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(method: u16(offset + 10), compressedSize: Int(u32(offset + 20)), size: Int(u32(offset + 24)),
                                  localHeaderOffset: Int(u32(offset + 42)))
            offset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The names of the members.
    var names: [String] { Array(entries.keys) }

    /// A member's bytes, or nil when there is none of that name.
    /// - Throws: `SpreadsheetError.notXLSX` on a damaged member or an unknown compression.
    func member(_ name: String) throws(SpreadsheetError) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, u32(header) == 0x0403_4B50 else { throw .notXLSX }
        let start = header + 30 + Int(u16(header + 26)) + Int(u16(header + 28))
        guard start + entry.compressedSize <= bytes.count, entry.size <= 256 << 20 else { throw .notXLSX }
        let data = bytes[start..<(start + entry.compressedSize)]
        switch entry.method {
        case 0: return Array(data)
        case 8: return try Self.inflate(Array(data), size: entry.size)
        default: throw .notXLSX
        }
    }

    /// Raw deflate (RFC 1951) into a buffer of the size the directory gives.
    private static func inflate(_ input: [UInt8], size: Int) throws(SpreadsheetError) -> [UInt8] {
        var stream = z_stream()
        guard shim_inflateInit2(&stream, -15) == Z_OK else { throw .notXLSX }
        defer { inflateEnd(&stream) }
        var source = input
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let status = source.withUnsafeMutableBufferPointer { from in
            output.withUnsafeMutableBufferPointer { to in
                stream.next_in = from.baseAddress
                stream.avail_in = uInt(from.count)
                stream.next_out = to.baseAddress
                stream.avail_out = uInt(to.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { throw .notXLSX }
        return Array(output.prefix(size))
    }

    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
}
