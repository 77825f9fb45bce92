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

    /// `code` is the RPC status whose name the body carries (`rpc.v1.Code`).
    init(_ status: HTTPResponse.Status, code: RPCCode, message: String, fields: [Body.Field]? = nil) {
        self.status = status
        self.body = Body(code: code.protoValueName ?? "INTERNAL", message: message, fields: fields)
    }

    /// An RPC failure from a service, mapped by `status(for:)`.
    init(_ error: RPCError) {
        self.init(Self.status(for: error.code), code: error.code, message: error.message,
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

    static let unauthenticated = APIError(.unauthorized, code: .unauthenticated, message: "请先登录")

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
        guard !field.isEmpty else { return APIError(.badRequest, code: .invalidArgument, message: "请求体不是有效的JSON") }
        return APIError(.badRequest, code: .invalidArgument, message: "字段\(field)\(reason)",
                        fields: [Body.Field(field: field, message: reason)])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try Responses.json(encoding: body, status: status, headers: headers)
    }
}

/// Turns whatever a route or the framework threw into an `APIError` body, so every failure is
/// JSON: RPC statuses by the table, Hummingbird's own (413 of an oversized body, 404 of an unknown route) by status,
/// anything else a logged 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    /// For the `Allow` header of a 405: the methods registered for a path.
    let registry: EndpointRegistry

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
        } catch let error as any HTTPResponseError where error.status == .notFound {
            let allowed = registry.methods(forPath: request.uri.path)
            guard !allowed.isEmpty else { throw APIError(.notFound, code: .notFound, message: "接口不存在") }
            var refusal = APIError(.methodNotAllowed, code: .unimplemented, message: "该接口不支持\(request.method.rawValue)请求")
            refusal.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            throw refusal
        } catch let error as any HTTPResponseError {
            let message = switch error.status.code {
            case 413: "请求体过大"
            default: "请求无效"
            }
            throw APIError(error.status, code: error.status.code == 413 ? .resourceExhausted : .invalidArgument, message: message)
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            throw APIError(.internalServerError, code: .`internal`, message: "服务器内部错误")
        }
    }
}
