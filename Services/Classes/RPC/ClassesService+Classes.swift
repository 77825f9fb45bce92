import ClassesDomain
import CommonRules
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// CL-2, CL-3: classes for closed plans, their schedules and rosters, and their life from draft
/// to finished. Applications go through the approval engine (B-6, flow `class`).
extension ClassesService {
    /// CL-2: a draft class for a closed plan of the caller's institution and one of its posts;
    /// with a template, its lessons from the template's days counted from `first_day_unix`.
    public func createClass(_ request: Classes_V1_CreateClassRequest, context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let name = request.name.trimmingSpaces
        guard (1...100).contains(name.count) else { throw ClassesError.nameInvalid }
        let venue = try Self.venue(request.venue)
        let organisation = try await identity.scope(of: orgID, deadline: context.forwarded).organisation ?? Identity_V1_Organisation()
        let roster = try await enrollment.roster(planID: request.planID, post: request.post, options: context.forwarded)
        guard let plan = roster.plan, plan.orgID == orgID else { throw ClassesError.notFound("报名计划") }
        guard plan.state == .approved, plan.endUnix <= Self.now else { throw ClassesError.planNotClosed }
        guard plan.posts.contains(request.post) else { throw ClassesError.postNotInPlan }
        let required = try await requiredHours(request.post, context)
        let settings = try await settings(context)
        let secret = Crypto.randomBytes(32)
        return try await transaction(context) { tx in
            if let earlier = try OperationLog.earlierTarget("class.create", key: request.requestID, in: tx),
               let created = try ClassStore.load(earlier, tx) { return created }
            guard try ClassStore.exists(planID: plan.id, post: request.post, tx) == nil else { throw ClassesError.classExists }
            var lessons: [LessonPlan] = []
            if request.templateID != 0 {
                guard let template = try TemplateStore.load(request.templateID, tx), template.orgID == orgID else {
                    throw ClassesError.notFound("课程模板")
                }
                let firstDay = ShanghaiCalendar.startOfDay(atUnix: request.firstDayUnix)
                lessons = try LessonPlan.validate(template.lessons.map { Self.templateLesson($0).lesson(firstDay: firstDay) }, requireAny: false)
            }
            let id = try ClassStore.insert(orgID: orgID, orgName: organisation.name, divisionCode: String(organisation.divisionCode.prefix(4)),
                                           plan: plan, post: request.post, name: name, venue: venue, requiredHours: required,
                                           secret: secret, createdBy: caller.userID, tx)
            try ClassStore.replaceLessons(classID: id, lessons, tx)
            try ClassStore.setRoster(classID: id, roster.students, tx)
            try Self.log("class.create", "class", id, by: caller, key: request.requestID, context, tx)
            return try ClassStore.load(id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }

    /// Name, venue and the whole schedule while the class is a draft or rejected; after approval
    /// only the schedule's times and places (B-5: the students are told of every moved lesson).
    public func updateClass(_ request: Classes_V1_UpdateClassRequest, context: CallContext) async throws -> Classes_V1_Class {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let name = request.name.trimmingSpaces
        guard (1...100).contains(name.count) else { throw ClassesError.nameInvalid }
        let venue = try Self.venue(request.venue)
        let lessons = try LessonPlan.validate(request.lessons.map(Self.lessonPlan), requireAny: false)
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            let current = try Self.ownClass(request.classID, orgID, tx)
            let state = ClassStatus(current.state) ?? .draft
            try Self.checkTeachers(lessons.map(\.teacherID), orgID: orgID, tx)
            if ClassAction.edit.next(from: state) != nil {
                try ClassStore.update(current.id, name: name, venue: venue, tx)
                try ClassStore.replaceLessons(classID: current.id, lessons, tx)
                try Self.log("class.update", "class", current.id, by: caller, context, tx)
            } else if ClassAction.changeSchedule.next(from: state) != nil {
                guard current.attendanceConfirmedUnix == 0 else { throw ClassesError.attendanceFrozen }
                let past = current.lessons.filter { $0.endUnix <= now }
                for lesson in past where !lessons.contains(where: { $0.id == lesson.id && $0.start == lesson.startUnix && $0.end == lesson.endUnix }) {
                    throw ClassesError.lessonInvalid(index: lessons.firstIndex { $0.id == lesson.id } ?? 0, field: "startUnix")
                }
                let moved = try ClassStore.replaceLessons(classID: current.id, lessons, tx)
                if !moved.isEmpty {
                    let students = try ClassStore.studentIDs(classID: current.id, tx)
                    for lesson in lessons where lesson.id.map(moved.contains) ?? false {
                        let text = Text.scheduleChanged(className: current.name, lesson: lesson)
                        for student in students { try OutboxStore.append(userID: student, text: text, tx) }
                    }
                }
                try Self.log("class.change_schedule", "class", current.id, by: caller, context, tx)
            } else {
                throw ClassesError.stepNotAllowed(state)
            }
            return try ClassStore.load(current.id, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)!
        }
    }

    /// One class with its schedule and review timeline: its institution's and the authorities' above.
    public func getClass(_ request: Classes_V1_ClassRequest, context: CallContext) async throws -> Classes_V1_Class {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        let settings = try await settings(context)
        let (item, events) = try await transaction(context) { tx in
            guard let item = try ClassStore.load(request.classID, applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx),
                  orgs.contains(item.orgID) else { throw ClassesError.notFound("班级") }
            return (item, try Approvals.timeline(ClassStatus.flow(reviewDays: 0), item.id, tx))
        }
        var answer = item
        answer.timeline = try await reviewTimeline(events, context)
        return answer
    }

    /// Classes of the caller's institution, or of the institutions below an authority; with
    /// `awaiting_my_review` those waiting at the caller's stop.
    public func listClasses(_ request: Classes_V1_ListClassesRequest, context: CallContext) async throws -> Classes_V1_ListClassesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        var orgs = try await scope(orgID, context)
        if request.orgID != 0 { orgs = orgs.contains(request.orgID) ? [request.orgID] : [] }
        let window = try PageWindow(request.page)
        let settings = try await settings(context)
        let state = ClassStatus(request.state)?.rawValue ?? ""
        let scope = orgs
        return try await transaction(context) { tx in
            let page = try ClassStore.list(window, orgs: scope, state: state, planID: request.planID, name: request.name.trimmingSpaces,
                                           reviewerOrgID: request.awaitingMyReview ? orgID : nil,
                                           applicationDays: settings.applicationDays, startDays: settings.trainingStartDays, tx)
            var response = Classes_V1_ListClassesResponse()
            response.classes = page.items
            response.page = page.info
            return response
        }
    }

    /// CL-6: the roster with each student's hours.
    public func listRoster(_ request: Classes_V1_ListRosterRequest, context: CallContext) async throws -> Classes_V1_ListRosterResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            guard let item = try ClassStore.load(request.classID, tx), orgs.contains(item.orgID) else { throw ClassesError.notFound("班级") }
            let page = try ClassStore.roster(window, classID: item.id, requiredHours: Int(item.requiredHours), tx)
            var response = Classes_V1_ListRosterResponse()
            response.students = page.items
            response.page = page.info
            return response
        }
    }

    // MARK: Helpers

    /// A class of the caller's own institution, locked.
    static func ownClass(_ id: Int64, _ orgID: Int64, _ tx: Transaction) throws -> Classes_V1_Class {
        guard let item = try ClassStore.load(id, forUpdate: true, tx), item.orgID == orgID else { throw ClassesError.notFound("班级") }
        return item
    }

    static func venue(_ venue: Classes_V1_Venue?) throws -> VenueSite {
        let venue = venue ?? Classes_V1_Venue()
        return try VenueSite(name: venue.name, address: venue.address, latitude: venue.latitude, longitude: venue.longitude,
                             system: venue.coordinateSystem == .gcj02 ? .gcj02 : .wgs84, radiusMeters: Int(venue.radiusMeters))
    }

    static func lessonPlan(_ lesson: Classes_V1_Lesson) -> LessonPlan {
        LessonPlan(id: lesson.id == 0 ? nil : lesson.id, content: lesson.content, teacherID: lesson.teacherID == 0 ? nil : lesson.teacherID,
                   start: lesson.startUnix, end: lesson.endUnix, place: lesson.place, hours: Int(lesson.hours))
    }

    /// CL-2: the post's required hours from identity's catalog (0 if it is not there).
    func requiredHours(_ post: String, _ context: CallContext) async throws -> Int {
        Int(try await identity.catalogEntries([post], deadline: context.forwarded).first?.current?.requiredHours ?? 0)
    }
}
