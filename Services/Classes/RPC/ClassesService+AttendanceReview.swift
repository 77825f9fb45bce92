import ClassesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// CL-5 for the institution and its authorities: attendance per lesson, manual corrections with
/// a reason, and B-2's review queue of pending sign-ins.
extension ClassesService {
    public func getLessonAttendance(_ request: Classes_V1_LessonAttendanceRequest, context: CallContext) async throws -> Classes_V1_LessonAttendance {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            guard let item = try ClassStore.load(request.classID, tx), orgs.contains(item.orgID),
                  let lesson = item.lessons.first(where: { $0.id == request.lessonID }) else { throw ClassesError.notFound("课程") }
            let counts = try AttendanceStore.counts(lessonID: lesson.id, tx)
            let page = try AttendanceStore.lessonRecords(window, lessonID: lesson.id, tx)
            var answer = Classes_V1_LessonAttendance()
            answer.lesson = lesson
            answer.roster = item.studentCount
            answer.signedIn = counts.signedIn
            answer.signedOut = counts.signedOut
            answer.pending = counts.pending
            answer.records = page.items
            answer.page = page.info
            return answer
        }
    }

    /// CL-5: the institution records a student's times by hand, with a reason; logged. Not after 确认考勤.
    public func correctAttendance(_ request: Classes_V1_CorrectAttendanceRequest, context: CallContext) async throws -> Classes_V1_AttendanceRecord {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let reason = request.reason.trimmingSpaces
        guard (1...200).contains(reason.count) else { throw ClassesError.reasonRequired }
        let settings = try await settings(context)
        return try await transaction(context) { tx in
            let item = try Self.ownClass(request.classID, orgID, tx)
            guard item.attendanceConfirmedUnix == 0 else { throw ClassesError.attendanceFrozen }
            guard let lesson = item.lessons.first(where: { $0.id == request.lessonID }) else { throw ClassesError.notFound("课程") }
            guard try ClassStore.isOnRoster(classID: item.id, studentUserID: request.studentUserID, tx) else { throw ClassesError.notFound("学员") }
            let signIn = request.signInUnix == 0 ? nil : request.signInUnix, signOut = request.signOutUnix == 0 ? nil : request.signOutUnix
            let window = AttendanceWindow(lessonStart: lesson.startUnix, lessonEnd: lesson.endUnix, settings: settings.attendance)
            let id = try AttendanceStore.correct(classID: item.id, lessonID: lesson.id, studentUserID: request.studentUserID, signIn: signIn,
                                                 signOut: signOut, credited: window.credits(signIn: signIn, signOut: signOut),
                                                 reason: reason, by: caller.userID, tx)
            try Self.log("attendance.correct", "attendance", id, by: caller, context, tx)
            return try AttendanceStore.load(id, tx)!
        }
    }

    /// B-2: pending sign-ins of the institution's classes (or those below an authority).
    public func listReviewQueue(_ request: Classes_V1_ReviewQueueRequest, context: CallContext) async throws -> Classes_V1_ReviewQueueResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try AttendanceStore.pending(window, classID: request.classID, orgs: orgs, tx)
            var response = Classes_V1_ReviewQueueResponse()
            response.records = page.items
            response.page = page.info
            return response
        }
    }

    /// B-2: the institution or an authority above accepts or rejects a pending sign-in, with a
    /// reason. Accepted, it credits the lesson if both times are inside their windows.
    public func reviewSignIn(_ request: Classes_V1_ReviewSignInRequest, context: CallContext) async throws -> Classes_V1_AttendanceRecord {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let reason = request.reason.trimmingSpaces
        guard (1...200).contains(reason.count) else { throw ClassesError.reasonRequired }
        let orgs = try await scope(orgID, context)
        let settings = try await settings(context)
        return try await transaction(context) { tx in
            guard let record = try AttendanceStore.load(request.recordID, forUpdate: true, tx),
                  let item = try ClassStore.load(record.classID, tx), orgs.contains(item.orgID) else { throw ClassesError.notFound("签到记录") }
            guard item.attendanceConfirmedUnix == 0 else { throw ClassesError.attendanceFrozen }
            guard record.state == .pending else { throw ClassesError.notPending }
            let lesson = item.lessons.first { $0.id == record.lessonID } ?? Classes_V1_Lesson()
            let window = AttendanceWindow(lessonStart: lesson.startUnix, lessonEnd: lesson.endUnix, settings: settings.attendance)
            let credited = request.accept && window.credits(signIn: record.signInUnix == 0 ? nil : record.signInUnix,
                                                             signOut: record.signOutUnix == 0 ? nil : record.signOutUnix)
            try AttendanceStore.review(record.id, state: request.accept ? .accepted : .rejected, reason: reason, credited: credited,
                                       by: caller.userID, tx)
            try Self.log(request.accept ? "attendance.accept" : "attendance.reject", "attendance", record.id, by: caller, context, tx)
            return try AttendanceStore.load(record.id, tx)!
        }
    }

    public func getSignInPhoto(_ request: Classes_V1_SignInPhotoRequest, context: CallContext) async throws -> Classes_V1_Image {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        return try await transaction(context) { tx in
            guard let record = try AttendanceStore.load(request.recordID, tx), let item = try ClassStore.load(record.classID, tx),
                  orgs.contains(item.orgID), let photo = try AttendanceStore.photo(record.id, tx) else { throw ClassesError.notFound("签到照片") }
            var image = Classes_V1_Image()
            image.contentType = "image/jpeg"
            image.content = photo
            return image
        }
    }
}
