import CommonRules

/// CL-2: when a class application may be submitted and when its training may start, and what
/// its schedule and teachers must cover. Natural days are Asia/Shanghai days.
public enum ApplicationRules {
    /// EN-2: the end of the `days`-th natural day after the day enrollment ended (enrollment
    /// ending on 31 January gives 1, 2, 3 February: submissions until 4 February 00:00).
    public static func submissionDeadline(enrollmentEnd: Int64, days: Int) -> Int64 {
        ShanghaiCalendar.endOfNaturalDays(days, after: enrollmentEnd)
    }

    /// CL-2: 00:00 of the natural day `days` days after the day the application was created:
    /// the earliest moment its first lesson may start.
    public static func earliestStart(createdAt: Int64, days: Int) -> Int64 {
        ShanghaiCalendar.startOfDay(atUnix: createdAt) + Int64(days) * 86_400
    }

    /// Everything a submission must satisfy, in the order a clerk would fix it.
    /// - Throws: `ClassesError.applicationTooLate`, `.noStudents`, `.lessonsRequired`,
    ///   `.startTooEarly`, `.hoursShort`, `.teachersShort`.
    public static func checkSubmission(now: Int64, enrollmentEnd: Int64, applicationDays: Int, createdAt: Int64, startDays: Int,
                                       lessons: [LessonPlan], requiredHours: Int, students: Int,
                                       safetyTeachers: Int, theoryTeachers: Int,
                                       minimumSafety: Int, minimumTheory: Int) throws(ClassesError) {
        let deadline = submissionDeadline(enrollmentEnd: enrollmentEnd, days: applicationDays)
        guard now < deadline else { throw .applicationTooLate(deadline: deadline) }
        guard students > 0 else { throw .noStudents }
        guard let first = lessons.map(\.start).min() else { throw .lessonsRequired }
        let earliest = earliestStart(createdAt: createdAt, days: startDays)
        guard first >= earliest else { throw .startTooEarly(earliest: earliest) }
        let scheduled = lessons.reduce(0) { $0 + $1.hours }
        guard scheduled >= requiredHours else { throw .hoursShort(scheduled: scheduled, required: requiredHours) }
        guard safetyTeachers >= minimumSafety, theoryTeachers >= minimumTheory else {
            throw .teachersShort(safety: safetyTeachers, theory: theoryTeachers, minimumSafety: minimumSafety, minimumTheory: minimumTheory)
        }
    }
}
