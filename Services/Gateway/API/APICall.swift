import Foundation
import Hummingbird
import Proto
import RPC

/// What a route handler gets: the request, its context (request id, client address, and for
/// session endpoints the caller the `Authenticator` found), and the decoded inputs.
struct APICall: Sendable {
    let request: Request
    let context: GatewayContext
    let endpoint: Endpoint

    /// The call options every backend call of this request carries: the request id, the client
    /// address and, for session endpoints, the caller.
    var options: CallOptions { context.callOptions }
    var caller: Identity_V1_Caller? { context.session?.caller }
    /// The session token, for logout.
    var token: String? { context.session?.token }

    /// A path parameter as a positive id.
    /// - Throws: `APIError` 400 when it is not a positive integer.
    func id(_ name: String) throws -> Int64 {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw APIError(.badRequest, code: .invalidArgument, message: "路径参数\(name)无效",
                           fields: [.init(field: name, message: "应为正整数")])
        }
        return value
    }

    /// The query string as the endpoint's request message (`ProtoQuery`).
    /// - Throws: `APIError` 400 naming a parameter whose value does not fit.
    func query<T: Decodable>(_ type: T.Type) throws -> T {
        guard let shape = endpoint.query else { preconditionFailure("\(endpoint.path) declares no query message") }
        return try ProtoQuery.decode(T.self, shape, from: request)
    }

    /// The raw body (an upload), refused with 413 and a Chinese message beyond `limit` bytes.
    func rawBody(limit: Int) async throws -> [UInt8] {
        do {
            return Array(buffer: try await request.body.collect(upTo: limit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, code: .resourceExhausted, message: "文件过大，不能超过\(limit / 1024)KB")
        }
    }

    /// The JSON body as a proto request type. The body is required: an empty one is a 400.
    func body<T: Decodable>(_ type: T.Type) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, code: .invalidArgument, message: "缺少请求体（JSON）")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        }
    }
}
