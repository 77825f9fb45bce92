import CommonRules

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
