import CommonRules

/// CE-1: a certificate number (证书编号), 15 characters, allocated from a number segment:
///
///     YY  RRRR  CCC  L  SSSS  K
///     26  3400  011  9  0001  7
///
/// YY the year of issue (Asia/Shanghai), RRRR the issuing authority's division (GB/T 2260:
/// 3400 the province, 3401 合肥), CCC the catalog code of the post (011 施工员（土建）) or trade
/// (T03 焊工), L the skill level's code (0 普工 … 5 初级工; 9 for professional posts, which have
/// no level), SSSS the sequence in the segment (0001–9999), K the check character of ISO 7064
/// MOD 37,36 over the first 14 characters (0–9, A–Z; docs/CERTIFICATES.md says why this one).
public struct CertificateNumber: Hashable, Sendable, CustomStringConvertible {
    public let segment: SegmentKey
    public let sequence: Int

    public enum Problem: Error, Equatable, Sendable {
        case malformed
        /// The check character does not match: a mistyped number.
        case checkCharacter
    }

    public init(segment: SegmentKey, sequence: Int) {
        precondition(SegmentKey.sequences.contains(sequence), "a sequence is 1…9999")
        self.segment = segment
        self.sequence = sequence
    }

    /// A number's parts. - Throws: `Problem` for a wrong shape or a wrong check character.
    public init(parsing text: String) throws(Problem) {
        let characters = Array(text.uppercased())
        guard characters.count == 15, characters.allSatisfy({ Self.alphabet.contains($0) }) else { throw .malformed }
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        guard let year = Int(part(0..<2)), let sequence = Int(part(10..<14)), SegmentKey.sequences.contains(sequence),
              let segment = try? SegmentKey(year: 2000 + year, region: part(2..<6), code: part(6..<9), level: part(9..<10))
        else { throw .malformed }
        guard Self.checkCharacter(part(0..<14)) == characters[14] else { throw .checkCharacter }
        self.init(segment: segment, sequence: sequence)
    }

    /// The 14 characters before the check character.
    public var body: String {
        segment.prefix + String(repeating: "0", count: 4 - String(sequence).count) + String(sequence)
    }

    public var description: String { body + String(Self.checkCharacter(body)) }

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// ISO 7064 MOD 37,36 (the hybrid system over 0–9 and A–Z): catches every single wrong
    /// character and every swap of two neighbours, and its check character is itself one of the 36.
    public static func checkCharacter(_ text: String) -> Character {
        let m = 36
        var product = m
        for character in text.uppercased() {
            guard let value = alphabet.firstIndex(of: character) else { preconditionFailure("not 0–9 or A–Z") }
            var sum = (product + value) % m
            if sum == 0 { sum = m }
            product = (sum * 2) % (m + 1)
        }
        return alphabet[(m + 1 - product) % m]
    }
}

/// CE-1: what a number segment (证书号段) is kept for: one year of one issuing authority's
/// certificates of one post or trade at one level, sequences 0001–9999.
public struct SegmentKey: Hashable, Sendable {
    public let year: Int
    public let region: String
    public let code: String
    public let level: String

    /// The level of professional posts, which have none.
    public static let noLevel = "9"
    public static let sequences = 1...9_999

    public enum Problem: Error, Equatable, Sendable { case malformed }

    /// - Throws: `Problem.malformed` unless the year is 2000–2099, the region four digits, the
    ///   code three letters or digits and the level one digit.
    public init(year: Int, region: String, code: String, level: String) throws(Problem) {
        let code = code.uppercased()
        guard (2000...2099).contains(year), region.count == 4, region.allSatisfy(\.isASCIIDigit),
              code.count == 3, code.allSatisfy({ $0.isASCIIDigit || ("A"..."Z").contains($0) }),
              level.count == 1, level.allSatisfy(\.isASCIIDigit) else { throw .malformed }
        self.year = year
        self.region = region
        self.code = code
        self.level = level
    }

    /// The segment of a certificate issued at `unix`: its year is the calendar year in
    /// Asia/Shanghai, so a new year's segments start at 00:00 on 1 January there (16:00 UTC on
    /// 31 December).
    public static func at(unix: Int64, region: String, code: String, level: String) throws(Problem) -> SegmentKey {
        try SegmentKey(year: ShanghaiCalendar.date(atUnix: unix).year, region: region, code: code, level: level)
    }

    /// The first ten characters of every number in the segment.
    public var prefix: String {
        let yy = year % 100
        return (yy < 10 ? "0" : "") + String(yy) + region + code + level
    }

    /// The sequences given to `count` new certificates after `current`. - Throws:
    /// `SegmentExhausted` when they do not fit: an exhausted segment is an error, never a wrap.
    public static func next(_ count: Int, after current: Int) throws(SegmentExhausted) -> ClosedRange<Int> {
        precondition(count > 0 && current >= 0)
        guard current + count <= sequences.upperBound else {
            throw SegmentExhausted(remaining: max(0, sequences.upperBound - current), wanted: count)
        }
        return (current + 1)...(current + count)
    }
}

/// A segment has fewer numbers left than a generation needs.
public struct SegmentExhausted: Error, Equatable, Sendable {
    public let remaining: Int
    public let wanted: Int

    public init(remaining: Int, wanted: Int) {
        self.remaining = remaining
        self.wanted = wanted
    }
}
