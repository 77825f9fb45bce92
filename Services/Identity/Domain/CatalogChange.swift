/// SPEC §0: the reference catalog (基础目录) the province keeps: professional posts of JGJ/T 250
/// with their specialties, skill trades, skill levels (each post and trade with the training
/// hours a new certificate needs), and the GB/T 2260 divisions. Codes and their meaning are in
/// docs/CATALOG.md. Raw values are the stored `catalog_entries.kind`.
public enum CatalogKind: String, Sendable, CaseIterable {
    /// 专业人员岗位, code `0PS`: post P 1–9, specialty S 1–9 or 0 for none (`011` 施工员·土建).
    case post
    /// 技能工种, code `T` and two digits (`T01` 砌筑工).
    case trade
    /// 技能等级, one digit as real systems number them (普工 0, 初级工 5 … 高级技师 1).
    case level
    /// 行政区划: listed with the catalog but not edited here (`CatalogChange.check`).
    case division

    /// Whether entries of this kind carry the hours a new certificate needs.
    public var hasRequiredHours: Bool { self == .post || self == .trade }

    /// Whether `code` is well formed for this kind.
    public func isValidCode(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        func digit(_ index: Int) -> Bool { ("0"..."9").contains(scalars[index]) }
        switch self {
        case .post: return scalars.count == 3 && scalars[0] == "0" && ("1"..."9").contains(scalars[1]) && digit(2)
        case .trade: return scalars.count == 3 && scalars[0] == "T" && digit(1) && digit(2) && code != "T00"
        case .level: return scalars.count == 1 && digit(0)
        case .division: return (scalars.count == 2 || scalars.count == 4) && scalars.indices.allSatisfy(digit)
        }
    }
}

/// SPEC §0: one version of a catalog entry, as it is in force from its effective date.
public struct CatalogVersion: Hashable, Sendable {
    public var name: String
    /// Posts only: 土建 / 装饰装修 / 设备安装 / 市政; empty for a post without specialties.
    public var specialty: String
    /// Posts and trades: training hours for a new certificate (CL-2, CL-6); 0 for levels.
    public var requiredHours: Int
    /// Withdrawn (停用) from this version's date: no longer offered to new organisations' scopes
    /// or new plans; what already names the code keeps it.
    public var withdrawn: Bool
    /// AS-3, posts and trades: the pass marks in theory and practice (0–100); 0 means the
    /// province's (`assessment.pass_theory`, `assessment.pass_practice`).
    public var passTheory: Int
    public var passPractice: Int

    public init(name: String, specialty: String = "", requiredHours: Int = 0, withdrawn: Bool = false,
                passTheory: Int = 0, passPractice: Int = 0) {
        self.name = name
        self.specialty = specialty
        self.requiredHours = requiredHours
        self.withdrawn = withdrawn
        self.passTheory = passTheory
        self.passPractice = passPractice
    }
}

/// SPEC §0: a change to the reference catalog, checked: a new entry, or a new version of one
/// (renamed, hours changed, withdrawn or offered again) from an effective date.
public enum CatalogChange {
    public static let nameLengths = 1...30
    public static let specialtyLengths = 1...10
    public static let requiredHours = 1...2000

    /// The version a request describes (names already trimmed), checked against its kind and code.
    /// - Parameters:
    ///   - exists: whether the entry has a version already (a new entry cannot start withdrawn).
    /// - Throws: `IdentityError.catalogKindInvalid`, `.divisionNotEditable`, `.catalogCodeInvalid`,
    ///   `.catalogNameInvalid`, `.specialtyInvalid`, `.requiredHoursInvalid`, `.catalogEntryUnknown`.
    public static func check(kind: CatalogKind?, code: String, version given: CatalogVersion,
                             exists: Bool) throws(IdentityError) -> CatalogVersion {
        guard let kind else { throw .catalogKindInvalid }
        guard kind != .division else { throw .divisionNotEditable }
        guard kind.isValidCode(code) else { throw .catalogCodeInvalid(kind) }
        let version = given
        guard nameLengths.contains(version.name.count) else { throw .catalogNameInvalid }
        switch kind {
        case .post:
            // The code's last digit says whether the post has a specialty (docs/CATALOG.md).
            let needsSpecialty = !code.hasSuffix("0")
            guard needsSpecialty ? specialtyLengths.contains(version.specialty.count) : version.specialty.isEmpty else {
                throw .specialtyInvalid(required: needsSpecialty)
            }
        case .trade, .level, .division:
            guard version.specialty.isEmpty else { throw .specialtyInvalid(required: false) }
        }
        if kind.hasRequiredHours {
            guard requiredHours.contains(version.requiredHours) else { throw .requiredHoursInvalid(allowed: true) }
        } else if version.requiredHours != 0 {
            throw .requiredHoursInvalid(allowed: false)
        }
        guard kind.hasRequiredHours || (version.passTheory == 0 && version.passPractice == 0),
              (0...100).contains(version.passTheory), (0...100).contains(version.passPractice) else { throw .passMarkInvalid }
        if version.withdrawn, !exists { throw .catalogEntryUnknown }
        return version
    }

    /// The kind of an entry whose scheduled version is withdrawn.
    /// - Throws: `IdentityError.catalogKindInvalid`, `.divisionNotEditable` or `.catalogCodeInvalid`.
    public static func checkCancel(kind: CatalogKind?, code: String) throws(IdentityError) -> CatalogKind {
        guard let kind else { throw .catalogKindInvalid }
        guard kind != .division else { throw .divisionNotEditable }
        guard kind.isValidCode(code) else { throw .catalogCodeInvalid(kind) }
        return kind
    }
}
