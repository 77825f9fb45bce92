extension String {
    /// Without leading and trailing spaces, tabs, newlines and ideographic spaces (U+3000, common
    /// in Chinese input): the same trimming as ServiceHost's, which the domain cannot import.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

/// Pieces of the Chinese sentences a student is sent.
public enum NoticeText {
    /// `text` without the full stops, semicolons and commas it ends with, so a reviewer's
    /// comment that ends in "。" is not followed by a second one.
    public static func clause(_ text: String) -> String {
        var clause = Substring(text)
        while let last = clause.last, "。；;，,.！!　 ".contains(last) { clause.removeLast() }
        return String(clause)
    }
}
