import CommonRules
import IdentityDomain
import Testing

private let today = CalendarDate(year: 2026, month: 11, day: 25)!

/// SPEC §0: the province's settings and reference catalog, changed from an effective date.
@Suite("SPEC §0: province settings and the reference catalog")
struct ProvinceSettingsTests {
    @Test("SPEC §0: effective dates are YYYY-MM-DD days, today or later, at most ten years on", arguments: [
        ("2026-11-25", true), ("2026-11-26", true), ("2028-02-29", true), ("2036-12-31", true),
        ("2026-11-24", false), ("2027-02-29", false), ("2026-13-01", false), ("2026-1-05", false), ("26-11-25", false),
        ("2026/11/25", false), ("", false), ("2037-01-01", false), ("2026-11-25T00:00", false), ("２０２６-11-25", false),
    ])
    func effectiveDates(text: String, valid: Bool) {
        if valid {
            #expect(throws: Never.self) { try EffectiveDate.check(text, today: today) }
        } else {
            #expect(throws: IdentityError.self) { try EffectiveDate.check(text, today: today) }
        }
    }

    @Test("SPEC §0: a past day is refused as such; only a change still to come can be withdrawn")
    func pastAndCancellable() throws {
        #expect(throws: IdentityError.effectiveDateInPast) { try EffectiveDate.check("2026-01-01", today: today) }
        #expect(throws: IdentityError.effectiveDateInvalid) { try EffectiveDate.check("2026-02-30", today: today) }
        #expect(throws: IdentityError.changeAlreadyInForce) { try EffectiveDate.checkCancellable("2026-11-25", today: today) }
        #expect(try EffectiveDate.checkCancellable("2026-11-26", today: today) == CalendarDate(year: 2026, month: 11, day: 26))
        #expect(CalendarDate("2026-03-09")?.description == "2026-03-09")
        #expect(CalendarDate("0999-01-01")?.description == "0999-01-01")
    }

    @Test("SPEC §0: the version in force on a day is the latest one not after it")
    func schedule() {
        let d = { CalendarDate($0)! }
        var schedule = Schedule<Int>([(d("2000-01-01"), 5), (d("2026-12-01"), 3)])
        #expect(schedule.value(on: d("1999-12-31")) == nil)
        #expect(schedule.value(on: d("2026-11-30")) == 5)
        #expect(schedule.value(on: d("2026-12-01")) == 3)
        schedule.set(4, from: d("2026-12-01"))  // the same day replaces
        schedule.set(6, from: d("2026-11-26"))
        #expect(schedule.versions.map(\.value) == [5, 6, 4])
        #expect(schedule.dates(from: d("2026-11-26")) == [d("2026-11-26"), d("2026-12-01")])
        let removed = schedule.remove(from: d("2026-11-26"))
        let again = schedule.remove(from: d("2026-11-26"))
        #expect(removed && !again)
        #expect(schedule.value(on: d("2026-11-27")) == 5)
    }

    @Test("SPEC §0: every setting has a Chinese name, a unit, and a default inside its range; the keys are unique")
    func definitions() {
        #expect(Set(ProvinceSetting.all.map(\.key)).count == ProvinceSetting.all.count)
        for setting in ProvinceSetting.all {
            #expect(setting.range.contains(setting.defaultValue), "\(setting.key)")
            #expect(!setting.name.isEmpty && !setting.unit.isEmpty && !setting.group.isEmpty)
        }
        #expect(ProvinceSetting.named("login.max_failures")?.defaultValue == 5)
        #expect(ProvinceSetting.named("ce.hours_per_year")?.defaultValue == 32)
        #expect(ProvinceSetting.named("nothing.here") == nil)
        // The defaults satisfy the rules between settings.
        #expect(throws: Never.self) { try ProvinceSetting.checkTogether(ProvinceSetting.defaultValue) }
    }

    static func current() -> SettingsSchedule {
        let shipped = CalendarDate(year: 2000, month: 1, day: 1)!
        return SettingsSchedule(ProvinceSetting.all.map { ($0.key, shipped, $0.defaultValue) }, today: today)
    }

    @Test("SPEC §0: a change in range from a later day is scheduled; the value in force stays until then")
    func change() throws {
        var schedule = Self.current()
        let (setting, date) = try schedule.change("login.max_failures", to: 3, effectiveFrom: "2026-12-01")
        #expect(setting.key == "login.max_failures" && date.description == "2026-12-01")
        #expect(schedule.value("login.max_failures", on: today) == 5)
        #expect(schedule.value("login.max_failures", on: CalendarDate("2026-11-30")!) == 5)
        #expect(schedule.value("login.max_failures", on: CalendarDate("2026-12-01")!) == 3)
        _ = try schedule.change("login.max_failures", to: 4, effectiveFrom: "2026-11-25")  // today: in force at once
        #expect(schedule.value("login.max_failures", on: today) == 4)
    }

    @Test("SPEC §0: unknown keys, values out of range and bad dates are refused with the reason", arguments: [
        ("login.nothing", 5, "2026-12-01", IdentityError.settingUnknown),
        ("login.max_failures", 2, "2026-12-01", .settingOutOfRange(minimum: 3, maximum: 20, unit: "次")),
        ("login.max_failures", 21, "2026-12-01", .settingOutOfRange(minimum: 3, maximum: 20, unit: "次")),
        ("enrollment.image_max_kb", 4096, "2026-12-01", .settingOutOfRange(minimum: 100, maximum: 3584, unit: "KB")),
        ("login.max_failures", 5, "2026-11-24", .effectiveDateInPast),
        ("login.max_failures", 5, "tomorrow", .effectiveDateInvalid),
    ])
    func refusals(key: String, value: Int, date: String, error: IdentityError) {
        var schedule = Self.current()
        #expect(throws: error) { try schedule.change(key, to: value, effectiveFrom: date) }
    }

    @Test("SPEC §0: rules between settings hold on the change's day and on every later scheduled day")
    func together() throws {
        var schedule = Self.current()
        #expect(throws: IdentityError.settingsConflict("继续教育专业课学时不能超过每年学时")) {
            try schedule.change("ce.professional_hours_per_year", to: 33, effectiveFrom: "2026-12-01")
        }
        // A later rise of the total lets the professional hours rise from that day on, not before.
        _ = try schedule.change("ce.hours_per_year", to: 40, effectiveFrom: "2027-01-01")
        #expect(throws: IdentityError.self) { try schedule.change("ce.professional_hours_per_year", to: 33, effectiveFrom: "2026-12-01") }
        _ = try schedule.change("ce.professional_hours_per_year", to: 33, effectiveFrom: "2027-01-01")
        // Lowering the total before then would break the day the professional hours rise.
        #expect(throws: IdentityError.self) { try schedule.change("ce.hours_per_year", to: 32, effectiveFrom: "2027-01-01") }
        #expect(schedule.value("ce.hours_per_year", on: CalendarDate("2027-01-01")!) == 40)  // a refused change leaves nothing
        // …and so would withdrawing the rise of the total.
        #expect(throws: IdentityError.settingsConflict("继续教育专业课学时不能超过每年学时")) {
            try schedule.cancel("ce.hours_per_year", effectiveFrom: "2027-01-01")
        }
        #expect(throws: IdentityError.settingsConflict("无操作自动退出时间不能超过登录有效期")) {
            try schedule.change("session.idle_seconds", to: 50_000, effectiveFrom: "2026-11-25")
        }
    }

    @Test("SPEC §0: only a change still to come is withdrawn")
    func cancel() throws {
        var schedule = Self.current()
        _ = try schedule.change("sms.max_per_hour", to: 8, effectiveFrom: "2026-12-01")
        #expect(throws: IdentityError.notFound("待生效的设置")) { try schedule.cancel("sms.max_per_hour", effectiveFrom: "2026-12-02") }
        #expect(throws: IdentityError.changeAlreadyInForce) { try schedule.cancel("sms.max_per_hour", effectiveFrom: "2026-11-25") }
        #expect(throws: IdentityError.settingUnknown) { try schedule.cancel("sms.nothing", effectiveFrom: "2026-12-01") }
        _ = try schedule.cancel("sms.max_per_hour", effectiveFrom: "2026-12-01")
        #expect(schedule.value("sms.max_per_hour", on: CalendarDate("2027-01-01")!) == 5)
    }

    @Test("SPEC §0: catalog codes by kind (docs/CATALOG.md)", arguments: [
        (CatalogKind.post, "011", true), (.post, "030", true), (.post, "095", true), (.post, "001", false), (.post, "111", false),
        (.post, "01", false), (.post, "0111", false), (.trade, "T01", true), (.trade, "T99", true), (.trade, "T00", false),
        (.trade, "t01", false), (.trade, "T1", false), (.trade, "X01", false), (.level, "0", true), (.level, "9", true),
        (.level, "10", false), (.level, "A", false), (.division, "3401", true), (.division, "34", true), (.division, "340", false),
    ])
    func codes(kind: CatalogKind, code: String, valid: Bool) {
        #expect(kind.isValidCode(code) == valid)
    }

    @Test("SPEC §0: a catalog version is checked against its kind and code")
    func catalogVersions() throws {
        let post = CatalogVersion(name: "施工员", specialty: "土建", requiredHours: 64)
        #expect(try CatalogChange.check(kind: .post, code: "011", version: post, exists: true) == post)
        let safety = CatalogVersion(name: "安全员", requiredHours: 64)
        #expect(try CatalogChange.check(kind: .post, code: "030", version: safety, exists: false) == safety)
        let level = CatalogVersion(name: "初级工")
        #expect(try CatalogChange.check(kind: .level, code: "5", version: level, exists: true) == level)
        let trade = CatalogVersion(name: "电工", requiredHours: 48)
        #expect(try CatalogChange.check(kind: .trade, code: "T11", version: trade, exists: false) == trade)
        var withdrawn = trade
        withdrawn.withdrawn = true
        #expect(try CatalogChange.check(kind: .trade, code: "T01", version: withdrawn, exists: true).withdrawn)

        let refusals: [(CatalogKind?, String, CatalogVersion, Bool, IdentityError)] = [
            (nil, "011", post, true, .catalogKindInvalid),
            (.division, "3401", CatalogVersion(name: "合肥市"), true, .divisionNotEditable),
            (.post, "T01", post, true, .catalogCodeInvalid(.post)),
            (.trade, "011", trade, true, .catalogCodeInvalid(.trade)),
            (.post, "011", CatalogVersion(name: "", specialty: "土建", requiredHours: 64), true, .catalogNameInvalid),
            (.post, "011", CatalogVersion(name: String(repeating: "岗", count: 31), specialty: "土建", requiredHours: 64), true,
             .catalogNameInvalid),
            (.post, "011", CatalogVersion(name: "施工员", requiredHours: 64), true, .specialtyInvalid(required: true)),
            (.post, "030", CatalogVersion(name: "安全员", specialty: "土建", requiredHours: 64), true, .specialtyInvalid(required: false)),
            (.trade, "T01", CatalogVersion(name: "砌筑工", specialty: "土建", requiredHours: 48), true, .specialtyInvalid(required: false)),
            (.post, "011", CatalogVersion(name: "施工员", specialty: "土建"), true, .requiredHoursInvalid(allowed: true)),
            (.trade, "T01", CatalogVersion(name: "砌筑工", requiredHours: 2001), true, .requiredHoursInvalid(allowed: true)),
            (.level, "5", CatalogVersion(name: "初级工", requiredHours: 10), true, .requiredHoursInvalid(allowed: false)),
            (.trade, "T11", withdrawn, false, .catalogEntryUnknown),
        ]
        for (kind, code, version, exists, error) in refusals {
            #expect(throws: error, "\(String(describing: kind)) \(code)") {
                try CatalogChange.check(kind: kind, code: code, version: version, exists: exists)
            }
        }
        #expect(throws: IdentityError.divisionNotEditable) { try CatalogChange.checkCancel(kind: .division, code: "3401") }
        #expect(throws: IdentityError.catalogKindInvalid) { try CatalogChange.checkCancel(kind: nil, code: "011") }
        #expect(throws: IdentityError.catalogCodeInvalid(.post)) { try CatalogChange.checkCancel(kind: .post, code: "0\u{0}1") }
        #expect(try CatalogChange.checkCancel(kind: .post, code: "011") == .post)
    }

    @Test("SPEC §0: only the province's roles may hold settings.manage")
    func permission() {
        #expect(Permission.grantable(for: .province).contains(Permission.settingsManage))
        for kind in [OrgKind.cityAuthority, .provinceDirect, .trainingInstitution, .continuingEducationBase, .enterprise] {
            #expect(!Permission.grantable(for: kind).contains(Permission.settingsManage), "\(kind)")
        }
    }
}
