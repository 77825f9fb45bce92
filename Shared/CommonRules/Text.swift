extension String {
    /// Without leading and trailing spaces, tabs, newlines and ideographic spaces (U+3000, common
    /// in Chinese input): the one trimming of user input, for handlers and domain rules alike.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

extension Character {
    /// 0–9 only (not the full-width or other scripts' digits `isNumber` also accepts).
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
