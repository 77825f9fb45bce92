import CommonRules

/// CE-6: where each part of a certificate goes on the issuer's paper, in millimetres from the
/// page's top-left corner, and how big it is (text in points, the QR code in millimetres). One
/// layout per issuing authority; the default is an A4 landscape page. The printed page (HTML) and
/// the PDF e-certificate are drawn from the same layout.
public struct PrintLayout: Codable, Sendable, Equatable {
    /// One placed part.
    public struct Element: Codable, Sendable, Equatable {
        public var field: Field
        public var xMM: Double
        public var yMM: Double
        /// Points for text, millimetres (the side) for the QR code.
        public var size: Double
        /// Printed before the value ("证书编号："), may be empty.
        public var caption: String

        public init(_ field: Field, x: Double, y: Double, size: Double, caption: String = "") {
            self.field = field
            self.xMM = x
            self.yMM = y
            self.size = size
            self.caption = caption
        }
    }

    /// What can be placed.
    public enum Field: String, Codable, Sendable, CaseIterable {
        case title, number, holderName, idNumber, postName, level, issuerName, issuedOn, validUntil, qr
    }

    public var pageWidthMM: Double
    public var pageHeightMM: Double
    /// The certificate's heading (the `title` element prints it).
    public var title: String
    public var elements: [Element]

    public init(pageWidthMM: Double, pageHeightMM: Double, title: String, elements: [Element]) {
        self.pageWidthMM = pageWidthMM
        self.pageHeightMM = pageHeightMM
        self.title = title
        self.elements = elements
    }

    /// A4 landscape, heading centred at the top, facts in a column on the left, QR on the right.
    public static let standard = PrintLayout(pageWidthMM: 297, pageHeightMM: 210, title: "住房和城乡建设领域施工现场专业人员职业培训合格证", elements: [
        Element(.title, x: 38, y: 24, size: 22),
        Element(.holderName, x: 40, y: 60, size: 14, caption: "姓　　名："),
        Element(.idNumber, x: 40, y: 74, size: 14, caption: "身份证号："),
        Element(.postName, x: 40, y: 88, size: 14, caption: "岗位/工种："),
        Element(.level, x: 40, y: 102, size: 14, caption: "等　　级："),
        Element(.number, x: 40, y: 116, size: 14, caption: "证书编号："),
        Element(.issuedOn, x: 40, y: 130, size: 14, caption: "发证日期："),
        Element(.validUntil, x: 40, y: 144, size: 14, caption: "有效期至："),
        Element(.issuerName, x: 40, y: 170, size: 14, caption: "发证机关："),
        Element(.qr, x: 210, y: 60, size: 45),
    ])

    /// What is wrong with this layout, if anything: a page between 50 and 500 mm a side, a title
    /// of 1–40 characters, the number and the holder's name placed, each field at most once and inside the page, text 6–48 pt, a QR code
    /// of 15–120 mm (smaller does not scan from paper), captions of at most 12 characters.
    public var problem: (field: String, message: String)? {
        guard (50...500).contains(pageWidthMM), (50...500).contains(pageHeightMM) else {
            return ("pageWidthMm", "纸张宽度和高度应在 50–500 毫米之间")
        }
        let title = title.trimmingSpaces
        guard (1...40).contains(title.count) else { return ("title", "证书名称应为1–40个字") }
        guard elements.contains(where: { $0.field == .number }), elements.contains(where: { $0.field == .holderName }) else {
            return ("elements", "版式中至少要有证书编号和姓名")
        }
        var seen = Set<Field>()
        for element in elements {
            guard seen.insert(element.field).inserted else { return ("elements", "“\(element.field.label)”只能放置一次") }
            let isQR = element.field == .qr
            guard isQR ? (15...120).contains(element.size) : (6...48).contains(element.size) else {
                return ("elements", isQR ? "二维码边长应在 15–120 毫米之间" : "“\(element.field.label)”的字号应在 6–48 磅之间")
            }
            let height = isQR ? element.size : element.size * 25.4 / 72
            guard element.xMM >= 0, element.yMM >= 0, element.xMM < pageWidthMM, element.yMM + height <= pageHeightMM else {
                return ("elements", "“\(element.field.label)”超出了纸张范围")
            }
            guard element.caption.count <= 12 else { return ("elements", "“\(element.field.label)”的前缀文字不能超过12个字") }
        }
        return nil
    }
}

extension PrintLayout.Field {
    /// The field's name on screen.
    public var label: String {
        switch self {
        case .title: "证书名称"
        case .number: "证书编号"
        case .holderName: "姓名"
        case .idNumber: "身份证号码"
        case .postName: "岗位/工种"
        case .level: "等级"
        case .issuerName: "发证机关"
        case .issuedOn: "发证日期"
        case .validUntil: "有效期至"
        case .qr: "二维码"
        }
    }
}

/// A certificate's values for the layout's fields.
public struct PrintedCertificate: Sendable, Equatable {
    public var values: [PrintLayout.Field: String]
    /// The QR code's text (B-1).
    public var qrText: String

    public init(values: [PrintLayout.Field: String], qrText: String) {
        self.values = values
        self.qrText = qrText
    }
}

/// The level code as printed (SPEC §0); professional posts (9) have none.
public func skillLevelName(_ code: String) -> String {
    ["0": "普工", "1": "高级技师", "2": "技师", "3": "高级工", "4": "中级工", "5": "初级工"][code] ?? "—"
}
