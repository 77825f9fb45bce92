import ClassesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// SQL for attendance (CL-5) and its anti-fraud facts (B-2): one record per student per lesson.
enum AttendanceStore {
    static let columns = """
        a.id, a.class_id, a.lesson_id, a.student_user_id, coalesce(s.name, '') AS student_name, coalesce(s.id_number, '') AS id_number,
        coalesce(extract(epoch FROM a.sign_in_at)::bigint, 0) AS sign_in_unix,
        coalesce(extract(epoch FROM a.sign_out_at)::bigint, 0) AS sign_out_unix,
        a.state, a.flags, a.credited, (a.photo IS NOT NULL) AS has_photo, coalesce(a.distance_m, -1) AS distance_m,
        a.review_reason, a.correction_reason, l.content AS lesson_content, extract(epoch FROM l.start_at)::bigint AS lesson_start_unix,
        c.name AS class_name
        """
    static let joins = """
        FROM attendance a JOIN lessons l ON l.id = a.lesson_id JOIN classes c ON c.id = a.class_id
        LEFT JOIN class_students s ON s.class_id = a.class_id AND s.student_user_id = a.student_user_id
        """

    static func record(_ row: Row) throws -> Classes_V1_AttendanceRecord {
        var record = Classes_V1_AttendanceRecord()
        record.id = try row.decode("id")
        record.classID = try row.decode("class_id")
        record.lessonID = try row.decode("lesson_id")
        record.studentUserID = try row.decode("student_user_id")
        record.studentName = try row.decode("student_name")
        record.idNumber = try row.decode("id_number")
        record.signInUnix = try row.decode("sign_in_unix")
        record.signOutUnix = try row.decode("sign_out_unix")
        record.state = SignInStatus(rawValue: try row.decode("state"))?.proto ?? .unspecified
        record.flags = try row.strings("flags")
        record.flagLabels = record.flags.map { SignInFlag(rawValue: $0)?.label ?? $0 }
        record.credited = try row.decode("credited")
        record.hasPhoto = try row.decode("has_photo")
        record.distanceMeters = try row.decode("distance_m")
        record.reviewReason = try row.decode("review_reason")
        record.correctionReason = try row.decode("correction_reason")
        record.lessonContent = try row.decode("lesson_content")
        record.lessonStartUnix = try row.decode("lesson_start_unix")
        record.className = try row.decode("class_name")
        return record
    }

    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: some SQLExecutor) throws -> Classes_V1_AttendanceRecord? {
        try tx.execute("SELECT \(columns) \(joins) WHERE a.id = $1" + (forUpdate ? " FOR UPDATE OF a" : ""), [.int(id)]).first.map(record)
    }

    static func find(lessonID: Int64, studentUserID: Int64, forUpdate: Bool = false, _ tx: some SQLExecutor) throws -> Classes_V1_AttendanceRecord? {
        try tx.execute("SELECT \(columns) \(joins) WHERE a.lesson_id = $1 AND a.student_user_id = $2" + (forUpdate ? " FOR UPDATE OF a" : ""),
                       [.int(lessonID), .int(studentUserID)]).first.map(record)
    }

    /// A sign-in as checked, binding the student's first device (`bindDevice`) in the same
    /// statement. Two concurrent sign-ins of one student make one record: the second waits for
    /// the first's commit and inserts nothing.
    /// - Returns: the new record's id, or nil when the student had already signed in.
    static func insertSignIn(classID: Int64, lessonID: Int64, studentUserID: Int64, at: Int64, state: SignInStatus, flags: [SignInFlag],
                             position: GeoPoint?, distance: Double?, deviceID: String, bindDevice: Bool, photo: [UInt8]?,
                             photoHash: UInt64?, _ tx: Transaction) throws -> Int64? {
        try tx.execute("""
            WITH bind AS (INSERT INTO student_devices (student_user_id, device_id) SELECT $3, $10 WHERE $13 ON CONFLICT DO NOTHING)
            INSERT INTO attendance (class_id, lesson_id, student_user_id, sign_in_at, state, flags, latitude, longitude, distance_m,
                                    device_id, photo, photo_hash)
            VALUES ($1, $2, $3, to_timestamp($4), $5, $6::text[], $7, $8, $9, $10, $11, $12)
            ON CONFLICT (lesson_id, student_user_id) DO NOTHING RETURNING id
            """, [.int(classID), .int(lessonID), .int(studentUserID), .double(Double(at)), .text(state.rawValue),
                  .textArray(flags.map(\.rawValue)), position.map { .double($0.latitude) } ?? .null,
                  position.map { .double($0.longitude) } ?? .null, distance.map { .double($0) } ?? .null, .text(deviceID),
                  photo.map { .bytes($0) } ?? .null, photoHash.map { .int(Int64(bitPattern: $0)) } ?? .null,
                  .bool(bindDevice && !deviceID.isEmpty)]).first?.decode("id")
    }

    static func setSignOut(_ id: Int64, at: Int64, flags: [SignInFlag], credited: Bool, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE attendance SET sign_out_at = to_timestamp($2), flags = array(SELECT DISTINCT unnest(flags || $3::text[])), credited = $4
            WHERE id = $1
            """, [.int(id), .double(Double(at)), .textArray(flags.map(\.rawValue)), .bool(credited)])
    }

    static func review(_ id: Int64, state: SignInStatus, reason: String, credited: Bool, by userID: Int64, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE attendance SET state = $2, review_reason = $3, credited = $4, reviewed_by = $5, reviewed_at = now() WHERE id = $1
            """, [.int(id), .text(state.rawValue), .text(reason), .bool(credited), .int(userID)])
    }

    /// CL-5: a manual correction: the times set by the institution, accepted, with its reason.
    static func correct(classID: Int64, lessonID: Int64, studentUserID: Int64, signIn: Int64?, signOut: Int64?, credited: Bool,
                        reason: String, by userID: Int64, _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            INSERT INTO attendance (class_id, lesson_id, student_user_id, sign_in_at, sign_out_at, state, flags, credited,
                                    correction_reason, corrected_by)
            VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), 'accepted', '{manual}', $6, $7, $8)
            ON CONFLICT (lesson_id, student_user_id) DO UPDATE SET sign_in_at = EXCLUDED.sign_in_at, sign_out_at = EXCLUDED.sign_out_at,
                state = 'accepted', flags = array(SELECT DISTINCT unnest(attendance.flags || '{manual}'::text[])),
                credited = EXCLUDED.credited, correction_reason = EXCLUDED.correction_reason, corrected_by = EXCLUDED.corrected_by
            RETURNING id
            """, [.int(classID), .int(lessonID), .int(studentUserID), signIn.map { .double(Double($0)) } ?? .null,
                  signOut.map { .double(Double($0)) } ?? .null, .bool(credited), .text(reason), .int(userID)]).first?.decode("id") ?? 0
    }

    /// What a sign-in or sign-out needs, in one round trip: the class's state, venue and secret,
    /// the lesson's times, whether the student is on the roster (and their name), and the
    /// student's record for the lesson if there is one.
    struct SignContext {
        let state: ClassStatus
        let confirmed: Bool
        let className: String
        let venue: GeoPoint
        let radius: Double
        let secret: [UInt8]
        let lessonStart: Int64
        let lessonEnd: Int64
        let lessonContent: String
        let studentName: String?
        let studentIDNumber: String
        let record: Classes_V1_AttendanceRecord?
    }

    static func signContext(classID: Int64, lessonID: Int64, studentUserID: Int64, forUpdate: Bool,
                            _ tx: some SQLExecutor) throws -> SignContext? {
        guard let row = try tx.execute("""
            SELECT c.state, c.attendance_confirmed_at IS NOT NULL AS confirmed, c.name AS class_name, c.venue_latitude, c.venue_longitude,
                   c.venue_radius, c.secret, extract(epoch FROM l.start_at)::bigint AS lesson_start,
                   extract(epoch FROM l.end_at)::bigint AS lesson_end, l.content AS lesson_content,
                   s.name AS student_name, coalesce(s.id_number, '') AS student_id_number, a.id AS record_id
            FROM classes c JOIN lessons l ON l.class_id = c.id AND l.id = $2
            LEFT JOIN class_students s ON s.class_id = c.id AND s.student_user_id = $3
            LEFT JOIN attendance a ON a.lesson_id = l.id AND a.student_user_id = $3
            WHERE c.id = $1
            """, [.int(classID), .int(lessonID), .int(studentUserID)]).first else { return nil }
        let recordID: Int64? = try row.decodeIfPresent("record_id")
        return SignContext(
            state: ClassStatus(rawValue: try row.decode("state")) ?? .draft, confirmed: try row.decode("confirmed"),
            className: try row.decode("class_name"),
            venue: GeoPoint(latitude: try row.decode("venue_latitude"), longitude: try row.decode("venue_longitude")),
            radius: try row.decode("venue_radius"), secret: try row.bytes("secret"),
            lessonStart: try row.decode("lesson_start"), lessonEnd: try row.decode("lesson_end"),
            lessonContent: try row.decode("lesson_content"), studentName: try row.decodeIfPresent("student_name"),
            studentIDNumber: try row.decode("student_id_number"),
            record: try recordID.flatMap { try load($0, forUpdate: forUpdate, tx) })
    }

    /// B-2's facts about a sign-in in one round trip: the class's other photo hashes (other
    /// students, or the student's other lessons), the student's latest position, whether the
    /// device signed another student into the lesson or is bound to another student, and the
    /// device the student is bound to (nil: none yet; the sign-in binds this one).
    static func signInFacts(classID: Int64, lessonID: Int64, studentUserID: Int64, deviceID: String, photo: Bool,
                            _ tx: some SQLExecutor) throws -> (hashes: [UInt64], previous: (position: GeoPoint, at: Int64)?, deviceShared: Bool,
                                                               boundDevice: String?) {
        let row = try tx.execute("""
            SELECT CASE WHEN $5 THEN (SELECT array_agg(photo_hash) FROM attendance
                                      WHERE class_id = $1 AND photo_hash IS NOT NULL AND (student_user_id <> $3 OR lesson_id <> $2))
                   END AS hashes,
                   p.latitude, p.longitude, extract(epoch FROM p.sign_in_at)::bigint AS previous_at,
                   $4 <> '' AND (EXISTS (SELECT 1 FROM attendance WHERE lesson_id = $2 AND device_id = $4 AND student_user_id <> $3)
                                 OR EXISTS (SELECT 1 FROM student_devices WHERE device_id = $4 AND student_user_id <> $3)) AS shared,
                   (SELECT device_id FROM student_devices WHERE student_user_id = $3) AS bound_device
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT latitude, longitude, sign_in_at FROM attendance
                               WHERE student_user_id = $3 AND latitude IS NOT NULL AND sign_in_at IS NOT NULL
                               ORDER BY sign_in_at DESC, id DESC LIMIT 1) p ON true
            """, [.int(classID), .int(lessonID), .int(studentUserID), .text(deviceID), .bool(photo)]).first
        let hashes = try row?.strings("hashes").compactMap { Int64($0) }.map { UInt64(bitPattern: $0) } ?? []
        var previous: (position: GeoPoint, at: Int64)?
        if let row, let latitude: Double = try row.decodeIfPresent("latitude"), let longitude: Double = try row.decodeIfPresent("longitude"),
           let at: Int64 = try row.decodeIfPresent("previous_at") {
            previous = (GeoPoint(latitude: latitude, longitude: longitude), at)
        }
        return (hashes, previous, try row?.decode("shared") ?? false, try row?.decodeIfPresent("bound_device"))
    }

    /// One page of a lesson's records, by record id.
    static func lessonRecords(_ window: PageWindow, lessonID: Int64, _ tx: some SQLExecutor) throws -> Page<Classes_V1_AttendanceRecord> {
        try window.fetch(tx, columns: columns, from: "\(joins) WHERE a.lesson_id = $1", parameters: [.int(lessonID)], id: "a.id", record) { $0.id }
    }

    /// A lesson's counts: signed in, signed out, pending.
    static func counts(lessonID: Int64, _ tx: some SQLExecutor) throws -> (signedIn: UInt32, signedOut: UInt32, pending: UInt32) {
        let row = try tx.execute("""
            SELECT count(sign_in_at) AS signed_in, count(sign_out_at) AS signed_out, count(*) FILTER (WHERE state = 'pending') AS pending
            FROM attendance WHERE lesson_id = $1
            """, [.int(lessonID)]).first
        return (try row?.decode("signed_in") ?? 0, try row?.decode("signed_out") ?? 0, try row?.decode("pending") ?? 0)
    }

    /// One page of pending sign-ins of `classIDs`' classes (nil: of classes of `orgs`).
    static func pending(_ window: PageWindow, classID: Int64, orgs: [Int64], _ tx: some SQLExecutor) throws -> Page<Classes_V1_AttendanceRecord> {
        try window.fetch(tx, columns: columns, from: "\(joins) WHERE a.state = 'pending' AND c.org_id = ANY($1::bigint[]) AND ($2::bigint = 0 OR a.class_id = $2)",
                         parameters: [.intArray(orgs), .int(classID)], id: "a.id", record) { $0.id }
    }

    static func photo(_ id: Int64, _ tx: some SQLExecutor) throws -> [UInt8]? {
        try tx.execute("SELECT photo FROM attendance WHERE id = $1 AND photo IS NOT NULL", [.int(id)]).first.map { try $0.bytes("photo") }
    }

    static func pendingCount(classID: Int64, _ tx: some SQLExecutor) throws -> Int {
        try tx.execute("SELECT count(*) AS n FROM attendance WHERE class_id = $1 AND state = 'pending'", [.int(classID)]).first?.decode("n") ?? 0
    }

    /// A student's records for these lessons, by lesson id.
    static func studentRecords(studentUserID: Int64, lessonIDs: [Int64], _ tx: some SQLExecutor) throws -> [Int64: Classes_V1_AttendanceRecord] {
        var records: [Int64: Classes_V1_AttendanceRecord] = [:]
        for row in try tx.execute("SELECT \(columns) \(joins) WHERE a.student_user_id = $1 AND a.lesson_id = ANY($2::bigint[])",
                                  [.int(studentUserID), .intArray(lessonIDs)]) {
            let record = try record(row)
            records[record.lessonID] = record
        }
        return records
    }
}

/// CL-5: a record's review state.
enum SignInStatus: String {
    case accepted, pending, rejected

    var proto: Classes_V1_SignInState {
        switch self {
        case .accepted: .accepted
        case .pending: .pending
        case .rejected: .rejected
        }
    }
}
