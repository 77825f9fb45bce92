/// ID-5: the code of a training organisation, unique in the province:
///
///     <city division code, 4 digits (GB/T 2260)><kind letter><sequence, 3 digits>
///     3401T007  — the 7th training institution created in 合肥 (3401)
///
/// Kinds: `T` training institution (培训机构), `Z` province-direct unit (省直所, city part is the
/// province code + "00"), `J` continuing-education base (继续教育基地). The sequence is allocated
/// per city and kind by the store; the code never changes once given.
public struct InstitutionCode: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Character, Sendable, CaseIterable {
        case trainingInstitution = "T"
        case provinceDirect = "Z"
        case continuingEducationBase = "J"
    }

    public enum Problem: Error, Hashable, Sendable {
        case badCityCode
        case sequenceOutOfRange
        case malformed
    }

    public let cityCode: String
    public let kind: Kind
    public let sequence: Int

    /// - Throws: `Problem` for a city code that is not 4 digits, or a sequence outside 1…999.
    public init(cityCode: String, kind: Kind, sequence: Int) throws(Problem) {
        guard cityCode.count == 4, cityCode.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .badCityCode }
        guard (1...999).contains(sequence) else { throw .sequenceOutOfRange }
        self.cityCode = cityCode
        self.kind = kind
        self.sequence = sequence
    }

    /// Parses a stored or typed code.
    public init(_ text: String) throws(Problem) {
        let characters = Array(text)
        guard characters.count == 8, let kind = Kind(rawValue: characters[4]),
              let sequence = Int(String(characters[5...])) else { throw .malformed }
        try self.init(cityCode: String(characters[0..<4]), kind: kind, sequence: sequence)
    }

    public var description: String {
        cityCode + String(kind.rawValue) + String(repeating: "0", count: 3 - String(sequence).count) + String(sequence)
    }
}
