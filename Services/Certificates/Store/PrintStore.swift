import CertificatesDomain
import Foundation
import Storage

/// CE-6: the issuers' print layouts and the certificates' print status.
enum PrintStore {
    /// The layout `issuerOrgID` set, with when, or nil for the standard one.
    static func layout(issuer issuerOrgID: Int64, _ tx: some SQLExecutor) throws -> (PrintLayout, Int64)? {
        guard let row = try tx.execute("""
            SELECT layout::text AS layout, extract(epoch FROM updated_at)::bigint AS at FROM print_layouts WHERE issuer_org_id = $1
            """, [.int(issuerOrgID)]).first else { return nil }
        let text: String = try row.decode("layout")
        guard let layout = try? JSONDecoder().decode(PrintLayout.self, from: Data(text.utf8)) else { return nil }
        return (layout, try row.decode("at"))
    }

    static func setLayout(_ layout: PrintLayout, issuer issuerOrgID: Int64, by userID: Int64, _ tx: Transaction) throws {
        let json = String(decoding: try JSONEncoder().encode(layout), as: UTF8.self)
        try tx.execute("""
            INSERT INTO print_layouts (issuer_org_id, layout, updated_by) VALUES ($1, $2::jsonb, $3)
            ON CONFLICT (issuer_org_id) DO UPDATE SET layout = excluded.layout, updated_by = excluded.updated_by, updated_at = now()
            """, [.int(issuerOrgID), .text(json), .int(userID)])
    }

    /// Printed once more (count + 1, now), or set back to 未打印 by hand (the count stays: a
    /// later print is still a 补N); with its business-log event.
    static func recordPrint(_ id: Int64, printed: Bool, by userID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            WITH changed AS (
                UPDATE certificates SET print_count = print_count + CASE WHEN $2 THEN 1 ELSE 0 END,
                    printed_at = CASE WHEN $2 THEN now() ELSE NULL END
                WHERE id = $1 RETURNING id, print_count
            )
            INSERT INTO certificate_events (certificate_id, action, actor_user_id, reason)
            SELECT id, CASE WHEN $2 THEN 'print' ELSE 'unprint' END, $3,
                CASE WHEN $2 AND print_count > 1 THEN '补' || (print_count - 1) ELSE '' END FROM changed
            """, [.int(id), .bool(printed), .int(userID)])
    }
}
