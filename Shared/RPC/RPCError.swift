import Proto

/// gRPC's status codes (proto `rpc.v1.Code`); meanings in docs/PROTOCOL.md.
public typealias RPCCode = Rpc_V1_Code

/// One wrong input field and why, for forms to show beside the field.
public struct FieldError: Sendable, Hashable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A call's failure as both sides see it: a code for programs, a message for people
/// (Chinese where users read it), and optional field errors.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: RPCCode
    public var message: String
    public var fieldErrors: [FieldError]

    public init(_ code: RPCCode, _ message: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.message = message
        self.fieldErrors = fieldErrors
    }

    /// A single field error with INVALID_ARGUMENT.
    public static func invalidArgument(_ message: String, field: String) -> RPCError {
        RPCError(.invalidArgument, message, fieldErrors: [FieldError(field: field, message: message)])
    }

    public var description: String { "RPCError(\(code), \(message))" }
}

/// An error that knows which status it is: domain error enums adopt it in each
/// service's `RPC/ErrorMapping.swift`.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    public var rpcError: RPCError { self }
}

extension RPCError {
    /// The status a handler's thrown error becomes on the wire. Errors that do not say
    /// their own status become INTERNAL with a generic message: details stay in the logs.
    public init(from error: any Error) {
        switch error {
        case let convertible as RPCErrorConvertible: self = convertible.rpcError
        case is CancellationError: self = RPCError(.cancelled, "调用已取消")
        case let decoding as ProtoDecodingError: self = RPCError(.invalidArgument, "请求格式错误: \(decoding.messageName)")
        default: self = RPCError(.internal, "服务器内部错误")
        }
    }

    init(status: Rpc_V1_Status) {
        self.init(status.code, status.message,
                  fieldErrors: status.fieldErrors.map { FieldError(field: $0.field, message: $0.message) })
    }

    var status: Rpc_V1_Status {
        .with {
            $0.code = code
            $0.message = message
            $0.fieldErrors = fieldErrors.map { error in .with { $0.field = error.field; $0.message = error.message } }
        }
    }
}
