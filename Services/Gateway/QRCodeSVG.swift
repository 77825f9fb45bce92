import CQREncode

/// QR codes as SVG (libqrencode, DESIGN.md): B-2's venue code on the projector page, later the
/// certificates' verification codes. One path of unit squares with a 4-module quiet zone; the
/// page shows it as an image, so no markup of ours is ever parsed as HTML.
enum QRCodeSVG {
    /// The SVG of `text` at error-correction `level` (M unless said), or nil when libqrencode
    /// refuses it (too long). Certificates use L: their payload fits version 10 there (B-1).
    static func svg(_ text: String, level: QRecLevel = QR_ECLEVEL_M) -> String? {
        guard let code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width), quiet = 4, size = width + 2 * quiet
        var path = ""
        path.reserveCapacity(width * width * 4)
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 {
                path += "M\(x + quiet) \(y + quiet)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
            <rect width="\(size)" height="\(size)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
