import HTTPTypes
import NIOConcurrencyHelpers

/// One documented HTTP endpoint. Routes are registered only through `API`, which records this
/// description too, so `/openapi.json` lists exactly the routes that exist (GW-1).
struct Endpoint: Sendable {
    enum Access: Sendable {
        /// No session needed (login, registration, SMS codes, health).
        case open
        /// A session is required; the caller is forwarded to the service in call metadata.
        case session
        /// A session is required, and the one identity call the route makes authenticates it
        /// itself (GetMe): the gateway checks only that a token is there (and the CSRF token),
        /// and saves the separate Authenticate call.
        case sessionInCall
    }

    let method: HTTPRequest.Method
    /// Path with `{name}` parameters, as OpenAPI writes it.
    let path: String
    let summary: String
    let tag: String
    let access: Access
    /// Proto name of the JSON body's type, nil for bodiless requests.
    var requestBody: String? = nil
    /// The proto request message whose fields the query string carries (`ProtoQuery`).
    var query: ProtoQuery.Shape? = nil
    /// Proto name of the JSON response's type (or a hand-written schema's name).
    var response: String
    /// The rate-limit bucket, for endpoints worth abusing.
    var rateLimit: String? = nil
    /// The media type of a raw (non-JSON) request body, e.g. an uploaded image.
    var rawRequest: String? = nil
    /// The media type of a non-JSON response (a file, CSV, an HTML page); nil for JSON of `response`.
    var rawResponse: String? = nil

    /// The error statuses the route can answer with their body's schema name, for routes that
    /// are not backend calls (the default: every status an RPC status maps to, with `Error`).
    var errorStatuses: [Int: String]? = nil

    /// The `{name}` parameters of the path, in order.
    var pathParameters: [String] { Self.pathParameters(of: path) }

    /// The `{name}` parameters of a path template, in order.
    static func pathParameters(of path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// Whether a concrete request path (no query) matches this endpoint's template.
    func matches(path concrete: some StringProtocol) -> Bool {
        let template = path.split(separator: "/", omittingEmptySubsequences: false)
        let given = concrete.split(separator: "/", omittingEmptySubsequences: false)
        guard template.count == given.count else { return false }
        return zip(template, given).allSatisfy { pattern, segment in
            pattern.hasPrefix("{") ? !segment.isEmpty : pattern == segment
        }
    }
}

/// The endpoints registered so far: for `/openapi.json`, and for the `Allow` header of a 405.
/// Its own object, so route handlers can hold it without holding the router that holds them.
final class EndpointRegistry: Sendable {
    private let endpoints = NIOLockedValueBox<[Endpoint]>([])

    func append(_ endpoint: Endpoint) { endpoints.withLockedValue { $0.append(endpoint) } }

    var all: [Endpoint] { endpoints.withLockedValue { $0 } }

    /// The methods registered for a concrete path, for a 405's `Allow` (empty: no such path).
    func methods(forPath path: some StringProtocol) -> [HTTPRequest.Method] {
        endpoints.withLockedValue { endpoints in
            var methods: [HTTPRequest.Method] = []
            for endpoint in endpoints where endpoint.matches(path: path) && !methods.contains(endpoint.method) {
                methods.append(endpoint.method)
            }
            return methods
        }
    }
}
