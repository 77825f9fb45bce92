import CommonRules

/// Messages to students (B-5), in Chinese.
public enum Text {
    /// A lesson's time or place changed after the class was approved.
    public static func scheduleChanged(className: String, lesson: LessonPlan) -> String {
        "您所在的班级“\(className)”课程“\(lesson.content)”调整为\(ShanghaiCalendar.text(atUnix: lesson.start))至"
            + "\(ShanghaiCalendar.clockTime(atUnix: lesson.end))" + (lesson.place.isEmpty ? "" : "，地点：\(lesson.place)") + "，请按时参加。"
    }
}
