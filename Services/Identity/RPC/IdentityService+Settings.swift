import CommonRules
import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// SPEC §0: the province settings (every numbered rule) and the reference catalog, which the
/// province changes from an effective date. Reads answer what is in force now and list what is
/// still to come; every service reads the value in force (`Settings`, `IdentityDirectory`).
extension IdentityService {
    /// SPEC §0: every setting with its meaning, range, the value in force and the changes to
    /// come, for any organisation user.
    public func listProvinceSettings(_ request: Common_V1_Empty, context: CallContext) async throws -> Identity_V1_ListProvinceSettingsResponse {
        guard try context.requireCaller().orgID != nil else { throw IdentityError.organisationRequired }
        return try await transaction(context) { tx in
            let versions = try ProvinceSettingStore.versions(tx)
            var response = Identity_V1_ListProvinceSettingsResponse()
            response.settings = ProvinceSetting.all.map { Self.settingView($0, versions) }
            response.today = try ProvinceSettingStore.today(tx).description
            return response
        }
    }

    /// SPEC §0: the province sets a value from a date (today or later); the same day again
    /// replaces that change. Setting the value a day already has changes nothing (no log entry).
    public func changeProvinceSetting(_ request: Identity_V1_ChangeProvinceSettingRequest, context: CallContext) async throws -> Identity_V1_ProvinceSettingView {
        let caller = try Self.settingsEditor(context)
        let key = request.key.trimmingSpaces
        let value = Int(request.value)
        let view = try await transaction(context) { tx in
            try Self.requireProvince(caller, tx)
            try ProvinceSettingStore.lockForChange(tx)
            let versions = try ProvinceSettingStore.versions(tx)
            var schedule = SettingsSchedule(versions.map { ($0.key, $0.date, $0.value) }, today: try ProvinceSettingStore.today(tx))
            let (setting, date) = try schedule.change(key, to: value, effectiveFrom: request.effectiveFrom.trimmingSpaces)
            if !versions.contains(where: { $0.key == key && $0.date == date && $0.value == value }) {
                try ProvinceSettingStore.schedule(key, value, from: date, by: caller.userID, tx)
                try Self.log("settings.change", "province_setting", "\(key)@\(date)", by: caller, context, tx)
            }
            return Self.settingView(setting, try ProvinceSettingStore.versions(key: key, tx))
        }
        settings.forget()
        return view
    }

    /// SPEC §0: the province withdraws a change that has not taken effect.
    public func cancelProvinceSettingChange(_ request: Identity_V1_CancelProvinceSettingRequest, context: CallContext) async throws -> Identity_V1_ProvinceSettingView {
        let caller = try Self.settingsEditor(context)
        let key = request.key.trimmingSpaces
        return try await transaction(context) { tx in
            try Self.requireProvince(caller, tx)
            try ProvinceSettingStore.lockForChange(tx)
            let versions = try ProvinceSettingStore.versions(tx)
            var schedule = SettingsSchedule(versions.map { ($0.key, $0.date, $0.value) }, today: try ProvinceSettingStore.today(tx))
            let (setting, date) = try schedule.cancel(key, effectiveFrom: request.effectiveFrom.trimmingSpaces)
            guard try ProvinceSettingStore.remove(key, from: date, tx) else { throw IdentityError.notFound("待生效的设置") }
            try Self.log("settings.cancel", "province_setting", "\(key)@\(date)", by: caller, context, tx)
            return Self.settingView(setting, try ProvinceSettingStore.versions(key: key, tx))
        }
    }

    /// SPEC §0: the catalog (posts, trades, levels, divisions) with what is in force now and the
    /// versions to come, for every signed-in user (the pages name posts by it).
    public func listCatalog(_ request: Identity_V1_ListCatalogRequest, context: CallContext) async throws -> Identity_V1_ListCatalogResponse {
        try context.requireCaller().require(Permission.accountSelf)
        let kind = request.kind.domain
        if kind == nil, request.kind != .unspecified { throw IdentityError.catalogKindInvalid }
        return try await transaction(context) { tx in
            var response = Identity_V1_ListCatalogResponse()
            response.entries = try CatalogStore.entries(kind: kind, tx)
            response.today = try ProvinceSettingStore.today(tx).description
            return response
        }
    }

    /// SPEC §0: the province adds a catalog entry or a new version of one (renamed, hours
    /// changed, withdrawn or offered again) from a date (today or later). The same version on
    /// the same day again changes nothing.
    public func changeCatalogEntry(_ request: Identity_V1_ChangeCatalogEntryRequest, context: CallContext) async throws -> Identity_V1_CatalogEntry {
        let caller = try Self.settingsEditor(context)
        let kind = request.kind.domain
        let code = request.code.trimmingSpaces.uppercased()
        let given = CatalogVersion(name: request.name.trimmingSpaces, specialty: request.specialty.trimmingSpaces,
                                   requiredHours: Int(request.requiredHours), withdrawn: request.withdrawn,
                                   passTheory: Int(request.passTheory), passPractice: Int(request.passPractice))
        return try await transaction(context) { tx in
            try Self.requireProvince(caller, tx)
            // Only a well-formed code is looked up (the rule refuses the others).
            let exists = try kind.flatMap { $0.isValidCode(code) ? $0 : nil }.map { try CatalogStore.exists($0, code, tx) } ?? false
            let version = try CatalogChange.check(kind: kind, code: code, version: given, exists: exists)
            let date = try EffectiveDate.check(request.effectiveFrom.trimmingSpaces, today: try ProvinceSettingStore.today(tx))
            guard let kind else { throw IdentityError.catalogKindInvalid }  // checked above
            let before = try CatalogStore.entries(kind: kind, code: code, tx).first
            let versions = ([before?.current].compactMap { $0 }) + (before?.pending ?? [])
            if !versions.contains(where: { $0.effectiveFrom == date.description && Self.same($0, version) }) {
                try CatalogStore.schedule(kind, code, version, from: date, by: caller.userID, tx)
                try Self.log("catalog.change", "catalog_entry", "\(kind.rawValue):\(code)@\(date)", by: caller, context, tx)
            }
            return try CatalogStore.entries(kind: kind, code: code, tx).first ?? Self.emptyEntry(kind, code)
        }
    }

    /// SPEC §0: the province withdraws a catalog version that has not taken effect (a new entry
    /// whose only version it was is gone with it).
    public func cancelCatalogChange(_ request: Identity_V1_CancelCatalogChangeRequest, context: CallContext) async throws -> Identity_V1_CatalogEntry {
        let caller = try Self.settingsEditor(context)
        let code = request.code.trimmingSpaces.uppercased()
        let kind = try CatalogChange.checkCancel(kind: request.kind.domain, code: code)
        return try await transaction(context) { tx in
            try Self.requireProvince(caller, tx)
            let date = try EffectiveDate.checkCancellable(request.effectiveFrom.trimmingSpaces, today: try ProvinceSettingStore.today(tx))
            guard try CatalogStore.remove(kind, code, from: date, tx) else { throw IdentityError.notFound("待生效的目录变更") }
            try Self.log("catalog.cancel", "catalog_entry", "\(kind.rawValue):\(code)@\(date)", by: caller, context, tx)
            return try CatalogStore.entries(kind: kind, code: code, tx).first ?? Self.emptyEntry(kind, code)
        }
    }

    // MARK: Helpers

    /// A caller who may change settings and the catalog: `settings.manage`, an organisation user.
    private static func settingsEditor(_ context: CallContext) throws -> Caller {
        let caller = try context.requireCaller()
        try caller.require(Permission.settingsManage)
        guard caller.orgID != nil else { throw IdentityError.provinceOnly }
        return caller
    }

    /// Only the province's users change them, whatever their roles hold.
    private static func requireProvince(_ caller: Caller, _ tx: Transaction) throws {
        guard let orgID = caller.orgID, try OrganisationStore.load(orgID, tx)?.kind == .province else {
            throw IdentityError.provinceOnly
        }
    }

    /// A setting with its versions among `versions` (the shipped default when none is stored).
    private static func settingView(_ setting: ProvinceSetting, _ versions: [ProvinceSettingStore.Version]) -> Identity_V1_ProvinceSettingView {
        var view = Identity_V1_ProvinceSettingView()
        view.key = setting.key
        view.name = setting.name
        view.group = setting.group
        view.unit = setting.unit
        view.minimum = Int32(setting.range.lowerBound)
        view.maximum = Int32(setting.range.upperBound)
        view.defaultValue = Int32(setting.defaultValue)
        let own = versions.filter { $0.key == setting.key }
        if let current = own.first(where: { !$0.pending }) {
            view.current = current.proto
        } else {
            var shipped = Identity_V1_SettingVersion()
            shipped.value = Int32(setting.defaultValue)
            view.current = shipped
        }
        view.pending = own.filter(\.pending).map(\.proto)
        return view
    }

    private static func same(_ stored: Identity_V1_CatalogVersion, _ version: CatalogVersion) -> Bool {
        stored.name == version.name && stored.specialty == version.specialty
            && Int(stored.requiredHours) == version.requiredHours && stored.withdrawn == version.withdrawn
            && Int(stored.passTheory) == version.passTheory && Int(stored.passPractice) == version.passPractice
    }

    private static func emptyEntry(_ kind: CatalogKind, _ code: String) -> Identity_V1_CatalogEntry {
        var entry = Identity_V1_CatalogEntry()
        entry.kind = kind.proto
        entry.code = code
        entry.editable = true
        return entry
    }

    /// An operation-log entry whose target is named by text (a setting's key and date).
    static func log(_ action: String, _ targetType: String, _ targetID: String, by caller: Caller,
                    _ context: CallContext, _ transaction: Transaction) throws {
        try OperationLog.append(OperationLogEntry(action: action, targetType: targetType, targetID: targetID),
                                by: caller, requestID: context.requestID, clientIP: context.clientIP, in: transaction)
    }
}
