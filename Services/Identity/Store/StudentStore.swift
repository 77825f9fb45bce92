import CommonRules
import IdentityDomain
import Proto
import Storage

/// SQL for student accounts (ID-4, ID-9): registration, the directory's view, the abnormal-account search.
enum StudentStore {
    /// Whether any account has this ID number (normalised).
    static func isRegistered(idNumber: String, _ transaction: Transaction) throws -> Bool {
        try !transaction.execute("SELECT 1 FROM users WHERE id_number = $1", [.text(idNumber)]).isEmpty
    }

    /// A new student with a verified phone; returns the id.
    /// - Throws: `StorageError` with a unique violation when the ID number was registered concurrently.
    static func insert(idNumber: String, name: String, phone: String, passwordHash: String, realNameVerified: Bool,
                       _ transaction: Transaction) throws -> Int64 {
        try transaction.execute("""
            INSERT INTO users (kind, id_number, name, phone, phone_verified, password_hash, real_name_verified)
            VALUES ('student', $1, $2, $3, true, $4, $5) RETURNING id
            """, [.text(idNumber), .text(name), .text(phone), .text(passwordHash), .bool(realNameVerified)])
            .first?.decode("id") ?? 0
    }

    /// An active student's real-name data for other services (`IdentityDirectory`), or nil.
    static func active(id: Int64, _ transaction: Transaction) throws -> Identity_V1_Student? {
        guard let row = try transaction.execute("""
            SELECT id, name, id_number, coalesce(phone, '') AS phone, real_name_verified FROM users
            WHERE id = $1 AND kind = 'student' AND status = 'active'
            """, [.int(id)]).first else { return nil }
        var student = Identity_V1_Student()
        student.userID = try row.decode("id")
        student.name = try row.decode("name")
        student.idNumber = try row.decode("id_number")
        student.phone = try row.decode("phone")
        student.realNameVerified = try row.decode("real_name_verified")
        return student
    }

    /// The students among `ids`, by id, with masked ID numbers and no WeChat accounts yet
    /// (`WeChatBindingStore.accounts`).
    static func abnormalAccounts(ids: [Int64], _ transaction: Transaction) throws -> [Identity_V1_AbnormalAccount] {
        try transaction.execute("SELECT id, name, id_number FROM users WHERE kind = 'student' AND id = ANY($1::bigint[]) ORDER BY id",
                                [.intArray(ids)]).map { row in
            var account = Identity_V1_AbnormalAccount()
            account.userID = try row.decode("id")
            account.name = try row.decode("name")
            account.maskedIDNumber = Masking.idNumber(try row.decode("id_number"))
            return account
        }
    }
}
