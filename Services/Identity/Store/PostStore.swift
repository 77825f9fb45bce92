import Storage

/// SQL for the post catalogue (职业目录): the professional posts and skill trades in force today
/// and not withdrawn (`catalog_in_force`, migration 0107), the codes post scopes name (ID-5).
enum PostStore {
    /// Every offered post's and trade's code, sorted (what a `*` scope stands for).
    static func allCodes(_ transaction: Transaction) throws -> [String] {
        try transaction.execute("""
            SELECT code FROM catalog_in_force WHERE kind IN ('post', 'trade') AND NOT withdrawn ORDER BY code
            """, []).map { try $0.decode("code") }
    }

    /// Those of `codes` that are offered posts or trades.
    static func existing(_ codes: [String], _ transaction: Transaction) throws -> Set<String> {
        Set(try transaction.execute("""
            SELECT code FROM catalog_in_force WHERE kind IN ('post', 'trade') AND NOT withdrawn AND code = ANY($1::text[])
            """, [.textArray(codes)]).map { try $0.decode("code", as: String.self) })
    }
}
