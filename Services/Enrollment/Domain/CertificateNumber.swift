/// EN-7: the shape of a certificate number, checked before the certificates service can look it
/// up. CE-1 lays numbers out as year (2 digits) + region (4 digits, the issuing city's GB/T 2260
/// code) + post/trade code (3–8 letters or digits) + sequence (4 digits), and this system adds a
/// check character; numbers the certificates service does not know (issued before it) are
/// checked for that shape and for a region in `province`.
public enum CertificateNumber {
    public static func isWellFormed(_ text: String, province: String) -> Bool {
        let characters = Array(text.utf8)
        guard (13...18).contains(characters.count) else { return false }
        let digit = { (c: UInt8) in c >= 0x30 && c <= 0x39 }
        let upperOrDigit = { (c: UInt8) in digit(c) || (c >= 0x41 && c <= 0x5A) }
        // This system's numbers end in a check character after the sequence (docs/CERTIFICATES.md).
        let checked = characters.count == 15 && upperOrDigit(characters[14]) ? Array(characters.dropLast()) : characters
        guard characters.prefix(6).allSatisfy(digit), checked.suffix(4).allSatisfy(digit) || characters.suffix(4).allSatisfy(digit),
              characters.dropFirst(6).dropLast(4).allSatisfy(upperOrDigit), characters.suffix(4).allSatisfy(upperOrDigit)
        else { return false }
        return text.dropFirst(2).hasPrefix(province)
    }
}
