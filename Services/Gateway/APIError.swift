import Foundation
import HTTPTypes
import Hummingbird
import RPC

/// Every error the API returns: an HTTP status and the JSON body `{code, message, fields}`
/// (GW-1): `code` for programs (the RPC status name), `message` in Chinese for people.
struct APIError: HTTPResponseError {
    struct Body: Codable, Sendable {
        struct Field: Codable, Sendable, Equatable {
            var field: String
            var message: String
        }

        var code: String
        var message: String
        var fields: [Field]?
    }

    let status: HTTPResponse.Status
    let body: Body
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, message: String, fields: [Body.Field]? = nil) {
        self.status = status
        self.body = Body(code: code, message: message, fields: fields)
    }

    /// An RPC failure from a service, mapped by `status(for:)`.
    init(_ error: RPCError) {
        self.init(Self.status(for: error.code), code: Self.name(error.code), message: error.message,
                  fields: error.fieldErrors.isEmpty ? nil : error.fieldErrors.map { Body.Field(field: $0.field, message: $0.message) })
    }

    /// RPC status → HTTP status, for every code (the table in docs/API.md; Google's API mapping).
    static func status(for code: RPCCode) -> HTTPResponse.Status {
        switch code {
        case .ok: .ok
        case .cancelled: .init(code: 499, reasonPhrase: "Client Closed Request")
        case .unknown, .internal, .dataLoss, .unrecognized: .internalServerError
        case .invalidArgument, .failedPrecondition, .outOfRange: .badRequest
        case .deadlineExceeded: .gatewayTimeout
        case .notFound: .notFound
        case .alreadyExists, .aborted: .conflict
        case .permissionDenied: .forbidden
        case .resourceExhausted: .tooManyRequests
        case .unimplemented: .notImplemented
        case .unavailable: .serviceUnavailable
        case .unauthenticated: .unauthorized
        }
    }

    /// The status's canonical upper-snake name, e.g. `INVALID_ARGUMENT`.
    static func name(_ code: RPCCode) -> String {
        switch code {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal, .unrecognized: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }

    static let unauthenticated = APIError(.unauthorized, code: "UNAUTHENTICATED", message: "请先登录")

    /// A JSON body that does not decode: the field path and what was wrong with it.
    static func badBody(_ error: DecodingError) -> APIError {
        let (path, reason): ([any CodingKey], String) = switch error {
        case .typeMismatch(_, let context): (context.codingPath, "类型不正确")
        case .valueNotFound(_, let context): (context.codingPath, "不能为空")
        case .keyNotFound(let key, let context): (context.codingPath + [key], "缺少该字段")
        case .dataCorrupted(let context): (context.codingPath, "格式不正确")
        @unknown default: ([], "格式不正确")
        }
        let field = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        guard !field.isEmpty else { return APIError(.badRequest, code: "INVALID_ARGUMENT", message: "请求体不是有效的JSON") }
        return APIError(.badRequest, code: "INVALID_ARGUMENT", message: "字段\(field)\(reason)",
                        fields: [Body.Field(field: field, message: reason)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(body)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns whatever a route or the framework threw into an `APIError` body, so every failure is
/// JSON: RPC statuses by the table, Hummingbird's own (413 of an oversized body, 404 of an unknown route) by status,
/// anything else a logged 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as RPCError {
            if error.code == .internal || error.code == .unknown {
                context.logger.error("backend error", metadata: ["rpc.code": "\(error.code)"])
            }
            throw APIError(error)
        } catch let error as any HTTPResponseError {
            let message = switch error.status.code {
            case 413: "请求体过大"
            case 404: "接口不存在"
            case 405: "不支持该请求方法"
            default: "请求无效"
            }
            throw APIError(error.status, code: error.status.code == 413 ? "RESOURCE_EXHAUSTED" : "INVALID_ARGUMENT", message: message)
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            throw APIError(.internalServerError, code: "INTERNAL", message: "服务器内部错误")
        }
    }
}
