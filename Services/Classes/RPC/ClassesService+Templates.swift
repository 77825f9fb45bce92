import ClassesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// CL-1: course templates per post; a class created from one gets its schedule filled in.
extension ClassesService {
    public func saveTemplate(_ request: Classes_V1_SaveTemplateRequest, context: CallContext) async throws -> Classes_V1_CourseTemplate {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let lessons = request.lessons.map(Self.templateLesson)
        let name = request.name.trimmingSpaces, post = request.post.trimmingSpaces
        try TemplateLessonPlan.validate(name: name, post: post, lessons)
        return try await transaction(context) { tx in
            try Self.checkTeachers(lessons.map(\.teacherID), orgID: orgID, tx)
            let id: Int64
            if request.templateID == 0 {
                if let earlier = try OperationLog.earlierTarget("template.create", key: request.requestID, in: tx),
                   let created = try TemplateStore.load(earlier, tx) { return created }
                id = try TemplateStore.insert(orgID: orgID, name: name, post: post, tx)
                try Self.log("template.create", "template", id, by: caller, key: request.requestID, context, tx)
            } else {
                guard let current = try TemplateStore.load(request.templateID, forUpdate: true, tx), current.orgID == orgID else {
                    throw ClassesError.notFound("课程模板")
                }
                id = current.id
                try TemplateStore.update(id, name: name, post: post, tx)
                try Self.log("template.update", "template", id, by: caller, context, tx)
            }
            try TemplateStore.setLessons(id, lessons, tx)
            return try TemplateStore.load(id, tx)!
        }
    }

    public func getTemplate(_ request: Classes_V1_TemplateRequest, context: CallContext) async throws -> Classes_V1_CourseTemplate {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        return try await transaction(context) { tx in
            guard let template = try TemplateStore.load(request.templateID, tx), template.orgID == orgID else { throw ClassesError.notFound("课程模板") }
            return template
        }
    }

    public func listTemplates(_ request: Classes_V1_ListTemplatesRequest, context: CallContext) async throws -> Classes_V1_ListTemplatesResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let window = try PageWindow(request.page)
        return try await transaction(context) { tx in
            let page = try TemplateStore.list(window, orgs: [orgID], post: request.post.trimmingSpaces, tx)
            var response = Classes_V1_ListTemplatesResponse()
            response.templates = page.items
            response.page = page.info
            return response
        }
    }

    public func deleteTemplate(_ request: Classes_V1_TemplateRequest, context: CallContext) async throws -> Common_V1_Empty {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        return try await transaction(context) { tx in
            guard let template = try TemplateStore.load(request.templateID, forUpdate: true, tx), template.orgID == orgID else {
                throw ClassesError.notFound("课程模板")
            }
            try TemplateStore.delete(template.id, tx)
            try Self.log("template.delete", "template", template.id, by: caller, context, tx)
            return Common_V1_Empty()
        }
    }

    static func templateLesson(_ lesson: Classes_V1_TemplateLesson) -> TemplateLessonPlan {
        TemplateLessonPlan(content: lesson.content, teacherID: lesson.teacherID == 0 ? nil : lesson.teacherID, day: Int(lesson.day),
                           startMinute: Int(lesson.startMinute), endMinute: Int(lesson.endMinute), place: lesson.place, hours: Int(lesson.hours))
    }

    /// Every teacher named is an active teacher of the institution.
    /// - Throws: `ClassesError.teacherNotUsable` naming the first lesson that is not.
    static func checkTeachers(_ ids: [Int64?], orgID: Int64, _ tx: Transaction) throws {
        let known = try TeacherStore.names(ids.compactMap { $0 }, tx)
        for (index, id) in ids.enumerated() {
            guard let id, let teacher = known[id], teacher.orgID == orgID, teacher.active else { throw ClassesError.teacherNotUsable(index: index) }
        }
    }
}
