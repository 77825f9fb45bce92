

/// A resident identity card number (居民身份证号码, GB 11643-1999), validated (ID-4).
/// Always the 18-character form; a 15-character legacy number is converted on parsing.
public struct IDNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, the check character upper-case.
    public let value: String

    /// Why a string is not a valid ID number, in the order checks are made.
    public enum Problem: Error, Hashable, Sendable {
        case wrongLength
        case badCharacters
        case unknownRegion
        case badBirthDate
        case wrongCheckCharacter
    }

    /// Parses and validates: length, characters, region (province code), birth date (a real
    /// date, 1900 or later, not after `today`), and the check character.
    /// - Parameter today: (year, month, day) in Asia/Shanghai, for the birth-date check.
    /// - Throws: `Problem`.
    public init(_ text: String, today: (year: Int, month: Int, day: Int)) throws(Problem) {
        var characters = Array(text.uppercased().utf8)
        if characters.count == 15 {
            guard characters.allSatisfy(Self.isDigit) else { throw .badCharacters }
            characters = Array(characters[0..<6]) + Array("19".utf8) + Array(characters[6...])
            characters.append(UInt8(ascii: Self.checkCharacter(characters.map { $0 - 48 })))
        }
        guard characters.count == 18 else { throw .wrongLength }
        guard characters[0..<17].allSatisfy(Self.isDigit),
              Self.isDigit(characters[17]) || characters[17] == UInt8(ascii: "X") else { throw .badCharacters }
        let digits = characters[0..<17].map { Int($0 - 48) }
        guard Self.provinceCodes.contains(digits[0] * 10 + digits[1]) else { throw .unknownRegion }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard year >= 1900, (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (year, month, day) <= today else { throw .badBirthDate }
        guard UInt8(ascii: Self.checkCharacter(digits.map(UInt8.init))) == characters[17] else {
            throw .wrongCheckCharacter
        }
        value = String(decoding: characters, as: UTF8.self)
    }

    /// The GB 11643 check character for the first 17 digits.
    public static func checkCharacter(_ first17: some Collection<UInt8>) -> Unicode.Scalar {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(first17, weights).reduce(0) { $0 + Int($1.0) * $1.1 }
        return Array("10X98765432".unicodeScalars)[sum % 11]
    }

    /// For lists and logs: first 4 and last 4 characters, the rest `*`.
    public var masked: String { Masking.idNumber(value) }

    public var description: String { masked }

    /// Province-level codes of GB/T 2260 (plus 71 Taiwan, 81/82 Hong Kong/Macao, 83 residence permits).
    static let provinceCodes: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ]

    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    static func daysIn(month: Int, year: Int) -> Int { ShanghaiCalendar.daysIn(month: month, year: year) }
}
