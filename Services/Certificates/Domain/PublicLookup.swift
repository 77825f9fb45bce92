import CommonRules

/// CE-7: what a public lookup asks — a certificate number, or an ID number with the holder's name.
public enum LookupQuery: Sendable, Equatable {
    case number(String)
    case person(idNumber: String, name: String)

    /// Reads a request's fields: a number alone, or an ID number and a name.
    /// - Throws: `CertificatesError.invalid` when neither is given whole, or a field is too long.
    public init(number: String, idNumber: String, name: String) throws {
        let number = number.trimmingSpaces.uppercased(), idNumber = idNumber.trimmingSpaces.uppercased()
        let name = name.trimmingSpaces
        if !number.isEmpty {
            guard number.count <= 32 else { throw CertificatesError.invalid(field: "number", message: "证书编号过长") }
            self = .number(number)
        } else if !idNumber.isEmpty || !name.isEmpty {
            guard !idNumber.isEmpty else { throw CertificatesError.invalid(field: "idNumber", message: "请输入身份证号码") }
            guard !name.isEmpty else { throw CertificatesError.invalid(field: "name", message: "请输入姓名") }
            guard idNumber.count <= 18 else { throw CertificatesError.invalid(field: "idNumber", message: "身份证号码应为18位") }
            guard name.count <= 30 else { throw CertificatesError.invalid(field: "name", message: "姓名不能超过30个字") }
            self = .person(idNumber: idNumber, name: name)
        } else {
            throw CertificatesError.invalid(field: "number", message: "请输入证书编号，或身份证号码和姓名")
        }
    }

    /// `number` or `person`, as the log records the kind.
    public var kind: String {
        if case .number = self { "number" } else { "person" }
    }

    /// What the log keeps of the question: the number whole (it is printed on the certificate),
    /// the ID number and name masked (PIPL: the log must not become a second register).
    public var logged: String {
        switch self {
        case .number(let number): number
        case .person(let idNumber, let name): Masking.idNumber(idNumber) + " " + Masking.name(name)
        }
    }
}

/// B-4: when a lookup must first answer a challenge, and when an ID number has been asked too often.
public struct LookupLimits: Sendable, Equatable {
    /// Misses (not found) from one address within `window` after which each lookup needs a challenge.
    public var challengeAfterMisses = 5
    /// Lookups of one ID number within `window` after which it is refused.
    public var perIDNumber = 10
    /// Seconds both counts look back.
    public var window = 3600

    public init(challengeAfterMisses: Int = 5, perIDNumber: Int = 10, window: Int = 3600) {
        self.challengeAfterMisses = challengeAfterMisses
        self.perIDNumber = perIDNumber
        self.window = window
    }
}

/// B-4's challenge, built here (no outside CAPTCHA): the sum of two numbers drawn as jittered
/// strokes (no text in the image to copy), answered once within its lifetime. It stops a script
/// that replays requests, not a determined solver: the per-IP and per-ID limits carry the rest.
public struct LookupChallengeImage: Sendable, Equatable {
    public let question: (Int, Int)
    public let answer: String
    public let svg: String

    public static func == (a: Self, b: Self) -> Bool { a.answer == b.answer && a.svg == b.svg }

    /// Draws a challenge from `random` (at least 64 bytes; OpenSSL's in the service).
    public init(random: [UInt8]) {
        precondition(random.count >= 64, "a challenge needs 64 random bytes")
        var bytes = random.makeIterator()
        func next() -> Int { Int(bytes.next() ?? 0) }
        let first = 10 + next() % 40, second = 1 + next() % 9
        question = (first, second)
        answer = String(first + second)
        let glyphs = Array(String(first)).map(String.init) + ["+"] + Array(String(second)).map(String.init) + ["=", "?"]
        var paths: [String] = []
        for (index, glyph) in glyphs.enumerated() {
            let originX = 12 + Double(index) * 26, originY = 10 + Double(next() % 8)
            let angle = Double(next() % 25) - 12
            var strokes: [String] = []
            for stroke in Self.strokes[glyph] ?? [] {
                let points = stroke.map { point in
                    let x = originX + point.0 * 1.6 + Double(next() % 5) / 2 - 1
                    let y = originY + point.1 * 1.6 + Double(next() % 5) / 2 - 1
                    return "\(Self.round(x)),\(Self.round(y))"
                }
                strokes.append("M" + points.joined(separator: "L"))
            }
            let centreX = Self.round(originX + 8), centreY = Self.round(originY + 13)
            paths.append("<path transform=\"rotate(\(Int(angle)) \(centreX) \(centreY))\" d=\"\(strokes.joined())\"/>")
        }
        var noise: [String] = []
        for _ in 0..<4 {
            let (x1, y1, x2, y2, cx, cy) = (next() % 40, next() % 48, 180 + next() % 40, next() % 48, 60 + next() % 100, next() % 48)
            noise.append("<path d=\"M\(x1),\(y1)Q\(cx),\(cy) \(x2),\(y2)\"/>")
        }
        svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(24 + glyphs.count * 26) 52\" width=\"\(24 + glyphs.count * 26)\" height=\"52\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#f4f6f8\"/>"
            + "<g fill=\"none\" stroke=\"#1f3b57\" stroke-width=\"2.4\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
            + paths.joined() + "</g>"
            + "<g fill=\"none\" stroke=\"#8aa1b6\" stroke-width=\"1.2\">" + noise.joined() + "</g></svg>"
    }

    private static func round(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Strokes of each glyph on a 10 × 16 grid (seven-segment shapes with a few diagonals).
    static let strokes: [String: [[(Double, Double)]]] = [
        "0": [[(0, 0), (10, 0), (10, 16), (0, 16), (0, 0)]],
        "1": [[(3, 3), (6, 0), (6, 16)]],
        "2": [[(0, 0), (10, 0), (10, 8), (0, 8), (0, 16), (10, 16)]],
        "3": [[(0, 0), (10, 0), (10, 16), (0, 16)], [(2, 8), (10, 8)]],
        "4": [[(0, 0), (0, 8), (10, 8)], [(8, 0), (8, 16)]],
        "5": [[(10, 0), (0, 0), (0, 8), (10, 8), (10, 16), (0, 16)]],
        "6": [[(10, 0), (0, 0), (0, 16), (10, 16), (10, 8), (0, 8)]],
        "7": [[(0, 0), (10, 0), (4, 16)]],
        "8": [[(0, 0), (10, 0), (10, 16), (0, 16), (0, 0)], [(0, 8), (10, 8)]],
        "9": [[(10, 8), (0, 8), (0, 0), (10, 0), (10, 16), (0, 16)]],
        "+": [[(5, 3), (5, 13)], [(0, 8), (10, 8)]],
        "=": [[(0, 5), (10, 5)], [(0, 11), (10, 11)]],
        "?": [[(0, 3), (2, 0), (10, 0), (10, 7), (5, 9), (5, 12)], [(5, 15), (5, 16)]],
    ]
}
