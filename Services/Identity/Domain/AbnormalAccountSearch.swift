/// ID-9: the search for a student's abnormal accounts (异常账号) is by ID number.
public enum AbnormalAccountSearch {
    /// The stored form to look up (upper-case X) of a trimmed search text.
    /// - Throws: `IdentityError.idNumberRequired` when it is empty.
    public static func idNumberKey(_ text: String) throws(IdentityError) -> String {
        guard !text.isEmpty else { throw .idNumberRequired }
        return text.uppercased()
    }
}
