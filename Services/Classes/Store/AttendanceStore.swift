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

    /// A sign-in as checked. Two concurrent sign-ins of one student make one record: the second
    /// waits for the first's commit and inserts nothing.
    /// - Returns: the new record's id, or nil when the student had already signed in.
    static func insertSignIn(classID: Int64, lessonID: Int64, studentUserID: Int64, at: Int64, state: SignInStatus, flags: [SignInFlag],
                             position: GeoPoint?, distance: Double?, deviceID: String, photo: [UInt8]?, photoHash: UInt64?,
                             _ tx: Transaction) throws -> Int64? {
        try tx.execute("""
            INSERT INTO attendance (class_id, lesson_id, student_user_id, sign_in_at, state, flags, latitude, longitude, distance_m,
                                    device_id, photo, photo_hash)
            VALUES ($1, $2, $3, to_timestamp($4), $5, $6::text[], $7, $8, $9, $10, $11, $12)
            ON CONFLICT (lesson_id, student_user_id) DO NOTHING RETURNING id
            """, [.int(classID), .int(lessonID), .int(studentUserID), .double(Double(at)), .text(state.rawValue),
                  .textArray(flags.map(\.rawValue)), position.map { .double($0.latitude) } ?? .null,
                  position.map { .double($0.longitude) } ?? .null, distance.map { .double($0) } ?? .null, .text(deviceID),
                  photo.map { .bytes($0) } ?? .null, photoHash.map { .int(Int64(bitPattern: $0)) } ?? .null]).first?.decode("id")
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

    /// B-2 facts: hashes of the class's other photos (other students, or this student's other lessons).
    static func otherPhotoHashes(classID: Int64, lessonID: Int64, studentUserID: Int64, _ tx: some SQLExecutor) throws -> [UInt64] {
        try tx.execute("""
            SELECT photo_hash FROM attendance
            WHERE class_id = $1 AND photo_hash IS NOT NULL AND (student_user_id <> $3 OR lesson_id <> $2)
            """, [.int(classID), .int(lessonID), .int(studentUserID)]).map { UInt64(bitPattern: try $0.decode("photo_hash", as: Int64.self)) }
    }

    /// The student's latest sign-in with a position, anywhere.
    static func previousPosition(studentUserID: Int64, _ tx: some SQLExecutor) throws -> (position: GeoPoint, at: Int64)? {
        guard let row = try tx.execute("""
            SELECT latitude, longitude, extract(epoch FROM sign_in_at)::bigint AS at FROM attendance
            WHERE student_user_id = $1 AND latitude IS NOT NULL AND sign_in_at IS NOT NULL ORDER BY sign_in_at DESC, id DESC LIMIT 1
            """, [.int(studentUserID)]).first else { return nil }
        return (GeoPoint(latitude: try row.decode("latitude"), longitude: try row.decode("longitude")), try row.decode("at"))
    }

    /// Whether the device signed another student into this lesson, or is another student's.
    static func deviceUsedByOthers(lessonID: Int64, deviceID: String, studentUserID: Int64, _ tx: some SQLExecutor) throws -> Bool {
        guard !deviceID.isEmpty else { return false }
        return try !tx.execute("""
            SELECT 1 FROM attendance WHERE lesson_id = $1 AND device_id = $2 AND student_user_id <> $3
            UNION ALL SELECT 1 FROM student_devices WHERE device_id = $2 AND student_user_id <> $3 LIMIT 1
            """, [.int(lessonID), .text(deviceID), .int(studentUserID)]).isEmpty
    }

    /// Binds the student's first device; answers whether `deviceID` is the student's device.
    static func bindDevice(studentUserID: Int64, deviceID: String, _ tx: Transaction) throws -> Bool {
        guard !deviceID.isEmpty else { return false }
        let bound: String? = try tx.execute("""
            INSERT INTO student_devices (student_user_id, device_id) VALUES ($1, $2)
            ON CONFLICT (student_user_id) DO UPDATE SET student_user_id = EXCLUDED.student_user_id RETURNING device_id
            """, [.int(studentUserID), .text(deviceID)]).first?.decode("device_id")
        return bound == deviceID
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
        try window.fetch(tx, columns: columns, from: "\(joins) WHERE a.state = 'pending' AND c.org_id = ANY($1::bigint[]) AND ($2 = 0 OR a.class_id = $2)",
                         parameters: [.intArray(orgs), .int(classID)], id: "a.id", record) { $0.id }
    }

    static func photo(_ id: Int64, _ tx: some SQLExecutor) throws -> [UInt8]? {
        try tx.execute("SELECT photo FROM attendance WHERE id = $1 AND photo IS NOT NULL", [.int(id)]).first.map { try $0.bytes("photo") }
    }

    static func pendingCount(classID: Int64, _ tx: some SQLExecutor) throws -> Int {
        try tx.execute("SELECT count(*) AS n FROM attendance WHERE class_id = $1 AND state = 'pending'", [.int(classID)]).first?.decode("n") ?? 0
    }

    /// A student's records in a class (or every class of theirs when `classID` is 0).
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
