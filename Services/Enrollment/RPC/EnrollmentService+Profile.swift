import CommonRules
import EnrollmentDomain
import Proto
import RPC
import ServiceHost
import Storage

/// EN-6: the student's photo, confirmed or returned by an institution they enrolled with; and the
/// student's messages.
extension EnrollmentService {
    /// The student's own profile, or (for an org user) that of a student enrolled in their scope.
    public func getProfile(_ request: Enrollment_V1_StudentProfileRequest, context: CallContext) async throws -> Enrollment_V1_Profile {
        let caller = try context.requireCaller()
        if caller.orgID == nil {
            try caller.require(Permission.studentSelf)
            guard request.studentUserID == 0 || request.studentUserID == caller.userID else { throw EnrollmentError.notFound("学员") }
            return try await transaction(context) { tx in try Self.profile(caller.userID, tx) }
        }
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove)
        let scope = try await scope(orgID, context)
        return try await transaction(context) { tx in
            try Self.requireEnrolled(request.studentUserID, in: scope, tx)
            return try Self.profile(request.studentUserID, tx)
        }
    }

    /// The student sets an uploaded photo; it waits for confirmation (待确认) again.
    public func setPhoto(_ request: Enrollment_V1_SetPhotoRequest, context: CallContext) async throws -> Enrollment_V1_Profile {
        let caller = try Self.student(context)
        return try await transaction(context) { tx in
            try Self.requireOwnFile(request.fileID, .photo, owner: caller.userID, field: "fileId", tx)
            try tx.execute("""
                INSERT INTO profiles (user_id, photo_file_id, photo_state) VALUES ($1, $2, 'pending')
                ON CONFLICT (user_id) DO UPDATE SET photo_file_id = $2, photo_state = 'pending', photo_comment = '',
                    reviewed_by = NULL, updated_at = now()
                """, [.int(caller.userID), .int(request.fileID)])
            try Self.log("profile.photo.set", "student", caller.userID, by: caller, context, tx)
            return try Self.profile(caller.userID, tx)
        }
    }

    /// An institution the student enrolled with confirms the photo or returns it with a reason.
    public func reviewPhoto(_ request: Enrollment_V1_ReviewPhotoRequest, context: CallContext) async throws -> Enrollment_V1_Profile {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview)
        let comment = request.comment.trimmingSpaces
        guard request.confirm || !comment.isEmpty else { throw EnrollmentError.commentRequired }
        guard comment.count <= 500 else { throw EnrollmentError.textTooLong("comment") }
        return try await transaction(context) { tx in
            try Self.requireEnrolled(request.studentUserID, in: [orgID], tx)
            let changed = try tx.execute("""
                UPDATE profiles SET photo_state = $2, photo_comment = $3, reviewed_by = $4, updated_at = now()
                WHERE user_id = $1 AND photo_state = 'pending' RETURNING user_id
                """, [.int(request.studentUserID), .text(request.confirm ? "confirmed" : "returned"),
                      .text(request.confirm ? "" : comment), .int(caller.userID)])
            guard !changed.isEmpty else { throw EnrollmentError.photoNotPending }
            if !request.confirm {
                try self.notifier.notify(userID: request.studentUserID, text: "您的证件照被退回：\(comment)。请重新上传。", in: tx)
            }
            try Self.log(request.confirm ? "profile.photo.confirm" : "profile.photo.return", "student", request.studentUserID,
                         by: caller, context, tx)
            return try Self.profile(request.studentUserID, tx)
        }
    }

    /// The student's messages, newest first: what `OutboxStudentNotifier` wrote for them (the
    /// mini-program's message list; a push channel would deliver the same rows).
    public func listMyNotifications(_ request: Enrollment_V1_ListNotificationsRequest, context: CallContext) async throws -> Enrollment_V1_ListNotificationsResponse {
        let caller = try Self.student(context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try window.fetch(tx, columns: "id, text, extract(epoch FROM created_at)::bigint AS created_unix",
                                        from: "FROM student_notifications WHERE user_id = $1", parameters: [.int(caller.userID)],
                                        id: "id", order: .newestFirst, { row in
                var notification = Enrollment_V1_Notification()
                notification.id = try row.decode("id")
                notification.text = try row.decode("text")
                notification.createdAtUnix = try row.decode("created_unix")
                return notification
            }, itemID: { $0.id })
            var response = Enrollment_V1_ListNotificationsResponse()
            response.notifications = page.items
            response.page = page.info
            return response
        }
    }

    static func profile(_ userID: Int64, _ tx: Transaction) throws -> Enrollment_V1_Profile {
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

    /// - Throws: NOT_FOUND unless the student has an enrollment (not withdrawn) with one of `orgs`.
    static func requireEnrolled(_ studentID: Int64, in orgs: [Int64], _ tx: Transaction) throws {
        guard try !tx.execute("""
            SELECT 1 FROM enrollments WHERE student_user_id = $1 AND org_id = ANY($2::bigint[]) AND state <> 'withdrawn' LIMIT 1
            """, [.int(studentID), .intArray(orgs)]).isEmpty else { throw EnrollmentError.notFound("学员") }
    }
}
