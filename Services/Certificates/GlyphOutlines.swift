import CFreeType
import CHaru

/// Text drawn as filled glyph outlines read by FreeType from a TrueType font (a .ttc's first
/// face), for the PDF e-certificate (CE-6). libharu 2.3, Debian's, subsets embedded TrueType fonts
/// without the parts of composite glyphs, so many CJK characters came out blank; outlines drawn as
/// paths look exactly like the font, whatever the viewer, and cost a few KB a certificate. The
/// price: the text is not selectable in the PDF (the QR code and the lookup carry it).
///
/// One instance per document: FreeType faces are not shared between threads.
final class GlyphOutlines {
    private var library: FT_Library?
    private var face: FT_Face?
    private let unitsPerEM: Float

    /// - Throws: `CertificatePDFError` when FreeType cannot open the font.
    init(fontPath: String) throws {
        guard FT_Init_FreeType(&library) == 0 else { throw CertificatePDFError(reason: "FreeType 初始化失败") }
        guard FT_New_Face(library, fontPath, 0, &face) == 0, let face, face.pointee.units_per_EM > 0 else {
            FT_Done_FreeType(library)
            throw CertificatePDFError(reason: "字体 \(fontPath) 无法载入")
        }
        unitsPerEM = Float(face.pointee.units_per_EM)
    }

    deinit {
        if let face { FT_Done_Face(face) }
        FT_Done_FreeType(library)
    }

    /// Fills `text` on `page` with its baseline starting at (x, y) points, `size` points high.
    /// Characters the font lacks advance by half an em and draw nothing.
    func draw(_ text: String, x: Float, y: Float, size: Float, on page: HPDF_Page) {
        guard let face else { return }
        let scale = size / unitsPerEM
        var pen = Pen(page: page, scale: scale, originX: x, originY: y)
        for scalar in text.unicodeScalars {
            let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
            guard index != 0, FT_Load_Glyph(face, index, Int32(shim_FT_LOAD_NO_SCALE)) == 0, let glyph = face.pointee.glyph else {
                pen.originX += size / 2
                continue
            }
            if glyph.pointee.format == FT_GLYPH_FORMAT_OUTLINE, glyph.pointee.outline.n_points > 0 {
                withUnsafeMutablePointer(to: &pen) { pointer in
                    var funcs = FT_Outline_Funcs(move_to: Pen.moveTo, line_to: Pen.lineTo, conic_to: Pen.conicTo, cubic_to: Pen.cubicTo,
                                                 shift: 0, delta: 0)
                    _ = FT_Outline_Decompose(&glyph.pointee.outline, &funcs, pointer)
                }
                HPDF_Page_Fill(page)
            }
            pen.originX += Float(glyph.pointee.advance.x) * scale
        }
    }
}

/// Where FreeType's outline callbacks draw: font units to page points, quadratic curves made cubic.
private struct Pen {
    let page: HPDF_Page
    let scale: Float
    var originX: Float
    let originY: Float
    var last = (x: Float(0), y: Float(0))

    init(page: HPDF_Page, scale: Float, originX: Float, originY: Float) {
        self.page = page
        self.scale = scale
        self.originX = originX
        self.originY = originY
    }

    func point(_ vector: UnsafePointer<FT_Vector>) -> (x: Float, y: Float) {
        (originX + Float(vector.pointee.x) * scale, originY + Float(vector.pointee.y) * scale)
    }

    static func pen(_ user: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Pen> { user!.assumingMemoryBound(to: Pen.self) }

    static let moveTo: FT_Outline_MoveToFunc = { to, user in
        let pen = Pen.pen(user)
        let p = pen.pointee.point(to!)
        HPDF_Page_MoveTo(pen.pointee.page, p.x, p.y)
        pen.pointee.last = p
        return 0
    }

    static let lineTo: FT_Outline_LineToFunc = { to, user in
        let pen = Pen.pen(user)
        let p = pen.pointee.point(to!)
        HPDF_Page_LineTo(pen.pointee.page, p.x, p.y)
        pen.pointee.last = p
        return 0
    }

    static let conicTo: FT_Outline_ConicToFunc = { control, to, user in
        let pen = Pen.pen(user)
        let (p0, q, p2) = (pen.pointee.last, pen.pointee.point(control!), pen.pointee.point(to!))
        HPDF_Page_CurveTo(pen.pointee.page, p0.x + 2 / 3 * (q.x - p0.x), p0.y + 2 / 3 * (q.y - p0.y),
                          p2.x + 2 / 3 * (q.x - p2.x), p2.y + 2 / 3 * (q.y - p2.y), p2.x, p2.y)
        pen.pointee.last = p2
        return 0
    }

    static let cubicTo: FT_Outline_CubicToFunc = { control1, control2, to, user in
        let pen = Pen.pen(user)
        let (c1, c2, p) = (pen.pointee.point(control1!), pen.pointee.point(control2!), pen.pointee.point(to!))
        HPDF_Page_CurveTo(pen.pointee.page, c1.x, c1.y, c2.x, c2.y, p.x, p.y)
        pen.pointee.last = p
        return 0
    }
}
