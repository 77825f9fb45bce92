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
            return try await transaction(context) { tx in try ProfileStore.load(caller.userID, tx) }
        }
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview, Permission.enrollmentPlanApprove)
        let scope = try await scope(orgID, context)
        return try await transaction(context) { tx in
            try Self.requireEnrolled(request.studentUserID, in: scope, tx)
            return try ProfileStore.load(request.studentUserID, tx)
        }
    }

    /// EN-6: 照片确认's list: the photos in one state (待确认 by default) of the students the
    /// caller's institution may review (an enrollment there, not withdrawn), one page.
    public func listStudentPhotos(_ request: Enrollment_V1_ListStudentPhotosRequest, context: CallContext) async throws -> Enrollment_V1_ListStudentPhotosResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.enrollmentReview)
        let window = try PageWindow(request.page)
        let state = ProfileStore.stored(request.state) ?? "pending"
        return try await transaction(context) { tx in
            let page = try ProfileStore.photos(of: orgID, state: state, window: window, tx)
            var response = Enrollment_V1_ListStudentPhotosResponse()
            response.photos = page.items
            response.page = page.info
            return response
        }
    }

    /// The student sets an uploaded photo; it waits for confirmation (待确认) again.
    public func setPhoto(_ request: Enrollment_V1_SetPhotoRequest, context: CallContext) async throws -> Enrollment_V1_Profile {
        let caller = try Self.student(context)
        return try await transaction(context) { tx in
            try Self.requireOwnFile(request.fileID, .photo, owner: caller.userID, field: "fileId", tx)
            try ProfileStore.setPhoto(request.fileID, of: caller.userID, tx)
            try Self.log("profile.photo.set", "student", caller.userID, by: caller, context, tx)
            return try ProfileStore.load(caller.userID, tx)
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
            guard try ProfileStore.reviewPhoto(of: request.studentUserID, confirm: request.confirm, comment: comment,
                                               by: caller.userID, tx) else { throw EnrollmentError.photoNotPending }
            if !request.confirm {
                try self.notifier.notify(userID: request.studentUserID, text: "您的证件照被退回：\(NoticeText.clause(comment))。请重新上传。", in: tx)
            }
            try Self.log(request.confirm ? "profile.photo.confirm" : "profile.photo.return", "student", request.studentUserID,
                         by: caller, context, tx)
            return try ProfileStore.load(request.studentUserID, tx)
        }
    }

    /// The student's messages, newest first: what `OutboxStudentNotifier` wrote for them (the
    /// mini-program's message list; a push channel would deliver the same rows).
    public func listMyNotifications(_ request: Enrollment_V1_ListNotificationsRequest, context: CallContext) async throws -> Enrollment_V1_ListNotificationsResponse {
        let caller = try Self.student(context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try NotificationStore.list(window, userID: caller.userID, tx)
            var response = Enrollment_V1_ListNotificationsResponse()
            response.notifications = page.items
            response.page = page.info
            return response
        }
    }

    /// B-5, asked by the classes service only: messages for the students' inbox (schedule
    /// changes), each added once by its key however often it is delivered.
    public func deliverStudentNotifications(_ request: Enrollment_V1_DeliverNotificationsRequest, context: CallContext) async throws -> Enrollment_V1_DeliverNotificationsResponse {
        try context.requirePeer(in: classApplicationPeers)
        guard request.notifications.count <= 500 else { throw RPCError.invalidArgument("一次最多投递500条", field: "notifications") }
        let notifications = request.notifications
        guard notifications.allSatisfy({ !$0.sourceKey.isEmpty && $0.userID > 0 && (1...1000).contains($0.text.count) }) else {
            throw RPCError.invalidArgument("消息不完整", field: "notifications")
        }
        var response = Enrollment_V1_DeliverNotificationsResponse()
        response.added = try await transaction(context) { tx in
            var added: UInt32 = 0
            for item in notifications where try NotificationStore.deliver(key: item.sourceKey, userID: item.userID, text: item.text,
                                                                          createdAt: item.createdAtUnix, tx) {
                added += 1
            }
            return added
        }
        return response
    }

    /// - Throws: NOT_FOUND unless the student has an enrollment (not withdrawn) with one of `orgs`.
    static func requireEnrolled(_ studentID: Int64, in orgs: [Int64], _ tx: Transaction) throws {
        guard try EnrollmentStore.isEnrolled(studentID, with: orgs, tx) else { throw EnrollmentError.notFound("学员") }
    }
}
