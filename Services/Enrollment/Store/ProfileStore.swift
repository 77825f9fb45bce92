import Proto
import Storage

/// SQL and row mapping for students' profiles (EN-6): the photo and its confirmation.
enum ProfileStore {
    /// Student `userID`'s profile; one without a row has no photo yet.
    static func load(_ userID: Int64, _ tx: Transaction) throws -> Enrollment_V1_Profile {
        var profile = Enrollment_V1_Profile()
        profile.userID = userID
        guard let row = try tx.execute("SELECT coalesce(photo_file_id, 0) AS file, photo_state, photo_comment FROM profiles WHERE user_id = $1",
                                       [.int(userID)]).first else { return profile }
        profile.photoFileID = try row.decode("file")
        profile.photoComment = try row.decode("photo_comment")
        switch try row.decode("photo_state", as: String.self) {
        case "confirmed": profile.photoState = .confirmed
        case "returned": profile.photoState = .returned
        default: profile.photoState = .pending
        }
        return profile
    }

    /// EN-6: sets `fileID` as student `userID`'s photo, waiting for confirmation (待确认) again:
    /// the last review's comment and reviewer cleared.
    static func setPhoto(_ fileID: Int64, of userID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            INSERT INTO profiles (user_id, photo_file_id, photo_state) VALUES ($1, $2, 'pending')
            ON CONFLICT (user_id) DO UPDATE SET photo_file_id = $2, photo_state = 'pending', photo_comment = '',
                reviewed_by = NULL, updated_at = now()
            """, [.int(userID), .int(fileID)])
    }

    /// EN-6: confirms student `userID`'s pending photo, or returns it with `comment` (a
    /// confirmation keeps no comment), as `reviewer`.
    /// - Returns: false when the photo was not pending (nothing changed).
    static func reviewPhoto(of userID: Int64, confirm: Bool, comment: String, by reviewer: Int64, _ tx: Transaction) throws -> Bool {
        try !tx.execute("""
            UPDATE profiles SET photo_state = $2, photo_comment = $3, reviewed_by = $4, updated_at = now()
            WHERE user_id = $1 AND photo_state = 'pending' RETURNING user_id
            """, [.int(userID), .text(confirm ? "confirmed" : "returned"), .text(confirm ? "" : comment), .int(reviewer)]).isEmpty
    }
}
