import Storage

/// SQL for the post catalogue (职业目录, `posts`), the codes post scopes name (ID-5).
enum PostStore {
    /// Every catalogue post's code, sorted (what a `*` scope stands for).
    static func allCodes(_ transaction: Transaction) throws -> [String] {
        try transaction.execute("SELECT code FROM posts ORDER BY code", []).map { try $0.decode("code") }
    }

    /// Those of `codes` that are catalogue posts.
    static func existing(_ codes: [String], _ transaction: Transaction) throws -> Set<String> {
        Set(try transaction.execute("SELECT code FROM posts WHERE code = ANY($1::text[])", [.textArray(codes)])
            .map { try $0.decode("code", as: String.self) })
    }
}
