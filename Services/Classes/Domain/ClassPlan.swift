import CommonRules

/// CL-2: a lesson of a class's schedule as submitted, checked by `LessonPlan.validate`.
public struct LessonPlan: Sendable, Equatable {
    /// Nil for a new lesson.
    public let id: Int64?
    public let content: String
    public let teacherID: Int64?
    public let start: Int64
    public let end: Int64
    public let place: String
    public let hours: Int

    public init(id: Int64?, content: String, teacherID: Int64?, start: Int64, end: Int64, place: String, hours: Int) {
        self.id = id
        self.content = content.trimmingSpaces
        self.teacherID = teacherID
        self.start = start
        self.end = end
        self.place = place.trimmingSpaces
        self.hours = hours
    }

    /// A schedule: each lesson with content (≤ 200), a teacher, an end after its start and at
    /// most 12 hours long, a place (≤ 100), 1…12 学时; lessons in order may not overlap.
    /// - Throws: `ClassesError.lessonInvalid`, `.lessonsOverlap`, `.lessonsRequired`.
    /// - Returns: the lessons by start.
    public static func validate(_ lessons: [LessonPlan], requireAny: Bool) throws(ClassesError) -> [LessonPlan] {
        if requireAny, lessons.isEmpty { throw .lessonsRequired }
        guard lessons.count <= 200 else { throw .lessonInvalid(index: 200, field: "lessons") }
        for (index, lesson) in lessons.enumerated() {
            guard (1...200).contains(lesson.content.count) else { throw .lessonInvalid(index: index, field: "content") }
            guard lesson.teacherID != nil else { throw .lessonInvalid(index: index, field: "teacherId") }
            guard lesson.start > 0, lesson.end > lesson.start, lesson.end - lesson.start <= 12 * 3600 else {
                throw .lessonInvalid(index: index, field: "endUnix")
            }
            guard lesson.place.count <= 100 else { throw .lessonInvalid(index: index, field: "place") }
            guard (1...12).contains(lesson.hours) else { throw .lessonInvalid(index: index, field: "hours") }
        }
        let sorted = lessons.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for index in sorted.indices.dropFirst() where sorted[index].start < sorted[index - 1].end {
            throw .lessonsOverlap(index: lessons.firstIndex(of: sorted[index]) ?? index)
        }
        return sorted
    }
}

/// CL-1: a lesson of a course template: a day of the course and minutes of that day.
public struct TemplateLessonPlan: Sendable, Equatable {
    public let content: String
    public let teacherID: Int64?
    public let day: Int
    public let startMinute: Int
    public let endMinute: Int
    public let place: String
    public let hours: Int

    public init(content: String, teacherID: Int64?, day: Int, startMinute: Int, endMinute: Int, place: String, hours: Int) {
        self.content = content.trimmingSpaces
        self.teacherID = teacherID
        self.day = day
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.place = place.trimmingSpaces
        self.hours = hours
    }

    /// The lesson on a class whose course starts on the Asia/Shanghai day beginning at `firstDay`.
    public func lesson(firstDay: Int64) -> LessonPlan {
        let day = firstDay + Int64(self.day) * 86_400
        return LessonPlan(id: nil, content: content, teacherID: teacherID, start: day + Int64(startMinute) * 60,
                          end: day + Int64(endMinute) * 60, place: place, hours: hours)
    }

    /// A template's lessons: the same checks as a class's schedule, days 0…365.
    /// - Throws: `ClassesError.templateInvalid`, `.lessonInvalid`, `.lessonsOverlap`.
    public static func validate(name: String, post: String, _ lessons: [TemplateLessonPlan]) throws(ClassesError) {
        guard (1...100).contains(name.trimmingSpaces.count) else { throw .templateInvalid(field: "name") }
        guard !post.trimmingSpaces.isEmpty else { throw .templateInvalid(field: "post") }
        for (index, lesson) in lessons.enumerated() {
            guard (0...365).contains(lesson.day) else { throw .lessonInvalid(index: index, field: "day") }
            guard (0..<1440).contains(lesson.startMinute), (1...1440).contains(lesson.endMinute) else {
                throw .lessonInvalid(index: index, field: "startMinute")
            }
        }
        _ = try LessonPlan.validate(lessons.map { $0.lesson(firstDay: 86_400) }, requireAny: true)
    }
}

/// The venue of a class: its name and address and the geofence (WGS-84 centre, radius).
public struct VenueSite: Sendable, Equatable {
    public let name: String
    public let address: String
    public let center: GeoPoint
    public let radiusMeters: Int

    /// - Parameter system: the coordinates' system; GCJ-02 (Chinese maps) is converted to WGS-84.
    /// - Throws: `ClassesError.venueInvalid`.
    public init(name: String, address: String, latitude: Double, longitude: Double, system: CoordinateSystem,
                radiusMeters: Int) throws(ClassesError) {
        guard (1...100).contains(name.trimmingSpaces.count) else { throw .venueInvalid(field: "venue.name") }
        guard address.trimmingSpaces.count <= 200 else { throw .venueInvalid(field: "venue.address") }
        guard (-90...90).contains(latitude), (-180...180).contains(longitude), latitude != 0 || longitude != 0 else {
            throw .venueInvalid(field: "venue.latitude")
        }
        guard (10...5000).contains(radiusMeters) else { throw .venueInvalid(field: "venue.radiusMeters") }
        let point = GeoPoint(latitude: latitude, longitude: longitude)
        self.name = name.trimmingSpaces
        self.address = address.trimmingSpaces
        self.center = system == .gcj02 ? Geo.wgs84(fromGCJ02: point) : point
        self.radiusMeters = radiusMeters
    }
}
