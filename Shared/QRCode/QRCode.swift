import CQREncode

/// A QR code's modules (libqrencode, DESIGN.md), for B-2's venue code and the certificates'
/// verification codes (B-1), drawn as SVG by the gateway and into the PDF e-certificate (CE-6).
public struct QRCode: Sendable {
    /// Error correction: L for certificates (their payload fits version 10 there), M otherwise.
    public enum Level: Sendable { case low, medium }

    /// Modules per side (without the quiet zone).
    public let width: Int
    /// Row by row, true for a dark module.
    public let modules: [Bool]
    /// Light modules around the code, as the standard asks.
    public static let quietZone = 4

    /// Encodes `text`, or nil when libqrencode refuses it (too long).
    public init?(_ text: String, level: Level = .medium) {
        guard let code = QRcode_encodeString(text, 0, level == .low ? QR_ECLEVEL_L : QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        width = Int(code.pointee.width)
        modules = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * width + x] }

    /// One path of unit squares with the quiet zone; pages show it as an image, so no markup of
    /// ours is ever parsed as HTML.
    public var svg: String {
        let quiet = Self.quietZone, size = width + 2 * quiet
        var path = ""
        path.reserveCapacity(width * width * 4)
        for y in 0..<width {
            for x in 0..<width where isDark(x: x, y: y) { path += "M\(x + quiet) \(y + quiet)h1v1h-1z" }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" shape-rendering="crispEdges">\
            <rect width="\(size)" height="\(size)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
