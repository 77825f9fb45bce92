import CommonRules

/// How a candidate sat the exam (考试情况).
public enum Sitting: String, Sendable, CaseIterable {
    /// 正常: both scores are entered.
    case present
    /// 缺考: no score; not a 0, and counted as a no-show.
    case absent
    /// 违纪: no pass, and a bar from test plans.
    case cheated

    /// The words a score sheet uses: "" or 正常, 缺考, 违纪.
    public init?(sheetText: String) {
        switch sheetText {
        case "", "正常": self = .present
        case "缺考": self = .absent
        case "违纪": self = .cheated
        default: return nil
        }
    }

    public var sheetText: String {
        switch self {
        case .present: "正常"
        case .absent: "缺考"
        case .cheated: "违纪"
        }
    }
}

public enum AssessmentResult: String, Sendable, CaseIterable {
    case passed, failed, absent, cheated

    /// 合格, 不合格, 缺考, 违纪.
    public var label: String {
        switch self {
        case .passed: "合格"
        case .failed: "不合格"
        case .absent: "缺考"
        case .cheated: "违纪"
        }
    }
}

/// AS-3: the pass rule of a post, in points (province setting; default theory ≥ 60 and practice ≥ 60).
public struct PassRule: Equatable, Sendable {
    public let theory: Int
    public let practice: Int

    public init(theory: Int, practice: Int) {
        self.theory = theory
        self.practice = practice
    }

    public static let standard = PassRule(theory: 60, practice: 60)

    /// The result of a sitting with scores in tenths of a point.
    public func result(_ sitting: Sitting, theoryTenths: Int, practiceTenths: Int) -> AssessmentResult {
        switch sitting {
        case .absent: .absent
        case .cheated: .cheated
        case .present: theoryTenths >= theory * 10 && practiceTenths >= practice * 10 ? .passed : .failed
        }
    }
}

/// A score as sheets and forms give it: 0–100 with at most one decimal, kept in tenths.
public enum Score {
    /// The tenths of `text` ("85", "85.5", and what spreadsheets write for them, "85.5000000001"
    /// within a thousandth), or nil when it is no score of 0–100 with one decimal at most.
    public static func tenths(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.count <= 24, let value = Double(trimmed), value.isFinite,
              trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "E" || $0 == "e" || $0 == "-" || $0 == "+" }) else { return nil }
        let scaled = value * 10
        let rounded = scaled.rounded()
        guard abs(scaled - rounded) < 0.01, rounded >= 0, rounded <= 1000 else { return nil }
        return Int(rounded)
    }

    /// "85" or "85.5".
    public static func text(_ tenths: Int) -> String {
        tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
