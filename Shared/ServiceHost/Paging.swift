import Proto
import RPC
import Storage

/// One page of a list, keyed by row id so a page is stable while rows are added:
/// `page_token` is the last id of the previous page, as decimal text.
public struct PageWindow: Sendable, Hashable {
    public static let defaultSize = 20
    public static let maximumSize = 200

    public let size: Int
    /// Rows strictly after this id (in the list's order), nil for the first page.
    public let after: Int64?

    /// - Throws: INVALID_ARGUMENT for a size over 200 or a token that is not one we issued.
    public init(size: UInt32, token: String) throws {
        guard size <= Self.maximumSize else {
            throw RPCError.invalidArgument("每页最多\(Self.maximumSize)条", field: "page.pageSize")
        }
        self.size = size == 0 ? Self.defaultSize : Int(size)
        if token.isEmpty {
            after = nil
        } else {
            guard let id = Int64(token), id > 0 else {
                throw RPCError.invalidArgument("分页标记无效", field: "page.pageToken")
            }
            after = id
        }
    }

    /// Which way a list walks its ids.
    public enum Order: Sendable {
        case oldestFirst, newestFirst
    }

    /// Reads this page of a list, and the list's total.
    /// - Parameters:
    ///   - from: `FROM … WHERE …` (it must end in a WHERE clause), with placeholders `$1…$n` for
    ///     `parameters`; the window adds its own two after them.
    ///   - id: the id column the pages walk, e.g. `u.id`.
    ///   - countLimit: count at most this many rows (a total of `countLimit` with
    ///     `totalIsLowerBound` means "at least that many"), for lists that can be province-sized.
    ///   - keysFrom: the list's rows over the listed table alone (`FROM t WHERE …`). When given,
    ///     the count and the choice of the page's ids read only it, often from an index alone,
    ///     and `from` (then just the joins, ending `WHERE true`) is read for the page's ids only:
    ///     joins and wide columns cost a page, not every match.
    ///   - item: one row as a list item; `itemID` gives back its id, for the next page's token.
    public func fetch<Item>(_ database: some SQLExecutor, columns: String, from: String, parameters: [SQLValue],
                            id: String, order: Order = .oldestFirst, countLimit: Int? = nil, keysFrom: String? = nil,
                            _ item: (Row) throws -> Item, itemID: (Item) -> Int64) throws -> Page<Item> {
        let counted = keysFrom ?? from
        var total: Int64
        if let countLimit {
            total = try database.execute("SELECT count(*) AS n FROM (SELECT 1 \(counted) LIMIT \(countLimit + 1)) AS limited",
                                         parameters).first?.decode("n") ?? 0
        } else {
            total = try database.execute("SELECT count(*) AS n " + counted, parameters).first?.decode("n") ?? 0
        }
        let capped = countLimit.map { total > Int64($0) } ?? false
        if capped, let countLimit { total = Int64(countLimit) }
        let (comparison, direction, start) = order == .oldestFirst ? (">", "ASC", Int64(0)) : ("<", "DESC", Int64.max)
        let next = parameters.count + 1
        let window = "\(id) \(comparison) $\(next) ORDER BY \(id) \(direction) LIMIT $\(next + 1)"
        let sql = keysFrom.map { keys in
            "SELECT \(columns) \(from) AND \(id) IN (SELECT \(id) \(keys) AND \(window)) ORDER BY \(id) \(direction)"
        } ?? "SELECT \(columns) \(from) AND \(window)"
        let rows = try database.execute(sql, parameters + [.int(after ?? start), .int(Int64(size + 1))]).map(item)
        guard rows.count > size else { return Page(items: rows, nextToken: "", total: UInt64(total), totalIsLowerBound: capped) }
        let items = Array(rows.prefix(size))
        return Page(items: items, nextToken: String(itemID(items[items.count - 1])), total: UInt64(total), totalIsLowerBound: capped)
    }
}

/// One page of a list: its items, the token of the next page ("" on the last), and the total.
public struct Page<Item> {
    public let items: [Item]
    public let nextToken: String
    public let total: UInt64
    /// The count stopped at the list's limit: more than `total` rows match.
    public var totalIsLowerBound = false
}

extension Page: Sendable where Item: Sendable {}

extension PageWindow {
    /// The window a list request's `page` asks for; absent means the first default page.
    /// - Throws: INVALID_ARGUMENT for a size over 200 or a token that is not one we issued.
    public init(_ page: Common_V1_PageRequest?) throws {
        try self.init(size: page?.pageSize ?? 0, token: page?.pageToken ?? "")
    }
}

extension Page {
    /// The list response's paging part: the next page's token and the (maybe capped) total.
    public var info: Common_V1_PageInfo {
        var info = Common_V1_PageInfo()
        info.nextPageToken = nextToken
        info.total = total
        info.totalIsLowerBound = totalIsLowerBound
        return info
    }
}
