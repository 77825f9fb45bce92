/// ID-3: at least 8 characters, with both letters and digits.
public enum PasswordPolicy {
    public enum Problem: Error, Hashable, Sendable {
        case tooShort(minimum: Int)
        case needsLettersAndDigits
    }

    public static let minimumLength = 8

    /// - Throws: the first rule the password breaks.
    public static func check(_ password: String) throws(Problem) {
        guard password.count >= minimumLength else { throw .tooShort(minimum: minimumLength) }
        let hasLetter = password.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let hasDigit = password.unicodeScalars.contains { ("0"..."9").contains($0) }
        guard hasLetter, hasDigit else { throw .needsLettersAndDigits }
    }
}
