import CommonRules

/// CE-5, B-7: the kinds of certificate business (证书业务).
public enum BusinessKind: String, Sendable, CaseIterable {
    /// 变更: the holder's name, ID number or employer (name and ID number never together).
    case change
    /// 补办: a new number; the old one and its signature are void.
    case reissue
    /// 注销: the certificate is cancelled.
    case cancel
    /// B-7: an employer renamed: every valid certificate naming it, in one business.
    case rename

    public var label: String {
        switch self {
        case .change: "变更"
        case .reissue: "补办"
        case .cancel: "注销"
        case .rename: "单位更名"
        }
    }
}

/// Where a business stands. Approval changes the certificate in the same transaction (a rename:
/// its job, afterwards, with progress).
public enum BusinessState: String, Sendable, CaseIterable {
    case pending, approved, rejected

    public var label: String {
        switch self {
        case .pending: "待审核"
        case .approved: "审核通过"
        case .rejected: "审核不通过"
        }
    }
}

/// What a change asks for; an empty field stays as it is.
public struct ChangeRequest: Hashable, Sendable {
    public var name: String
    public var idNumber: String
    public var employer: String

    public init(name: String = "", idNumber: String = "", employer: String = "") {
        self.name = name
        self.idNumber = idNumber
        self.employer = employer
    }

    public var changesEmployer: Bool { !employer.isEmpty }
}

/// The holder's fields a change starts from.
public struct HolderFields: Hashable, Sendable {
    public let name: String
    public let idNumber: String
    public let employer: String

    public init(name: String, idNumber: String, employer: String) {
        self.name = name
        self.idNumber = idNumber
        self.employer = employer
    }
}

/// Why a business is refused, each with its Chinese message and the field it concerns.
public enum BusinessProblem: Error, Equatable, Sendable {
    case nothingToChange
    case nameAndIDNumberTogether
    case unchanged(field: String)
    case badName
    case badIDNumber
    case badEmployer
    case evidenceCount(Int)
    case tooManyEmployerChanges(limit: Int)
    case notValid
    case reasonTooLong

    public var field: String {
        switch self {
        case .nothingToChange, .nameAndIDNumberTogether: "newName"
        case .unchanged(let field): field
        case .badName: "newName"
        case .badIDNumber: "newIdNumber"
        case .badEmployer, .tooManyEmployerChanges: "newEmployer"
        case .evidenceCount: "evidenceFileIds"
        case .notValid: "certificateId"
        case .reasonTooLong: "reason"
        }
    }

    public var message: String {
        switch self {
        case .nothingToChange: "请填写变更后的姓名、身份证号或工作单位"
        case .nameAndIDNumberTogether: "姓名和身份证号不能在同一次业务中变更"
        case .unchanged: "变更后的信息与原信息相同"
        case .badName: "姓名为空或格式不正确（不超过30字）"
        case .badIDNumber: "身份证号码校验不通过"
        case .badEmployer: "工作单位名称应为2至60字"
        case .evidenceCount(let count): "请上传1至\(BusinessRules.evidence.upperBound)张证明材料图片（已上传\(count)张）"
        case .tooManyEmployerChanges(let limit): "该证书本年度工作单位变更已达\(limit)次，不能再变更"
        case .notValid: "只有有效的证书可以办理业务"
        case .reasonTooLong: "申请说明不能超过200字"
        }
    }
}

/// CE-5's rules, checked when a business is applied for and again when it is approved.
public enum BusinessRules {
    /// 1–5 evidence images each (seed 002).
    public static let evidence = 1...5
    /// jpg or png, at most 200 KB each (seed 002: 每张图片不得超过200K).
    public static let evidenceBytes = 200 * 1024

    /// The change, trimmed and checked against the certificate's current fields.
    /// - Parameter today: for the ID number's birth date.
    public static func check(_ change: ChangeRequest, from current: HolderFields,
                             today: (year: Int, month: Int, day: Int)) throws(BusinessProblem) -> ChangeRequest {
        let change = ChangeRequest(name: change.name.trimmingSpaces, idNumber: change.idNumber.trimmingSpaces.uppercased(),
                                   employer: change.employer.trimmingSpaces)
        if change.name.isEmpty, change.idNumber.isEmpty, change.employer.isEmpty { throw .nothingToChange }
        if !change.name.isEmpty, !change.idNumber.isEmpty { throw .nameAndIDNumberTogether }
        if !change.name.isEmpty {
            guard change.name.count <= 30, !change.name.contains(where: \.isNewline) else { throw .badName }
            guard change.name != current.name else { throw .unchanged(field: "newName") }
        }
        if !change.idNumber.isEmpty {
            guard let number = try? IDNumber(change.idNumber, today: today) else { throw .badIDNumber }
            guard number.value != current.idNumber else { throw .unchanged(field: "newIdNumber") }
        }
        if !change.employer.isEmpty {
            guard (2...60).contains(change.employer.count), !change.employer.contains(where: \.isNewline) else { throw .badEmployer }
            guard change.employer != current.employer else { throw .unchanged(field: "newEmployer") }
        }
        return change
    }

    /// A business's evidence: 1–5 images (their types and sizes are checked at upload).
    public static func checkEvidence(count: Int) throws(BusinessProblem) {
        guard evidence.contains(count) else { throw .evidenceCount(count) }
    }

    /// The Beijing rule as a province setting: at most `limit` employer changes per certificate
    /// in a calendar year, counting those approved and those waiting (`already`).
    public static func checkEmployerChanges(already: Int, limit: Int) throws(BusinessProblem) {
        guard already < limit else { throw .tooManyEmployerChanges(limit: limit) }
    }
}
