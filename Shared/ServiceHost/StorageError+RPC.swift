import RPC
import Storage

/// Database failures as call statuses: unreachable → UNAVAILABLE (retryable), a statement
/// cancelled by its deadline → DEADLINE_EXCEEDED, anything else → INTERNAL (details in logs).
extension StorageError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .connectionFailed, .connectionLost, .poolClosed:
            RPCError(.unavailable, "数据库暂不可用，请稍后重试")
        case .poolTimeout:
            RPCError(.unavailable, "系统繁忙，请稍后重试")
        case .query(sqlState: "57014", _, _):
            RPCError(.deadlineExceeded, "调用超时")
        case .query, .decoding:
            RPCError(.internal, "服务器内部错误")
        }
    }
}
