/// how ID numbers and phone numbers appear wherever their owner is not the one looking —
/// lists, exports, logs. Stored values stay whole; masking happens when they are shown.
public enum Masking {
    /// First 4 and last 4 characters, the rest `*`: 3401**********1236.
    public static func idNumber(_ number: String) -> String {
        guard number.count > 8 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(4)) + String(repeating: "*", count: number.count - 8) + String(number.suffix(4))
    }

    /// First 3 and last 4 digits, the rest `*`: 138****5678.
    public static func phone(_ phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }

    /// A person's name with all but its first and last character `*` (张*伟, 欧阳**锋); a
    /// two-character name keeps its first (张*); one character stays as it is.
    public static func name(_ name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0, 1: return name
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }
}
