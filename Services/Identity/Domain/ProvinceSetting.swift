/// SPEC §0: a numbered rule (省级参数) the province sets, with the range a value may take and the
/// default the system ships. Stored in `province_settings` with an effective date; every service
/// reads the value in force (identity directly, the others through `IdentityDirectory`).
public struct ProvinceSetting: Hashable, Sendable {
    public let key: String
    /// 中文名称, as the settings page shows it.
    public let name: String
    /// The page's section: 登录与安全, 短信验证码, 会话, 报名, 开班, 考勤, 考核, 继续教育.
    public let group: String
    public let unit: String
    public let range: ClosedRange<Int>
    public let defaultValue: Int

    init(_ key: String, _ name: String, _ group: String, _ unit: String, _ range: ClosedRange<Int>, _ defaultValue: Int) {
        self.key = key
        self.name = name
        self.group = group
        self.unit = unit
        self.range = range
        self.defaultValue = defaultValue
    }

    /// Every setting, in the order the page lists them. A key not here cannot be set: no code
    /// would read it.
    public static let all: [ProvinceSetting] = [
        .init("login.max_failures", "连续输错密码锁定次数", "登录与安全", "次", 3...20, 5),
        .init("login.failure_window_seconds", "输错次数的统计时段", "登录与安全", "秒", 60...86_400, 900),
        .init("login.lock_seconds", "账户锁定时长", "登录与安全", "秒", 60...86_400, 1800),
        .init("session.idle_seconds", "无操作自动退出时间", "登录与安全", "秒", 300...86_400, 1800),
        .init("session.absolute_seconds", "登录有效期", "登录与安全", "秒", 3600...604_800, 43_200),
        .init("sms.code_validity_seconds", "短信验证码有效期", "短信验证码", "秒", 60...1800, 300),
        .init("sms.min_interval_seconds", "同一手机号发送间隔", "短信验证码", "秒", 30...600, 60),
        .init("sms.max_per_hour", "同一手机号每小时最多发送", "短信验证码", "条", 1...50, 5),
        .init("sms.max_per_hour_per_ip", "同一网络地址每小时最多发送", "短信验证码", "条", 1...1000, 20),
        .init("sms.max_failed_attempts", "验证码最多输错次数", "短信验证码", "次", 1...10, 5),
        .init("enrollment.plan_max_days", "报名计划最长天数", "报名", "天", 1...366, 31),
        .init("enrollment.image_max_kb", "报名图片大小上限", "报名", "KB", 100...3584, 2048),
        .init("enrollment.document_max_kb", "报名PDF文件大小上限", "报名", "KB", 100...3584, 3072),
        .init("enrollment.uploads_per_day", "每名学员每天最多上传文件数", "报名", "个", 5...500, 30),
        .init("enrollment.plan_review_days", "报名计划审核期限", "报名", "天", 1...30, 5),
        .init("enrollment.class_application_days", "报名结束后提交开班申请期限", "开班", "天", 1...60, 3),
        .init("classes.training_start_min_days", "开班申请后最早开训天数", "开班", "天", 0...90, 7),
        .init("classes.min_safety_teachers", "开班须有安全知识教师", "开班", "名", 0...20, 2),
        .init("classes.min_theory_teachers", "开班须有本工种理论教师", "开班", "名", 0...20, 1),
        .init("classes.min_assessors", "提交考核计划须有本专业考评员", "开班", "名", 0...50, 8),
        .init("classes.review_days", "开班申请审核期限", "开班", "天", 1...30, 5),
        .init("attendance.sign_in_before_minutes", "课前可签到时间", "考勤", "分钟", 0...240, 30),
        .init("attendance.sign_in_after_minutes", "开课后仍可签到时间", "考勤", "分钟", 0...120, 15),
        .init("attendance.sign_out_before_minutes", "下课前可签退时间", "考勤", "分钟", 0...120, 10),
        .init("attendance.sign_out_after_minutes", "下课后仍可签退时间", "考勤", "分钟", 0...240, 30),
        .init("attendance.check_venue_code", "校验现场动态二维码", "考勤", "1开启/0关闭", 0...1, 1),
        .init("attendance.check_geofence", "校验签到位置在培训场地范围内", "考勤", "1开启/0关闭", 0...1, 1),
        .init("attendance.check_photo", "签到须拍照并比对照片重复", "考勤", "1开启/0关闭", 0...1, 1),
        .init("attendance.check_device", "校验一人一机", "考勤", "1开启/0关闭", 0...1, 1),
        .init("attendance.check_travel", "校验两次签到间的移动速度", "考勤", "1开启/0关闭", 0...1, 1),
        .init("attendance.max_travel_kmh", "两次签到间最大合理速度", "考勤", "公里/小时", 50...1000, 300),
        .init("attendance.photo_match_bits", "照片判为重复的感知哈希差异上限", "考勤", "位", 0...20, 6),
        .init("assessment.review_by_city", "考核计划由市级主管部门审核", "考核", "1是/0否（省级审核）", 0...1, 0),
        .init("assessment.review_days", "考核计划及成绩审核期限", "考核", "天", 1...30, 5),
        .init("assessment.pass_theory", "理论成绩合格分数线", "考核", "分", 0...100, 60),
        .init("assessment.pass_practice", "实操成绩合格分数线", "考核", "分", 0...100, 60),
        .init("assessment.cheating_bar_days", "违纪考生禁考天数", "考核", "天", 0...1825, 365),
        .init("assessment.no_show_limit", "缺考锁定次数", "考核", "次", 1...20, 3),
        .init("assessment.no_show_window_days", "缺考次数的统计时段", "考核", "天", 30...1825, 365),
        .init("assessment.no_show_lock_days", "缺考锁定身份证号天数", "考核", "天", 0...1825, 365),
        .init("certificates.validity_years", "证书有效期", "证书", "年", 1...10, 3),
        .init("certificates.review_days", "证书业务审核期限", "证书", "天", 1...30, 5),
        .init("certificates.employer_changes_per_year", "每证每年工作单位变更次数上限", "证书", "次", 1...50, 5),
        .init("ce.hours_per_year", "继续教育每年学时", "继续教育", "学时", 1...500, 32),
        .init("ce.professional_hours_per_year", "其中专业课学时", "继续教育", "学时", 0...500, 22),
        .init("ce.hours_per_two_years_before_retraining", "两年累计学时低于此数须重新培训", "继续教育", "学时", 1...1000, 64),
    ]

    private static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// The setting with this key, or nil.
    public static func named(_ key: String) -> ProvinceSetting? { byKey[key] }

    /// The shipped default of `key` (0 for a key that is no setting).
    public static func defaultValue(_ key: String) -> Int { byKey[key]?.defaultValue ?? 0 }

    /// Rules between settings that must hold on every day: what the settings in force on a day
    /// (`value(key)`, defaults filled in) must satisfy.
    /// - Throws: `IdentityError.settingsConflict` naming the rule broken.
    public static func checkTogether(_ value: (String) -> Int) throws(IdentityError) {
        if value("ce.professional_hours_per_year") > value("ce.hours_per_year") {
            throw .settingsConflict("继续教育专业课学时不能超过每年学时")
        }
        if value("session.idle_seconds") > value("session.absolute_seconds") {
            throw .settingsConflict("无操作自动退出时间不能超过登录有效期")
        }
        if value("ce.hours_per_two_years_before_retraining") > 2 * value("ce.hours_per_year") {
            throw .settingsConflict("两年累计学时的要求不能超过每年学时的两倍")
        }
    }
}

/// SPEC §0: the province's settings as scheduled: for each key the version in force today and
/// those taking effect later. A change or a cancellation is checked here before it is stored.
public struct SettingsSchedule: Sendable {
    public private(set) var schedules: [String: Schedule<Int>]
    public let today: CalendarDate

    /// - Parameter versions: the version in force today of each key and every later one.
    public init(_ versions: [(key: String, date: CalendarDate, value: Int)], today: CalendarDate) {
        var schedules: [String: Schedule<Int>] = [:]
        for version in versions { schedules[version.key, default: Schedule()].set(version.value, from: version.date) }
        self.schedules = schedules
        self.today = today
    }

    /// The value of `key` in force on `day` (the default when none is stored).
    public func value(_ key: String, on day: CalendarDate) -> Int {
        schedules[key]?.value(on: day) ?? ProvinceSetting.defaultValue(key)
    }

    /// Schedules `value` for `key` from the date in `effectiveFrom` (unchanged when it throws).
    /// - Returns: the setting and the date.
    /// - Throws: `IdentityError.settingUnknown`, `.settingOutOfRange`, `.effectiveDateInvalid`,
    ///   `.effectiveDateInPast`, or `.settingsConflict` when the rules between settings would
    ///   break on that day or a later one with a scheduled change.
    public mutating func change(_ key: String, to value: Int, effectiveFrom: String) throws(IdentityError) -> (ProvinceSetting, CalendarDate) {
        guard let setting = ProvinceSetting.named(key) else { throw .settingUnknown }
        guard setting.range.contains(value) else {
            throw .settingOutOfRange(minimum: setting.range.lowerBound, maximum: setting.range.upperBound, unit: setting.unit)
        }
        let date = try EffectiveDate.check(effectiveFrom, today: today)
        var next = schedules
        next[key, default: Schedule()].set(value, from: date)
        try Self.checkTogether(next, from: date)
        schedules = next
        return (setting, date)
    }

    /// Withdraws the change of `key` that would take effect on `effectiveFrom` (a later day;
    /// unchanged when it throws).
    /// - Throws: `IdentityError.settingUnknown`, `.effectiveDateInvalid`, `.changeAlreadyInForce`
    ///   (today or earlier: set a new value instead), `.notFound("待生效的设置")`, or
    ///   `.settingsConflict` when the settings left would break a rule.
    public mutating func cancel(_ key: String, effectiveFrom: String) throws(IdentityError) -> (ProvinceSetting, CalendarDate) {
        guard let setting = ProvinceSetting.named(key) else { throw .settingUnknown }
        let date = try EffectiveDate.checkCancellable(effectiveFrom, today: today)
        var next = schedules
        guard next[key]?.remove(from: date) == true else { throw .notFound("待生效的设置") }
        try Self.checkTogether(next, from: date)
        schedules = next
        return (setting, date)
    }

    /// The rules between settings of `schedules` on `day` and on every later day a version begins.
    private static func checkTogether(_ schedules: [String: Schedule<Int>], from day: CalendarDate) throws(IdentityError) {
        let days = Set([day] + schedules.values.flatMap { $0.dates(from: day) }).sorted()
        for day in days {
            try ProvinceSetting.checkTogether { schedules[$0]?.value(on: day) ?? ProvinceSetting.defaultValue($0) }
        }
    }
}
