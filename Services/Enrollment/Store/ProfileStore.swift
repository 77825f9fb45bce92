import CommonRules
import Proto
import ServiceHost
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
        profile.photoState = try state(row)
        return profile
    }

    /// The stored `photo_state` of `row` as the proto's.
    static func state(_ row: Row) throws -> Enrollment_V1_PhotoState {
        switch try row.decode("photo_state", as: String.self) {
        case "confirmed": .confirmed
        case "returned": .returned
        default: .pending
        }
    }

    /// The stored name of a photo state (nil for UNSPECIFIED, which no stored photo has).
    static func stored(_ state: Enrollment_V1_PhotoState) -> String? {
        switch state {
        case .pending: "pending"
        case .confirmed: "confirmed"
        case .returned: "returned"
        default: nil
        }
    }

    /// EN-6: one page of the photos in `state` (stored name) of the students with an enrollment
    /// (not withdrawn) with `orgID`, each named from their newest such enrollment (ID number
    /// masked, X-1), by student id.
    static func photos(of orgID: Int64, state: String, window: PageWindow, _ tx: Transaction) throws -> Page<Enrollment_V1_StudentPhoto> {
        try window.fetch(tx, columns: """
            p.user_id, p.photo_file_id, p.photo_state, p.photo_comment, extract(epoch FROM p.updated_at)::bigint AS updated,
            e.name, e.id_number, e.plan_name
            """, from: """
            FROM profiles p
            CROSS JOIN LATERAL (
                SELECT e.name, e.id_number, pl.name AS plan_name FROM enrollments e JOIN plans pl ON pl.id = e.plan_id
                 WHERE e.student_user_id = p.user_id AND e.org_id = $1 AND e.state <> 'withdrawn'
                 ORDER BY e.id DESC LIMIT 1) e
            WHERE true
            """, parameters: [.int(orgID), .text(state)], id: "p.user_id", keysFrom: """
            FROM profiles p WHERE p.photo_state = $2 AND p.photo_file_id IS NOT NULL
              AND p.user_id IN (SELECT student_user_id FROM enrollments WHERE org_id = $1 AND state <> 'withdrawn')
            """, { row in
            var photo = Enrollment_V1_StudentPhoto()
            photo.studentUserID = try row.decode("user_id")
            photo.name = try row.decode("name")
            photo.idNumber = Masking.idNumber(try row.decode("id_number"))
            photo.planName = try row.decode("plan_name")
            photo.photoFileID = try row.decode("photo_file_id")
            photo.photoState = try Self.state(row)
            photo.photoComment = try row.decode("photo_comment")
            photo.updatedAtUnix = try row.decode("updated")
            return photo
        }) { $0.studentUserID }
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
