import CommonRules

/// A mainland mobile number (11 digits starting with 1), the SMS target (ID-2).
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Accepts 11 digits starting with 1, optionally prefixed by +86 or 86.
    public init?(_ text: String) {
        var digits = text.filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        guard digits.count == 11, digits.first == "1", digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        value = digits
    }

    /// For lists and logs: 138****5678.
    public var masked: String { Masking.phone(value) }

    public var description: String { masked }
}

/// ID-4: a person's name as the real-name rules accept it: 2–30 characters of Chinese script,
/// letters, inner spaces or the middle dot used in transliterated names.
public enum PersonName {
    public static func isValid(_ name: String) -> Bool {
        guard (2...30).contains(name.count), name.first != " ", name.last != " " else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
                || scalar == "·" || scalar == " " || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
    }
}
