import ClassesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// The student's pages: my classes with hours (CL-3, CL-6), and lessons with their windows and
/// records (CL-5), timed by the server's clock.
extension ClassesService {
    public func listMyClasses(_ request: Classes_V1_MyClassesRequest, context: CallContext) async throws -> Classes_V1_MyClassesResponse {
        let caller = try Self.student(context)
        let window = try PageWindow(request.page)
        let settings = try await settings(context)
        return try await transaction(context) { tx in
            let page = try ClassStore.studentClasses(window, studentUserID: caller.userID, applicationDays: settings.applicationDays,
                                                     startDays: settings.trainingStartDays, tx)
            let hours = Dictionary(try ClassStore.training(students: [caller.userID], orgID: nil, tx).map { ($0.classID, $0) },
                                   uniquingKeysWith: { first, _ in first })
            var response = Classes_V1_MyClassesResponse()
            response.classes = page.items.map { item in
                var mine = Classes_V1_MyClass()
                mine.class = item
                mine.creditedHours = hours[item.id]?.creditedHours ?? 0
                mine.eligible = hours[item.id]?.eligible ?? false
                return mine
            }
            response.page = page.info
            return response
        }
    }

    /// A class's lessons, or (class 0) today's (Asia/Shanghai) in every class of the student.
    public func listMyLessons(_ request: Classes_V1_MyLessonsRequest, context: CallContext) async throws -> Classes_V1_MyLessonsResponse {
        let caller = try Self.student(context)
        let settings = try await settings(context)
        let now = Self.now
        let today = ShanghaiCalendar.startOfDay(atUnix: now)
        return try await transaction(context) { tx in
            let lessons = try ClassStore.studentLessons(studentUserID: caller.userID, classID: request.classID, from: today,
                                                        to: today + 86_400, tx)
            let records = try AttendanceStore.studentRecords(studentUserID: caller.userID, lessonIDs: lessons.map(\.lesson.id), tx)
            var response = Classes_V1_MyLessonsResponse()
            response.nowUnix = now
            response.lessons = lessons.map { entry in
                let window = AttendanceWindow(lessonStart: entry.lesson.startUnix, lessonEnd: entry.lesson.endUnix, settings: settings.attendance)
                var mine = Classes_V1_MyLesson()
                mine.lesson = entry.lesson
                mine.classID = entry.classID
                mine.className = entry.className
                mine.venue = entry.venue
                mine.signInOpensUnix = window.signIn.lowerBound
                mine.signInClosesUnix = window.signIn.upperBound
                mine.signOutOpensUnix = window.signOut.lowerBound
                mine.signOutClosesUnix = window.signOut.upperBound
                mine.record = records[entry.lesson.id]
                return mine
            }
            return response
        }
    }
}
