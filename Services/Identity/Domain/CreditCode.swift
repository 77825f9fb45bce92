/// A unified social credit code (统一社会信用代码, GB 32100-2015) of an enterprise (ID-10).
public struct CreditCode: Hashable, Sendable {
    public let value: String
    /// False when the check character is wrong: early pilot codes fail it, so such a code is
    /// accepted but flagged for the authority's manual review rather than refused.
    public let checksumValid: Bool

    public enum Problem: Error, Hashable, Sendable {
        case wrongLength
        case badCharacters
    }

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// - Throws: `Problem` for a code that is not 18 characters of the GB 32100 alphabet.
    public init(_ text: String) throws(Problem) {
        let characters = Array(text.uppercased())
        guard characters.count == 18 else { throw .wrongLength }
        var values: [Int] = []
        for character in characters {
            guard let index = Self.alphabet.firstIndex(of: character) else { throw .badCharacters }
            values.append(index)
        }
        value = String(characters)
        checksumValid = Self.checkValue(values[0..<17]) == values[17]
    }

    /// Weights 3^(i−1) mod 31; check = 31 − (sum mod 31), where 31 becomes 0.
    static func checkValue(_ first17: ArraySlice<Int>) -> Int {
        var weight = 1
        var sum = 0
        for value in first17 {
            sum += value * weight
            weight = weight * 3 % 31
        }
        let check = 31 - sum % 31
        return check == 31 ? 0 : check
    }
}
