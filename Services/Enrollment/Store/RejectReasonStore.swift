import Proto
import Storage

/// SQL for the reasons an institution picks when it rejects an enrollment (EN-4, `reject_reasons`).
enum RejectReasonStore {
    /// Every reason, in the list's order.
    static func all(_ tx: Transaction) throws -> [Enrollment_V1_RejectReason] {
        try tx.execute("SELECT code, text FROM reject_reasons ORDER BY position", []).map { row in
            var reason = Enrollment_V1_RejectReason()
            reason.code = try row.decode("code")
            reason.text = try row.decode("text")
            return reason
        }
    }

    /// The text of each of `codes` that exists, by code (unknown codes are absent).
    static func texts(of codes: [String], _ tx: Transaction) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try tx.execute(
            "SELECT code, text FROM reject_reasons WHERE code = ANY($1::text[])", [.textArray(codes)])
            .map { (try $0.decode("code", as: String.self), try $0.decode("text", as: String.self)) })
    }
}
