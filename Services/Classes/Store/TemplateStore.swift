import ClassesDomain
import Proto
import ServiceHost
import Storage

/// SQL for course templates (CL-1, `course_templates`, `template_lessons`).
enum TemplateStore {
    static let columns = """
        t.id, t.org_id, t.name, t.post, extract(epoch FROM t.updated_at)::bigint AS updated_unix,
        (SELECT coalesce(sum(hours), 0) FROM template_lessons l WHERE l.template_id = t.id) AS hours
        """

    static func template(_ row: Row) throws -> Classes_V1_CourseTemplate {
        var template = Classes_V1_CourseTemplate()
        template.id = try row.decode("id")
        template.orgID = try row.decode("org_id")
        template.name = try row.decode("name")
        template.post = try row.decode("post")
        template.hours = try row.decode("hours")
        template.updatedAtUnix = try row.decode("updated_unix")
        return template
    }

    /// One template with its lessons.
    static func load(_ id: Int64, forUpdate: Bool = false, _ tx: some SQLExecutor) throws -> Classes_V1_CourseTemplate? {
        guard var template = try tx.execute("SELECT \(columns) FROM course_templates t WHERE t.id = $1" + (forUpdate ? " FOR UPDATE" : ""),
                                            [.int(id)]).first.map(template) else { return nil }
        template.lessons = try tx.execute("""
            SELECT l.content, coalesce(l.teacher_id, 0) AS teacher_id, coalesce(te.name, '') AS teacher_name, l.day,
                   l.start_minute, l.end_minute, l.place, l.hours
            FROM template_lessons l LEFT JOIN teachers te ON te.id = l.teacher_id WHERE l.template_id = $1 ORDER BY l.seq
            """, [.int(id)]).map { row in
            var lesson = Classes_V1_TemplateLesson()
            lesson.content = try row.decode("content")
            lesson.teacherID = try row.decode("teacher_id")
            lesson.teacherName = try row.decode("teacher_name")
            lesson.day = try row.decode("day")
            lesson.startMinute = try row.decode("start_minute")
            lesson.endMinute = try row.decode("end_minute")
            lesson.place = try row.decode("place")
            lesson.hours = try row.decode("hours")
            return lesson
        }
        return template
    }

    static func insert(orgID: Int64, name: String, post: String, _ tx: Transaction) throws -> Int64 {
        try tx.execute("INSERT INTO course_templates (org_id, name, post) VALUES ($1, $2, $3) RETURNING id",
                       [.int(orgID), .text(name), .text(post)]).first?.decode("id") ?? 0
    }

    static func update(_ id: Int64, name: String, post: String, _ tx: Transaction) throws {
        try tx.execute("UPDATE course_templates SET name = $2, post = $3, updated_at = now() WHERE id = $1", [.int(id), .text(name), .text(post)])
    }

    static func setLessons(_ id: Int64, _ lessons: [TemplateLessonPlan], _ tx: Transaction) throws {
        try tx.execute("DELETE FROM template_lessons WHERE template_id = $1", [.int(id)])
        for (seq, lesson) in lessons.enumerated() {
            try tx.execute("""
                INSERT INTO template_lessons (template_id, seq, content, teacher_id, day, start_minute, end_minute, place, hours)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, [.int(id), .int(Int64(seq)), .text(lesson.content), lesson.teacherID.map { .int($0) } ?? .null, .int(Int64(lesson.day)),
                      .int(Int64(lesson.startMinute)), .int(Int64(lesson.endMinute)), .text(lesson.place), .int(Int64(lesson.hours))])
        }
    }

    static func delete(_ id: Int64, _ tx: Transaction) throws {
        try tx.execute("DELETE FROM course_templates WHERE id = $1", [.int(id)])
    }

    /// One page of an institution's templates, newest first.
    static func list(_ window: PageWindow, orgs: [Int64], post: String, _ tx: some SQLExecutor) throws -> Page<Classes_V1_CourseTemplate> {
        try window.fetch(tx, columns: columns, from: "FROM course_templates t WHERE t.org_id = ANY($1::bigint[]) AND ($2 = '' OR t.post = $2)",
                         parameters: [.intArray(orgs), .text(post)], id: "t.id", order: .newestFirst, template) { $0.id }
    }
}
