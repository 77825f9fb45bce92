extension String {
    /// Without leading and trailing spaces, tabs, newlines and ideographic spaces (U+3000, common
    /// in Chinese input): the same trimming as ServiceHost's, which the domain cannot import.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
