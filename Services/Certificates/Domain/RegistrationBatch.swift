import CommonRules

/// CE-3: where a registration batch stands. 审核中 covers the city's stop and the province's.
public enum BatchState: String, Sendable, CaseIterable {
    case draft, reviewing, approved, rejected

    /// The unit edits candidates and files, renames, deletes and submits only now.
    public var editable: Bool { self == .draft || self == .rejected }
}

/// CE-3: a candidate's verdict at the batch's current stop.
public enum CandidateVerdict: String, Sendable, CaseIterable {
    case pending, passed, rejected
}

/// CE-3: what a stop's authority may decide, from the candidates' verdicts.
public enum BatchDecision: Equatable, Sendable {
    /// Every candidate passed: the batch goes on (or, at the last stop, is approved).
    case approve
    /// Some candidates rejected, the others passed: the whole batch back, or (beyond the seed)
    /// the rejected returned as a batch of their own and the rest approved.
    case rejectOrReturn
    /// Candidates not yet reviewed: no approval yet.
    case undecided

    public static func from(_ verdicts: [CandidateVerdict]) -> BatchDecision {
        if verdicts.isEmpty || verdicts.contains(.pending) { return .undecided }
        return verdicts.contains(.rejected) ? .rejectOrReturn : .approve
    }
}

/// CE-3: one person of a batch, as imported or entered.
public struct BatchPerson: Equatable, Sendable {
    public let row: Int
    public let name: String
    public let idNumber: String
    public let employer: String
    public let post: String
    public let level: String

    public init(row: Int, name: String, idNumber: String, employer: String, post: String, level: String) {
        self.row = row
        self.name = name
        self.idNumber = idNumber
        self.employer = employer
        self.post = post
        self.level = level
    }
}

/// CE-3: the batch's sheet (the template's columns) and the rules of its rows; the limits of
/// its files. An import is all or nothing, like the scores' (AS-3).
public enum BatchSheet {
    public static let headers = ["姓名", "身份证号", "工作单位", "岗位代码", "等级"]
    public static let widths: [Double] = [12, 22, 30, 10, 10]
    static let layout = SheetLayout(headers: headers)
    /// The template's example row.
    public static let example = ["张三", "340102199001011234", "安徽建工集团有限公司", "011", ""]
    public static let maximumRows = 10_000
    public static let maximumDocuments = 2
    public static let maximumImages = 20
    public static let maximumFileBytes = 2 * 1024 * 1024

    /// The level code of a cell: blank (a post: 9), a code 1–5, or its name (初级工 … 高级技师).
    public static func level(_ text: String) -> String? {
        if text.isEmpty { return SegmentKey.noLevel }
        if ["1", "2", "3", "4", "5"].contains(text) { return text }
        return ["高级技师": "1", "技师": "2", "高级工": "3", "中级工": "4", "初级工": "5"][text]
    }

    /// One person's fields checked (`row` for the messages); the catalog's `posts` decide the codes.
    public static func person(row: Int, name: String, idNumber: String, employer: String, post: String, level: String,
                              posts: Set<String>, today: (year: Int, month: Int, day: Int)) -> (BatchPerson?, [SheetLayout.RowError]) {
        var errors: [SheetLayout.RowError] = []
        func fail(_ column: String, _ message: String) { errors.append(.init(row: row, column: column, message: message)) }
        let name = name.trimmingSpaces, employer = employer.trimmingSpaces, post = post.trimmingSpaces.uppercased()
        let idText = idNumber.trimmingSpaces.uppercased()
        if name.isEmpty || name.count > 30 || name.contains(where: \.isNewline) { fail("姓名", "姓名为空或超过30字") }
        var number = idText
        do { number = try IDNumber(idText, today: today).value } catch {
            fail("身份证号", idText.isEmpty ? "请填写身份证号" : SheetLayout.message(error, text: idText))
        }
        if !(2...60).contains(employer.count) { fail("工作单位", "请填写工作单位（2至60字）") }
        if !posts.contains(post) { fail("岗位代码", post.isEmpty ? "请填写岗位代码" : "岗位代码 \(post) 不在基础数据中") }
        let code = Self.level(level.trimmingSpaces)
        if code == nil { fail("等级", "等级应为空（岗位）或 初级工、中级工、高级工、技师、高级技师") }
        guard errors.isEmpty, let code else { return (nil, errors) }
        return (BatchPerson(row: row, name: name, idNumber: number, employer: employer, post: post, level: code), [])
    }

    /// The post codes the sheet's rows name, read at the header's 岗位代码 column (none when the
    /// header is refused: `validate` reports it), for the catalog lookup before `validate`.
    public static func postCodes(_ rows: [[String]]) -> [String] {
        guard let position = try? layout.positions(rows, maximumRows: maximumRows) else { return [] }
        return Array(Set(rows.dropFirst().map { SheetLayout.cell($0, "岗位代码", position).uppercased() }.filter { !$0.isEmpty }))
    }

    /// Every row of `rows` (the header first). `existing`: the batch's persons already, as
    /// "ID number/post" keys, which a row may not repeat (nor may two rows).
    /// - Returns: the persons when no row failed, else the errors (and no persons).
    public static func validate(_ rows: [[String]], posts: Set<String>, existing: Set<String>,
                                today: (year: Int, month: Int, day: Int)) -> (persons: [BatchPerson], errors: [SheetLayout.RowError]) {
        let position: [String: Int]
        do throws(SheetLayout.Refused) { position = try layout.positions(rows, maximumRows: maximumRows) } catch { return ([], error.errors) }
        var persons: [BatchPerson] = [], errors: [SheetLayout.RowError] = []
        var seen: [String: Int] = [:]
        persons.reserveCapacity(rows.count)
        for index in 1..<rows.count {
            let cells = rows[index], row = index + 1
            if cells.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            func cell(_ name: String) -> String { SheetLayout.cell(cells, name, position) }
            let (person, problems) = Self.person(row: row, name: cell("姓名"), idNumber: cell("身份证号"), employer: cell("工作单位"),
                                                 post: cell("岗位代码"), level: cell("等级"), posts: posts, today: today)
            errors += problems
            guard let person else { continue }
            let key = "\(person.idNumber)/\(person.post)"
            if existing.contains(key) {
                errors.append(.init(row: row, column: "身份证号", message: "该人员的此岗位已在本批次中"))
            } else if let first = seen[key] {
                errors.append(.init(row: row, column: "身份证号", message: "与第\(first)行重复（同一身份证号和岗位）"))
            } else {
                seen[key] = row
                persons.append(person)
            }
        }
        if errors.isEmpty, persons.isEmpty { errors.append(.init(row: 2, column: "", message: "文件中没有人员行")) }
        return errors.isEmpty ? (persons, []) : ([], errors)
    }
}
