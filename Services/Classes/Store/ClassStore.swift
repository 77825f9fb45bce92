import ClassesDomain
import CommonRules
import Proto
import ServiceHost
import Storage

/// SQL for classes, their lessons and rosters (CL-2, CL-3, CL-6).
enum ClassStore {
    static let columns = """
        c.id, c.org_id, c.org_name, c.division_code, c.plan_id, c.plan_name, c.post, c.name, c.state,
        c.venue_name, c.venue_address, c.venue_latitude, c.venue_longitude, c.venue_radius, c.required_hours, c.review_comment,
        extract(epoch FROM c.plan_end_at)::bigint AS plan_end_unix,
        extract(epoch FROM c.created_at)::bigint AS created_unix,
        coalesce(extract(epoch FROM c.submitted_at)::bigint, 0) AS submitted_unix,
        coalesce(extract(epoch FROM c.reviewed_at)::bigint, 0) AS reviewed_unix,
        coalesce(extract(epoch FROM c.attendance_confirmed_at)::bigint, 0) AS confirmed_unix,
        coalesce(extract(epoch FROM c.reported_at)::bigint, 0) AS reported_unix,
        (SELECT count(*) FROM class_students s WHERE s.class_id = c.id) AS student_count,
        (SELECT coalesce(sum(l.hours), 0) FROM lessons l WHERE l.class_id = c.id) AS scheduled_hours,
        (SELECT count(*) FROM attendance a WHERE a.class_id = c.id AND a.state = 'pending') AS pending_reviews,
        coalesce((SELECT a.route_orgs[1] FROM approvals a WHERE a.flow = 'class' AND a.item_id = c.id), 0) AS reviewer_org
        """

    /// A class row without its lessons; the deadlines from `settings`.
    static func classRow(_ row: Row, applicationDays: Int, startDays: Int) throws -> Classes_V1_Class {
        var item = Classes_V1_Class()
        item.id = try row.decode("id")
        item.orgID = try row.decode("org_id")
        item.orgName = try row.decode("org_name")
        item.divisionCode = try row.decode("division_code")
        item.planID = try row.decode("plan_id")
        item.planName = try row.decode("plan_name")
        item.post = try row.decode("post")
        item.name = try row.decode("name")
        item.state = ClassStatus(rawValue: try row.decode("state"))?.proto ?? .unspecified
        item.venue = try venue(row)
        item.requiredHours = try row.decode("required_hours")
        item.scheduledHours = try row.decode("scheduled_hours")
        item.studentCount = try row.decode("student_count")
        item.reviewComment = try row.decode("review_comment")
        item.createdAtUnix = try row.decode("created_unix")
        item.submittedAtUnix = try row.decode("submitted_unix")
        item.reviewedAtUnix = try row.decode("reviewed_unix")
        item.attendanceConfirmedUnix = try row.decode("confirmed_unix")
        item.reportedUnix = try row.decode("reported_unix")
        item.pendingReviews = try row.decode("pending_reviews")
        item.reviewerOrgID = try row.decode("reviewer_org")
        item.submissionDeadlineUnix = ApplicationRules.submissionDeadline(enrollmentEnd: try row.decode("plan_end_unix"), days: applicationDays)
        item.earliestStartUnix = ApplicationRules.earliestStart(createdAt: item.createdAtUnix, days: startDays)
        return item
    }

    /// The venue columns (`venue_*`, WGS-84) of a row.
    static func venue(_ row: Row) throws -> Classes_V1_Venue {
        var venue = Classes_V1_Venue()
        venue.name = try row.decode("venue_name")
        venue.address = try row.decode("venue_address")
        venue.latitude = try row.decode("venue_latitude")
        venue.longitude = try row.decode("venue_longitude")
        venue.radiusMeters = try row.decode("venue_radius")
        venue.coordinateSystem = .wgs84
        return venue
    }

    /// One class with its lessons, locked when `forUpdate`.
    static func load(_ id: Int64, forUpdate: Bool = false, applicationDays: Int = 3, startDays: Int = 7,
                     _ tx: some SQLExecutor) throws -> Classes_V1_Class? {
        guard var item = try tx.execute("SELECT \(columns) FROM classes c WHERE c.id = $1" + (forUpdate ? " FOR UPDATE OF c" : ""),
                                        [.int(id)]).first.map({ try classRow($0, applicationDays: applicationDays, startDays: startDays) })
        else { return nil }
        item.lessons = try lessons(classID: id, tx)
        return item
    }

    /// The secret of the class's venue code (B-2).
    static func secret(_ id: Int64, _ tx: some SQLExecutor) throws -> [UInt8]? {
        try tx.execute("SELECT secret FROM classes WHERE id = $1", [.int(id)]).first.map { try $0.bytes("secret") }
    }

    static func insert(orgID: Int64, orgName: String, divisionCode: String, plan: Enrollment_V1_Plan, post: String, name: String,
                       venue: VenueSite, requiredHours: Int, secret: [UInt8], createdBy: Int64, _ tx: Transaction) throws -> Int64 {
        try tx.execute("""
            INSERT INTO classes (org_id, org_name, division_code, plan_id, plan_name, plan_end_at, post, name, state,
                                 venue_name, venue_address, venue_latitude, venue_longitude, venue_radius, required_hours, secret, created_by)
            VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7, $8, 'draft', $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id
            """, [.int(orgID), .text(orgName), .text(divisionCode), .int(plan.id), .text(plan.name), .int(plan.endUnix), .text(post),
                  .text(name), .text(venue.name), .text(venue.address), .double(venue.center.latitude), .double(venue.center.longitude),
                  .int(Int64(venue.radiusMeters)), .int(Int64(requiredHours)), .bytes(secret), .int(createdBy)]).first?.decode("id") ?? 0
    }

    /// Whether the plan already has a class for the post.
    static func exists(planID: Int64, post: String, _ tx: Transaction) throws -> Int64? {
        try tx.execute("SELECT id FROM classes WHERE plan_id = $1 AND post = $2", [.int(planID), .text(post)]).first?.decode("id")
    }

    static func update(_ id: Int64, name: String, venue: VenueSite, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE classes SET name = $2, venue_name = $3, venue_address = $4, venue_latitude = $5, venue_longitude = $6, venue_radius = $7
            WHERE id = $1
            """, [.int(id), .text(name), .text(venue.name), .text(venue.address), .double(venue.center.latitude),
                  .double(venue.center.longitude), .int(Int64(venue.radiusMeters))])
    }

    /// Sets the state and the column of the moment it records (`submitted_at`, `reviewed_at`, …).
    static func setState(_ id: Int64, _ state: ClassStatus, stamp: String? = nil, reviewComment: String? = nil, _ tx: Transaction) throws {
        let stampSQL = stamp.map { ", \($0) = now()" } ?? ""
        try tx.execute("UPDATE classes SET state = $2, review_comment = coalesce($3, review_comment)\(stampSQL) WHERE id = $1",
                       [.int(id), .text(state.rawValue), reviewComment.map { .text($0) } ?? .null])
    }

    static func stamp(_ id: Int64, _ column: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE classes SET \(column) = coalesce(\(column), now()) WHERE id = $1", [.int(id)])
    }

    static func delete(_ id: Int64, _ tx: Transaction) throws {
        try tx.execute("DELETE FROM classes WHERE id = $1", [.int(id)])
    }

    /// One page of classes, newest first: of `orgs`, or (`reviewerOrgID`) those waiting for that authority.
    static func list(_ window: PageWindow, orgs: [Int64], state: String, planID: Int64, name: String, reviewerOrgID: Int64?,
                     applicationDays: Int, startDays: Int, _ tx: some SQLExecutor) throws -> Page<Classes_V1_Class> {
        let awaiting = Approvals.awaitingReviewCondition(flow: ClassStatus.flow(reviewDays: 0), idColumn: "c.id", orgParameter: 6)
        return try window.fetch(tx, columns: columns, from: """
            FROM classes c WHERE c.org_id = ANY($1::bigint[]) AND ($2 = '' OR c.state = $2) AND ($3::bigint = 0 OR c.plan_id = $3)
              AND ($4 = '' OR strpos(c.name, $4) > 0) AND ($5 OR \(awaiting))
            """, parameters: [.intArray(orgs), .text(state), .int(planID), .text(name), .bool(reviewerOrgID == nil), .int(reviewerOrgID ?? 0)],
            id: "c.id", order: .newestFirst, { try classRow($0, applicationDays: applicationDays, startDays: startDays) }, itemID: { $0.id })
    }

    // MARK: Lessons

    static func lessons(classID: Int64, _ tx: some SQLExecutor) throws -> [Classes_V1_Lesson] {
        try tx.execute("""
            SELECT l.id, l.content, coalesce(l.teacher_id, 0) AS teacher_id, coalesce(t.name, '') AS teacher_name,
                   coalesce(t.role, '') AS teacher_role, extract(epoch FROM l.start_at)::bigint AS start_unix,
                   extract(epoch FROM l.end_at)::bigint AS end_unix, l.place, l.hours
            FROM lessons l LEFT JOIN teachers t ON t.id = l.teacher_id WHERE l.class_id = $1 ORDER BY l.start_at, l.id
            """, [.int(classID)]).map(lesson)
    }

    static func lesson(_ row: Row) throws -> Classes_V1_Lesson {
        var lesson = Classes_V1_Lesson()
        lesson.id = try row.decode("id")
        lesson.content = try row.decode("content")
        lesson.teacherID = try row.decode("teacher_id")
        lesson.teacherName = try row.decode("teacher_name")
        lesson.teacherRole = TeacherRole(rawValue: try row.decode("teacher_role"))?.proto ?? .unspecified
        lesson.startUnix = try row.decode("start_unix")
        lesson.endUnix = try row.decode("end_unix")
        lesson.place = try row.decode("place")
        lesson.hours = try row.decode("hours")
        return lesson
    }

    /// Replaces the schedule: lessons with an id are updated in place (their attendance stays),
    /// the others inserted, and lessons not in `schedule` deleted.
    /// - Returns: the ids of lessons whose time or place changed (B-5).
    @discardableResult
    static func replaceLessons(classID: Int64, _ schedule: [LessonPlan], _ tx: Transaction) throws -> [Int64] {
        let kept = schedule.compactMap(\.id)
        try tx.execute("DELETE FROM lessons WHERE class_id = $1 AND NOT (id = ANY($2::bigint[]))", [.int(classID), .intArray(kept)])
        var changed: [Int64] = []
        for lesson in schedule {
            let values: [SQLValue] = [.int(classID), .text(lesson.content), lesson.teacherID.map { .int($0) } ?? .null,
                                      .double(Double(lesson.start)), .double(Double(lesson.end)), .text(lesson.place), .int(Int64(lesson.hours))]
            if let id = lesson.id {
                let rows = try tx.execute("""
                    UPDATE lessons SET content = $2, teacher_id = $3, start_at = to_timestamp($4), end_at = to_timestamp($5), place = $6, hours = $7
                    WHERE class_id = $1 AND id = $8
                    RETURNING (SELECT o.start_at <> to_timestamp($4) OR o.end_at <> to_timestamp($5) OR o.place <> $6
                               FROM lessons o WHERE o.id = $8) AS moved
                    """, values + [.int(id)])
                guard let row = rows.first else { throw ClassesError.notFound("课程") }
                if try row.decode("moved") { changed.append(id) }
            } else {
                try tx.execute("""
                    INSERT INTO lessons (class_id, content, teacher_id, start_at, end_at, place, hours)
                    VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), $6, $7)
                    """, values)
            }
        }
        return changed
    }

    // MARK: Roster

    /// Replaces the roster with the plan's approved students of the post (students no longer
    /// approved leave; their attendance stays for the record).
    static func setRoster(classID: Int64, _ students: [Enrollment_V1_RosterStudent], _ tx: Transaction) throws {
        try tx.execute("DELETE FROM class_students WHERE class_id = $1 AND NOT (student_user_id = ANY($2::bigint[]))",
                       [.int(classID), .intArray(students.map(\.studentUserID))])
        for student in students {
            try tx.execute("""
                INSERT INTO class_students (class_id, student_user_id, name, id_number, enrollment_id) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (class_id, student_user_id) DO UPDATE SET name = EXCLUDED.name, enrollment_id = EXCLUDED.enrollment_id
                """, [.int(classID), .int(student.studentUserID), .text(student.name), .text(student.idNumber), .int(student.enrollmentID)])
        }
    }

    /// CL-6: live hours per student of the class (credited lessons' hours) unless frozen.
    static let hoursColumns = """
        s.student_user_id, s.name, s.id_number, s.enrollment_id, s.reported,
        coalesce(s.credited_hours, (SELECT coalesce(sum(l.hours), 0) FROM attendance a JOIN lessons l ON l.id = a.lesson_id
                                    WHERE a.class_id = s.class_id AND a.student_user_id = s.student_user_id AND a.credited))::bigint AS credited,
        (SELECT count(*) FROM attendance a WHERE a.class_id = s.class_id AND a.student_user_id = s.student_user_id AND a.credited) AS attended
        """

    static func student(_ row: Row, requiredHours: Int) throws -> Classes_V1_ClassStudent {
        var student = Classes_V1_ClassStudent()
        student.studentUserID = try row.decode("student_user_id")
        student.name = try row.decode("name")
        student.idNumber = try row.decode("id_number")
        student.enrollmentID = try row.decode("enrollment_id")
        student.reported = try row.decode("reported")
        student.creditedHours = UInt32(clamping: try row.decode("credited", as: Int64.self))
        student.attendedLessons = try row.decode("attended")
        student.eligible = HoursLedger.eligible(credited: Int(student.creditedHours), required: requiredHours)
        return student
    }

    /// One page of the roster, by student id.
    static func roster(_ window: PageWindow, classID: Int64, requiredHours: Int, _ tx: some SQLExecutor) throws -> Page<Classes_V1_ClassStudent> {
        try window.fetch(tx, columns: hoursColumns, from: "FROM class_students s WHERE s.class_id = $1", parameters: [.int(classID)],
                         id: "s.student_user_id", { try student($0, requiredHours: requiredHours) }, itemID: { $0.studentUserID })
    }

    /// The whole roster with hours.
    static func allStudents(classID: Int64, requiredHours: Int, _ tx: some SQLExecutor) throws -> [Classes_V1_ClassStudent] {
        try tx.execute("SELECT \(hoursColumns) FROM class_students s WHERE s.class_id = $1 ORDER BY s.student_user_id", [.int(classID)])
            .map { try student($0, requiredHours: requiredHours) }
    }

    /// CL-5 确认考勤: freezes each student's hours and eligibility.
    static func freezeHours(classID: Int64, requiredHours: Int, _ tx: Transaction) throws {
        try tx.execute("""
            UPDATE class_students s SET credited_hours = h.credited, eligible = h.credited >= $2
            FROM (SELECT s2.student_user_id, (SELECT coalesce(sum(l.hours), 0) FROM attendance a JOIN lessons l ON l.id = a.lesson_id
                                              WHERE a.class_id = s2.class_id AND a.student_user_id = s2.student_user_id AND a.credited) AS credited
                  FROM class_students s2 WHERE s2.class_id = $1) h
            WHERE s.class_id = $1 AND s.student_user_id = h.student_user_id
            """, [.int(classID), .int(Int64(requiredHours))])
    }

    /// CL-6: the province marks the eligible students reported.
    static func markReported(classID: Int64, _ tx: Transaction) throws {
        try tx.execute("UPDATE class_students SET reported = true WHERE class_id = $1 AND eligible", [.int(classID)])
    }

    /// Whether a student is on the class's roster.
    static func isOnRoster(classID: Int64, studentUserID: Int64, _ tx: some SQLExecutor) throws -> Bool {
        try !tx.execute("SELECT 1 FROM class_students WHERE class_id = $1 AND student_user_id = $2",
                        [.int(classID), .int(studentUserID)]).isEmpty
    }

    /// The roster's student ids (B-5 notices).
    static func studentIDs(classID: Int64, _ tx: some SQLExecutor) throws -> [Int64] {
        try tx.execute("SELECT student_user_id FROM class_students WHERE class_id = $1", [.int(classID)]).map { try $0.decode("student_user_id") }
    }

    /// EN-5: per student and class, the training (hours, lessons), for the students given.
    static func training(students: [Int64], orgID: Int64?, _ tx: some SQLExecutor) throws -> [Classes_V1_StudentTraining] {
        try tx.execute("""
            SELECT c.id AS class_id, c.name AS class_name, c.state, c.required_hours, c.plan_id, \(hoursColumns),
                   (SELECT count(*) FROM lessons l WHERE l.class_id = c.id) AS lessons
            FROM class_students s JOIN classes c ON c.id = s.class_id
            WHERE s.student_user_id = ANY($1::bigint[]) AND ($2::bigint = 0 OR c.org_id = $2) ORDER BY s.student_user_id, c.id
            """, [.intArray(students), .int(orgID ?? 0)]).map { row in
            let required: Int = try row.decode("required_hours")
            let student = try student(row, requiredHours: required)
            var training = Classes_V1_StudentTraining()
            training.studentUserID = student.studentUserID
            training.classID = try row.decode("class_id")
            training.className = try row.decode("class_name")
            training.classState = ClassStatus(rawValue: try row.decode("state"))?.proto ?? .unspecified
            training.creditedHours = student.creditedHours
            training.requiredHours = UInt32(required)
            training.attendedLessons = student.attendedLessons
            training.lessons = try row.decode("lessons")
            training.eligible = student.eligible
            training.planID = try row.decode("plan_id")
            return training
        }
    }
}

/// SQL for a student's own views (CL-3 我的班级, CL-5 today's lessons).
extension ClassStore {
    /// One page of the classes whose roster has the student, newest first (drafts not shown).
    static func studentClasses(_ window: PageWindow, studentUserID: Int64, applicationDays: Int, startDays: Int,
                               _ tx: some SQLExecutor) throws -> Page<Classes_V1_Class> {
        try window.fetch(tx, columns: columns, from: """
            FROM classes c WHERE c.state IN ('approved', 'in_training', 'finished')
              AND EXISTS (SELECT 1 FROM class_students s WHERE s.class_id = c.id AND s.student_user_id = $1)
            """, parameters: [.int(studentUserID)], id: "c.id", order: .newestFirst,
            { try classRow($0, applicationDays: applicationDays, startDays: startDays) }, itemID: { $0.id })
    }

    /// The student's lessons in approved or running classes: of one class, or (classID 0) those
    /// between `from` and `to`; with the class's id, name and venue.
    static func studentLessons(studentUserID: Int64, classID: Int64, from: Int64, to: Int64,
                               _ tx: some SQLExecutor) throws -> [(lesson: Classes_V1_Lesson, classID: Int64, className: String, venue: Classes_V1_Venue)] {
        try tx.execute("""
            SELECT l.id, l.content, coalesce(l.teacher_id, 0) AS teacher_id, coalesce(t.name, '') AS teacher_name,
                   coalesce(t.role, '') AS teacher_role, extract(epoch FROM l.start_at)::bigint AS start_unix,
                   extract(epoch FROM l.end_at)::bigint AS end_unix, l.place, l.hours,
                   c.id AS class_id, c.name AS class_name, c.venue_name, c.venue_address, c.venue_latitude, c.venue_longitude, c.venue_radius
            FROM class_students s JOIN classes c ON c.id = s.class_id JOIN lessons l ON l.class_id = c.id
            LEFT JOIN teachers t ON t.id = l.teacher_id
            WHERE s.student_user_id = $1 AND c.state IN ('approved', 'in_training', 'finished')
              AND (($2::bigint <> 0 AND c.id = $2) OR ($2::bigint = 0 AND l.start_at >= to_timestamp($3) AND l.start_at < to_timestamp($4)))
            ORDER BY l.start_at, l.id
            """, [.int(studentUserID), .int(classID), .double(Double(from)), .double(Double(to))]).map { row in
            (try lesson(row), try row.decode("class_id"), try row.decode("class_name"), try venue(row))
        }
    }
}

extension ClassStatus {
    var proto: Classes_V1_ClassState {
        switch self {
        case .draft: .draft
        case .submitted: .submitted
        case .approved: .approved
        case .rejected: .rejected
        case .inTraining: .inTraining
        case .finished: .finished
        }
    }

    init?(_ proto: Classes_V1_ClassState) {
        guard let status = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = status
    }
}
