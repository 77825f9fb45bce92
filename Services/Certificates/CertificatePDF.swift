import CHaru
import CertificatesDomain
import Foundation
import QRCode

/// CE-6: the PDF e-certificate, drawn by libharu (DESIGN.md) from the issuer's print layout: the
/// texts as the glyph outlines of a CJK TrueType font from Debian (fonts-wqy-microhei by default,
/// read by FreeType: `GlyphOutlines`) and the QR code as filled squares.
public struct CertificatePDF: Sendable {
    /// The TrueType font file (a .ttc's first face), CERTIFICATE_FONT.
    public let fontPath: String

    public static let defaultFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

    public init(fontPath: String = Self.defaultFont) {
        self.fontPath = fontPath
    }

    /// The PDF's bytes.
    /// - Throws: `CertificatePDFError` when libharu fails (a missing or unreadable font, above all).
    public func render(_ certificate: PrintedCertificate, layout: PrintLayout) throws -> [UInt8] {
        let errors = ErrorBox()
        guard let pdf = HPDF_New({ code, detail, user in
            Unmanaged<ErrorBox>.fromOpaque(user!).takeUnretainedValue().record(code, detail)
        }, Unmanaged.passUnretained(errors).toOpaque()) else { throw CertificatePDFError(reason: "HPDF_New failed") }
        defer { HPDF_Free(pdf) }
        HPDF_SetCompressionMode(pdf, UInt32(HPDF_COMP_ALL))
        let glyphs = try GlyphOutlines(fontPath: fontPath)
        guard let page = HPDF_AddPage(pdf) else { throw CertificatePDFError(reason: "HPDF_AddPage failed") }
        let points = { (mm: Double) -> Float in Float(mm * 72 / 25.4) }
        let height = points(layout.pageHeightMM)
        HPDF_Page_SetWidth(page, points(layout.pageWidthMM))
        HPDF_Page_SetHeight(page, height)
        for element in layout.elements {
            if element.field == .qr {
                guard let code = QRCode(certificate.qrText, level: .low) else { continue }
                let side = points(element.size), cells = Float(code.width + 2 * QRCode.quietZone), cell = side / cells
                let left = points(element.xMM), top = height - points(element.yMM)
                HPDF_Page_SetRGBFill(page, 0, 0, 0)
                for y in 0..<code.width {
                    for x in 0..<code.width where code.isDark(x: x, y: y) {
                        let cx = left + Float(x + QRCode.quietZone) * cell, cy = top - Float(y + QRCode.quietZone + 1) * cell
                        HPDF_Page_Rectangle(page, cx, cy, cell + 0.01, cell + 0.01)
                    }
                }
                HPDF_Page_Fill(page)
                continue
            }
            let value = element.field == .title ? layout.title : certificate.values[element.field] ?? ""
            let size = Float(element.size)
            HPDF_Page_SetRGBFill(page, 0.1, 0.1, 0.1)
            // The element's y is its top; a line's baseline sits about 0.85 em below it.
            glyphs.draw(element.caption + value, x: points(element.xMM), y: height - points(element.yMM) - size * 0.85, size: size, on: page)
        }
        guard HPDF_SaveToStream(pdf) == HPDF_OK, errors.first == nil else {
            throw CertificatePDFError(reason: errors.first ?? "HPDF_SaveToStream failed")
        }
        var size = HPDF_GetStreamSize(pdf)
        var bytes = [UInt8](repeating: 0, count: Int(size))
        guard bytes.withUnsafeMutableBufferPointer({ HPDF_ReadFromStream(pdf, $0.baseAddress, &size) }) == HPDF_OK
                || Int(size) == bytes.count else {
            throw CertificatePDFError(reason: "HPDF_ReadFromStream failed")
        }
        return Array(bytes.prefix(Int(size)))
    }
}

/// libharu's first error of one document (its handler is called with the codes).
private final class ErrorBox: @unchecked Sendable {
    private(set) var first: String?
    func record(_ code: HPDF_STATUS, _ detail: HPDF_STATUS) {
        if first == nil { first = "libharu error 0x\(String(code, radix: 16)) (\(detail))" }
    }
}

public struct CertificatePDFError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
