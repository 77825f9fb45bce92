import Foundation
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices
import RPC

/// The gateway's routes in groups by access: open, signed-in (the `Authenticator` has identity
/// authenticate the session first) and token-only (the route's own call authenticates), plus the registry that documents every route for `/openapi.json`. Routes
/// are added only here, so the document lists exactly the routes that exist (GW-1).
final class API {
    let registry: EndpointRegistry
    private let open: RouterGroup<GatewayContext>
    private let signedIn: RouterGroup<GatewayContext>
    private let tokenOnly: RouterGroup<GatewayContext>
    private let limiter: RateLimiter

    init(router: Router<GatewayContext>, registry: EndpointRegistry, identity: Identity_V1_IdentityServiceClient, limiter: RateLimiter) {
        self.registry = registry
        self.open = router.group()
        self.signedIn = router.group().add(middleware: Authenticator(identity: identity, authenticates: true))
        self.tokenOnly = router.group().add(middleware: Authenticator(identity: identity, authenticates: false))
        self.limiter = limiter
    }

    var endpoints: [Endpoint] { registry.all }

    /// Registers a JSON route. `body` is the request body's message; `query` the message whose
    /// fields the query string carries, less `omitting` (fields the handler sets itself).
    /// `handler` returns a proto message, sent as JSON (its generated `writeJSON`, not
    /// `JSONEncoder`); `headers` may add response headers from it (the login's cookies).
    func add<Output: ProtoJSONWritable & ProtoJSONDescribed & Sendable>(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: Endpoint.Access = .session,
        body: (any ProtoJSONDescribed.Type)? = nil, query: (any ProtoJSONDescribed.Type)? = nil, omitting: Set<String> = [],
        rateLimit: String? = nil, headers: (@Sendable (Output, APICall) -> HTTPFields)? = nil,
        _ handler: @escaping @Sendable (APICall) async throws -> Output
    ) {
        let endpoint = Endpoint(method: method, path: path, summary: summary, tag: tag, access: access,
                                requestBody: body?.protoName, query: Self.shape(query, omitting, path),
                                response: Output.protoName, rateLimit: rateLimit)
        call(endpoint) { call in
            let output = try await handler(call)
            return Responses.json(output, headers: headers?(output, call) ?? [:])
        }
    }

    /// Registers a signed-in route whose request body (`rawRequest`) or response (`rawResponse`)
    /// is not JSON: uploads, files, CSV exports, printable pages. `handler` builds the response.
    func addRaw(_ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String,
                query: (any ProtoJSONDescribed.Type)? = nil, omitting: Set<String> = [],
                rawRequest: String? = nil, response: (any ProtoJSONDescribed.Type)? = nil, rawResponse: String? = nil,
                _ handler: @escaping @Sendable (APICall) async throws -> Response) {
        let endpoint = Endpoint(method: method, path: path, summary: summary, tag: tag, access: .session,
                                query: Self.shape(query, omitting, path), response: response?.protoName ?? "",
                                rawRequest: rawRequest, rawResponse: rawResponse)
        call(endpoint, handler)
    }

    /// Registers `endpoint` with its rate limit in front of `handler`.
    private func call(_ endpoint: Endpoint, _ handler: @escaping @Sendable (APICall) async throws -> Response) {
        route(endpoint) { [limiter] request, context in
            if let bucket = endpoint.rateLimit, let wait = limiter.take(bucket, key: context.clientIP ?? "?") {
                var error = APIError(.tooManyRequests, code: .resourceExhausted, message: "请求过于频繁，请\(wait)秒后再试")
                error.headers[.retryAfter] = String(wait)
                throw error
            }
            return try await handler(APICall(request: request, context: context, endpoint: endpoint))
        }
    }

    /// Registers a route with its description in the group its access needs.
    func route(_ endpoint: Endpoint, _ handler: @escaping @Sendable (Request, GatewayContext) async throws -> Response) {
        registry.append(endpoint)
        let path = RouterPath(endpoint.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
        switch endpoint.access {
        case .open: open.on(path, method: endpoint.method, use: handler)
        case .session: signedIn.on(path, method: endpoint.method, use: handler)
        case .sessionInCall: tokenOnly.on(path, method: endpoint.method, use: handler)
        }
    }

    /// A query message's shape; the path's own parameters are never query parameters.
    private static func shape(_ message: (any ProtoJSONDescribed.Type)?, _ omitting: Set<String>, _ path: String) -> ProtoQuery.Shape? {
        guard let message else { return nil }
        return ProtoQuery.Shape(message: message.protoName, omitted: omitting.union(Endpoint.pathParameters(of: path)))
    }
}

/// Responses every area builds the same way.
enum Responses {
    /// A proto message as a JSON response, written by its generated `writeJSON(to:)` (the same
    /// JSON as its `Codable` form, several times faster than `JSONEncoder`).
    static func json(_ message: some ProtoJSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(bytes: message.jsonBytes(), status: status, headers: headers)
    }

    /// A hand-written `Encodable` value (not a proto message: the health report) as a JSON
    /// response, through `JSONEncoder`.
    static func json(encoding value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        json(bytes: Array(try JSONEncoder().encode(value)), status: status, headers: headers)
    }

    /// JSON text already written, with its content type.
    static func json(bytes: [UInt8], status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An uploaded file served back: shown inline, sandboxed so a crafted file cannot run script.
    static func file(_ content: [UInt8], contentType: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .contentDisposition: "inline"]
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }
}
