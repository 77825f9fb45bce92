/// A statement parameter. Values always travel as parameters, never inside SQL text.
public enum SQLValue: Sendable, Hashable {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    /// Sent in binary format (bytea).
    case bytes([UInt8])
}

/// Swift values usable as statement parameters.
public protocol SQLEncodable {
    var sqlValue: SQLValue { get }
}

extension String: SQLEncodable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLEncodable { public var sqlValue: SQLValue { .int(Int64(self)) } }
extension Int64: SQLEncodable { public var sqlValue: SQLValue { .int(self) } }
extension Int32: SQLEncodable { public var sqlValue: SQLValue { .int(Int64(self)) } }
extension Bool: SQLEncodable { public var sqlValue: SQLValue { .bool(self) } }
extension Double: SQLEncodable { public var sqlValue: SQLValue { .double(self) } }
extension Array: SQLEncodable where Element == UInt8 { public var sqlValue: SQLValue { .bytes(self) } }
extension SQLValue: SQLEncodable { public var sqlValue: SQLValue { self } }
extension Optional: SQLEncodable where Wrapped: SQLEncodable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// Swift values readable from a result column (text format).
public protocol SQLDecodable {
    /// Parses the column's text; nil when it is not a valid value of this type.
    init?(sqlText: String)
}

extension String: SQLDecodable { public init?(sqlText: String) { self = sqlText } }
extension Int: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension Int64: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension Int32: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension UInt32: SQLDecodable { public init?(sqlText: String) { self.init(sqlText, radix: 10) } }
extension Double: SQLDecodable { public init?(sqlText: String) { self.init(sqlText) } }
extension Bool: SQLDecodable {
    public init?(sqlText: String) {
        switch sqlText {
        case "t": self = true
        case "f": self = false
        default: return nil
        }
    }
}

extension SQLValue {
    /// A `text[]` parameter, sent as an array literal (use `$n::text[]` in the statement).
    public static func textArray(_ elements: [String]) -> SQLValue {
        .text("{" + elements.map { element in
            "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}")
    }

    /// A `bigint[]` parameter, sent as an array literal (use `$n::bigint[]` in the statement).
    public static func intArray(_ elements: [Int64]) -> SQLValue {
        .text("{" + elements.map(String.init).joined(separator: ",") + "}")
    }
}
