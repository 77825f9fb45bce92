import Foundation
import HTTPTypes
import Hummingbird
import OpenSSLCrypto
import Proto
import ProtoServices
import RPC
import ServiceHost

/// One documented HTTP endpoint. Routes are registered only through `API.add`, which records
/// this description too, so `/openapi.json` lists exactly the routes that exist (GW-1).
struct Endpoint: Sendable {
    enum Access: Sendable {
        /// No session needed (login, registration, SMS codes, health).
        case open
        /// A session is required; the caller is forwarded to the service in call metadata.
        case session
    }

    let method: HTTPRequest.Method
    /// Path with `{name}` parameters, as OpenAPI writes it.
    let path: String
    let summary: String
    let tag: String
    let access: Access
    /// Proto name of the JSON body's type, nil for bodiless requests.
    let requestBody: String?
    let queryParameters: [String]
    let response: String
    /// The rate-limit bucket, for endpoints worth abusing.
    let rateLimit: String?
    /// The media type of a raw (non-JSON) request body, e.g. an uploaded image.
    var rawRequest: String? = nil
    /// The media type of a non-JSON response (a file, CSV, an HTML page); nil for JSON of `response`.
    var rawResponse: String? = nil
}

/// What a route handler gets: the decoded input sources and the call options that carry the
/// request id, the client address and (for session endpoints) the caller.
struct APICall: Sendable {
    let request: Request
    let context: GatewayContext
    let options: CallOptions
    /// The session token, for logout.
    let token: String?
    let caller: Identity_V1_Caller?

    /// A path parameter as a positive id.
    func id(_ name: String) throws -> Int64 {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw APIError(.badRequest, code: "INVALID_ARGUMENT", message: "路径参数\(name)无效",
                           fields: [.init(field: name, message: "应为正整数")])
        }
        return value
    }

    /// A query parameter as text ("" when absent).
    func query(_ name: String) -> String {
        request.uri.queryParameters.get(name) ?? ""
    }

    /// A query parameter as an integer (0 when absent).
    func queryInteger<T: FixedWidthInteger>(_ name: String, as type: T.Type = T.self) throws -> T {
        let text = query(name)
        if text.isEmpty { return 0 }
        guard let value = T(text), value >= 0 else {
            throw APIError(.badRequest, code: "INVALID_ARGUMENT", message: "查询参数\(name)应为非负整数",
                           fields: [.init(field: name, message: "应为非负整数")])
        }
        return value
    }

    /// The raw body (an upload), refused with 413 and a Chinese message beyond `limit` bytes.
    func rawBody(limit: Int) async throws -> [UInt8] {
        do {
            return Array(buffer: try await request.body.collect(upTo: limit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, code: "RESOURCE_EXHAUSTED", message: "文件过大，不能超过\(limit / 1024)KB")
        }
    }

    /// The JSON body as a proto request type.
    func body<T: Decodable>(_ type: T.Type) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { return try JSONDecoder().decode(T.self, from: Data("{}".utf8)) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.badBody(error)
        }
    }
}

/// The endpoints registered so far, for `/openapi.json`. Its own object, so route handlers can
/// hold it without holding the router that holds them.
final class EndpointRegistry: @unchecked Sendable {  // appended to only while routes are registered, before serving
    private(set) var endpoints: [Endpoint] = []

    func append(_ endpoint: Endpoint) { endpoints.append(endpoint) }
}

/// The gateway's router plus the endpoint list it documents.
final class API {
    let router: Router<GatewayContext>
    let registry = EndpointRegistry()
    private let preparation: CallPreparation
    static let sessionCookie = "session"
    static let csrfCookie = "csrf_token"

    init(router: Router<GatewayContext>, identity: Identity_V1_IdentityServiceClient, limiter: RateLimiter) {
        self.router = router
        self.preparation = CallPreparation(identity: identity, limiter: limiter)
    }

    var endpoints: [Endpoint] { registry.endpoints }

    /// Registers a route and its documentation. `handler` returns a proto message, sent as JSON;
    /// `headers` may add response headers from it (the login's cookies).
    func add<Output: Encodable & ProtoJSONDescribed & Sendable>(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: Endpoint.Access = .session,
        body: (any ProtoJSONDescribed.Type)? = nil, query: [String] = [], rateLimit: String? = nil,
        headers: (@Sendable (Output, APICall) -> HTTPFields)? = nil,
        _ handler: @escaping @Sendable (APICall) async throws -> Output
    ) {
        let endpoint = Endpoint(method: method, path: path, summary: summary, tag: tag, access: access,
                                requestBody: body?.protoName, queryParameters: query, response: Output.protoName,
                                rateLimit: rateLimit)
        prepared(endpoint) { call in
            let output = try await handler(call)
            return try API.json(output, headers: headers?(output, call) ?? [:])
        }
    }

    /// Registers a session route whose request body (`rawRequest`) or response (`rawResponse`)
    /// is not JSON: uploads, files, CSV exports, printable pages. `handler` builds the response.
    func addRaw(_ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, query: [String] = [],
                rawRequest: String? = nil, response: (any ProtoJSONDescribed.Type)? = nil, rawResponse: String? = nil,
                _ handler: @escaping @Sendable (APICall) async throws -> Response) {
        var endpoint = Endpoint(method: method, path: path, summary: summary, tag: tag, access: .session, requestBody: nil,
                                queryParameters: query, response: response?.protoName ?? "", rateLimit: nil)
        endpoint.rawRequest = rawRequest
        endpoint.rawResponse = rawResponse
        prepared(endpoint, handler)
    }

    /// Registers `endpoint` with the preparation every endpoint gets (rate limit, session, CSRF).
    private func prepared(_ endpoint: Endpoint, _ handler: @escaping @Sendable (APICall) async throws -> Response) {
        route(endpoint) { [preparation] request, context in
            try await handler(try await preparation.call(endpoint, request, context))
        }
    }

    /// Registers a route with its description; the only place routes are added.
    func route(_ endpoint: Endpoint, _ handler: @escaping @Sendable (Request, GatewayContext) async throws -> Response) {
        registry.append(endpoint)
        let path = endpoint.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
        router.on(RouterPath(path), method: endpoint.method, use: handler)
    }

    /// The bearer token from `Authorization`, else the session cookie (and whether it was the cookie).
    static func token(_ request: Request) -> (String?, byCookie: Bool) {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return (String(header.dropFirst(7)), false)
        }
        if let cookie = request.cookies[sessionCookie]?.value, !cookie.isEmpty { return (cookie, true) }
        return (nil, false)
    }

    /// An uploaded file served back: shown inline, sandboxed so a crafted file cannot run script.
    static func file(_ content: [UInt8], contentType: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .contentDisposition: "inline"]
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}

/// What every endpoint does before its handler: rate limit, session (and CSRF for cookie
/// sessions), and the metadata the backend call carries.
struct CallPreparation: Sendable {
    let identity: Identity_V1_IdentityServiceClient
    let limiter: RateLimiter

    func call(_ endpoint: Endpoint, _ request: Request, _ context: GatewayContext) async throws -> APICall {
        var metadata = [MetadataKey.requestID: context.requestID]
        if let ip = context.clientIP { metadata[MetadataKey.clientIP] = ip }
        if let bucket = endpoint.rateLimit, let wait = limiter.take(bucket, key: context.clientIP ?? "?") {
            var error = APIError(.tooManyRequests, code: "RESOURCE_EXHAUSTED", message: "请求过于频繁，请\(wait)秒后再试")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let (token, byCookie) = API.token(request)
        guard endpoint.access == .session else {
            return APICall(request: request, context: context, options: CallOptions(metadata: metadata), token: token, caller: nil)
        }
        guard let token else { throw APIError.unauthenticated }
        if byCookie, endpoint.method != .get {
            // Double-submit check: a cross-site form cannot read our cookie to copy it into a header.
            let cookie = request.cookies[API.csrfCookie]?.value ?? ""
            let header = request.headers[.xCSRFToken] ?? ""
            guard !cookie.isEmpty, Crypto.constantTimeEquals(Array(cookie.utf8), Array(header.utf8)) else {
                throw APIError(.forbidden, code: "PERMISSION_DENIED", message: "CSRF校验失败，请刷新页面后重试")
            }
        }
        var authenticate = Identity_V1_AuthenticateRequest()
        authenticate.token = token
        let caller = try await identity.authenticate(authenticate, options: CallOptions(metadata: metadata))
        let forwarded = Caller(userID: caller.userID, orgID: caller.orgID == 0 ? nil : caller.orgID, roles: caller.roles,
                               permissions: Set(caller.permissions))
        metadata.merge(forwarded.metadata) { _, new in new }
        context.logger.trace("caller", metadata: ["caller.user_id": "\(caller.userID)", "caller.org_id": "\(caller.orgID)"])
        return APICall(request: request, context: context, options: CallOptions(metadata: metadata), token: token, caller: caller)
    }
}
