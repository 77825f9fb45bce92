/// What went wrong reaching or using the database. Never carries libpq's DETAIL text or
/// parameter values: those can hold personal data (X-1).
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// The server could not be reached or refused the connection.
    case connectionFailed(String)
    /// The connection broke during the operation (server restart, network); it was discarded.
    case connectionLost
    /// No connection became free before the wait limit.
    case poolTimeout(waited: Duration)
    /// The pool is shut down.
    case poolClosed
    /// The server rejected a statement.
    case query(sqlState: String, constraint: String?, message: String)
    /// A value in a result did not have the expected type.
    case decoding(column: String, expected: String)

    /// SQLSTATEs worth retrying a whole transaction for: serialization failure, deadlock.
    public var isRetryableConflict: Bool {
        if case .query(let state, _, _) = self { return state == "40001" || state == "40P01" }
        return false
    }

    /// A unique constraint was violated (SQLSTATE 23505).
    public var isUniqueViolation: Bool {
        if case .query("23505", _, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "database connection failed: \(reason)"
        case .connectionLost: "database connection lost"
        case .poolTimeout(let waited): "no database connection free after \(waited)"
        case .poolClosed: "database pool closed"
        case .query(let state, let constraint, let message):
            "database error \(state)\(constraint.map { " (\($0))" } ?? ""): \(message)"
        case .decoding(let column, let expected): "column \(column) is not \(expected)"
        }
    }
}
