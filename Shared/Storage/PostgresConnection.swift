import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Blocking: use it only from a thread-pool thread, one thread at a time
/// (the pool hands it out exclusively), never from an event loop.
///
/// `@unchecked Sendable`: a connection moves between threads only through `DatabasePool`, whose
/// lock guarantees a single user at a time; libpq allows that (one thread per PGconn at a time).
public final class PostgresConnection: @unchecked Sendable {
    private let connection: OpaquePointer
    /// Server-side prepared statements of this connection, by SQL text and parameter types:
    /// each distinct statement is parsed and planned once per connection, not once per call.
    /// Each keeps its result's column layout once seen: a prepared statement's columns do not
    /// change (PostgreSQL refuses to run it if the schema changed them).
    private var prepared: [String: PreparedStatement] = [:]

    private final class PreparedStatement {
        let name: String
        var layout: ColumnLayout?
        init(name: String) { self.name = name }
    }
    /// Statements beyond this many run unprepared (our SQL texts are a fixed set; this only
    /// bounds a caller that builds SQL text dynamically).
    static let maximumPrepared = 512

    /// Connects with a libpq connection string or URI.
    /// - Throws: `StorageError.connectionFailed` with libpq's reason.
    public init(url: String) throws {
        guard let connection = PQconnectdb(url) else { throw StorageError.connectionFailed("out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
            PQfinish(connection)
            throw StorageError.connectionFailed(reason)
        }
        self.connection = connection
    }

    deinit {
        PQfinish(connection)
    }

    /// Whether libpq still considers the connection usable.
    public var isHealthy: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Runs one parameterized statement (`$1`, `$2`, … in `sql`), prepared on first use.
    /// - Throws: `StorageError.query` with SQLSTATE, or `.connectionLost`.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Rows {
        let count = parameters.count
        var types = [UInt32](repeating: 0, count: count)  // 0: the server infers the type
        var values = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        var formats = [Int32](repeating: 0, count: count)
        defer { for value in values { free(value) } }
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case .null: values[index] = nil
            case .text(let text): values[index] = strdup(text)
            case .int(let number): values[index] = strdup(String(number))
            case .bool(let flag): values[index] = strdup(flag ? "t" : "f")
            case .double(let number): values[index] = strdup("\(number)")
            case .bytes(let bytes):
                let copy = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { UnsafeMutableRawPointer(copy).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(copy), byteCount: bytes.count) }
                values[index] = copy
                lengths[index] = Int32(bytes.count)
                formats[index] = 1
                types[index] = 17  // bytea
            }
        }
        let key = types.contains(where: { $0 != 0 }) ? sql + "\u{0}" + types.map(String.init).joined(separator: ",") : sql
        let statement = try preparedStatement(for: key, sql: sql, types: types)
        let result = values.withUnsafeBufferPointer { valuePointers in
            valuePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constValues in
                if let statement {
                    PQexecPrepared(connection, statement.name, Int32(count), constValues.baseAddress, lengths, formats, 0)
                } else {
                    PQexecParams(connection, sql, Int32(count), types, constValues.baseAddress, lengths, formats, 0)
                }
            }
        }
        let rows = try consume(result, layout: statement?.layout)
        statement?.layout = rows.layout
        return rows
    }

    /// The prepared statement for `key`, preparing it now if needed; nil when the cache is full.
    private func preparedStatement(for key: String, sql: String, types: [UInt32]) throws -> PreparedStatement? {
        if let statement = prepared[key] { return statement }
        guard prepared.count < Self.maximumPrepared else { return nil }
        let statement = PreparedStatement(name: "s\(prepared.count)")
        _ = try consume(PQprepare(connection, statement.name, sql, Int32(types.count), types))
        prepared[key] = statement
        return statement
    }

    /// Runs a script of several statements without parameters (migrations only).
    /// - Throws: `StorageError.query` or `.connectionLost`.
    public func executeScript(_ sql: String) throws {
        _ = try consume(PQexec(connection, sql))
    }

    private func consume(_ result: OpaquePointer?, layout: ColumnLayout? = nil) throws -> Rows {
        guard let result else {
            throw isHealthy ? StorageError.query(sqlState: "XX000", constraint: nil, message: "no result") : .connectionLost
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Rows(result, layout: layout)
        default:
            let state = Self.field(result, DiagnosticField.sqlState) ?? ""
            // A broken socket, or the server telling us it is going away (57P01…57P03).
            if !isHealthy || state.hasPrefix("57P") || state.hasPrefix("08") || state.isEmpty {
                throw StorageError.connectionLost
            }
            throw StorageError.query(
                sqlState: state, constraint: Self.field(result, DiagnosticField.constraint),
                message: Self.field(result, DiagnosticField.primaryMessage) ?? "")
        }
    }

    /// libpq's PG_DIAG_* codes (character macros Swift does not import).
    private enum DiagnosticField {
        static let sqlState = Int32(UInt8(ascii: "C"))
        static let primaryMessage = Int32(UInt8(ascii: "M"))
        static let constraint = Int32(UInt8(ascii: "n"))
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }
}

/// A result's column names and the position of each, made once per prepared statement.
@usableFromInline
final class ColumnLayout: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ result: OpaquePointer) {
        names = (0..<Int(PQnfields(result))).map { String(cString: PQfname(result, Int32($0))) }
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    /// Where the first column of that name is.
    @usableFromInline
    func position(of name: String) -> Int? { positions[name] }
}

/// A statement's result rows, copied out of libpq (text format).
public struct Rows: Sendable, RandomAccessCollection {
    let layout: ColumnLayout
    private let values: [[String?]]

    /// The result's column names, in order.
    public var columns: [String] { layout.names }

    /// - Parameter layout: the statement's layout from an earlier run, when it has one.
    init(_ result: OpaquePointer, layout: ColumnLayout?) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        self.layout = layout.flatMap { $0.names.count == columnCount ? $0 : nil } ?? ColumnLayout(result)
        values = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                guard PQgetisnull(result, Int32(row), Int32(column)) == 0 else { return nil }
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                return PQgetvalue(result, Int32(row), Int32(column)).withMemoryRebound(to: UInt8.self, capacity: length) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                }
            }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }

    public subscript(position: Int) -> Row {
        Row(layout: layout, values: values[position])
    }
}

/// One result row.
public struct Row: Sendable {
    @usableFromInline let layout: ColumnLayout
    @usableFromInline let values: [String?]

    /// The column's text, nil for NULL.
    @inlinable
    public subscript(column: String) -> String? {
        guard let index = layout.position(of: column) else { return nil }
        return values[index]
    }

    /// The column decoded as `T`.
    /// - Throws: `StorageError.decoding` for NULL, a missing column or an unparsable value.
    /// Inlinable, so each caller gets it specialised to its type.
    @inlinable
    public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let text = self[column], let value = T(sqlText: text) else {
            throw StorageError.decoding(column: column, expected: "\(T.self)")
        }
        return value
    }

    /// The column decoded as `T`, nil for NULL.
    @inlinable
    public func decodeIfPresent<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard self[column] != nil else { return nil }
        return try decode(column, as: type)
    }

    /// A one-dimensional `text[]` column (array output format: `{a,"b c",NULL}`); NULL elements
    /// are skipped, a NULL array is empty.
    /// - Throws: `StorageError.decoding` for text that is not an array literal.
    public func strings(_ column: String) throws -> [String] {
        guard let text = self[column] else { return [] }
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            throw StorageError.decoding(column: column, expected: "text[]")
        }
        let end = bytes.count - 1
        var elements: [String] = []
        var element: [UInt8] = []
        var index = 1
        while index < end {
            element.removeAll(keepingCapacity: true)
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    element.append(bytes[index])
                    index += 1
                }
                index += 1  // closing quote
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    element.append(bytes[index])
                    index += 1
                }
                if element != Self.null { elements.append(String(decoding: element, as: UTF8.self)) }
            }
            index += 1  // comma
        }
        return elements
    }

    private static let null = Array("NULL".utf8)

    /// A bytea column (hex output format, `\x…`).
    public func bytes(_ column: String) throws -> [UInt8] {
        guard let text = self[column], text.hasPrefix("\\x"), text.utf8.count % 2 == 0 else {
            throw StorageError.decoding(column: column, expected: "bytea")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2 - 1)
        var high: UInt8?
        for character in text.utf8.dropFirst(2) {
            guard let nibble = Self.nibble(character) else {
                throw StorageError.decoding(column: column, expected: "bytea")
            }
            if let first = high { bytes.append(first << 4 | nibble); high = nil } else { high = nibble }
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
