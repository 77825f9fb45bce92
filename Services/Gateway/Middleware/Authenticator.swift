import Hummingbird
import OpenSSLCrypto
import Proto
import ProtoServices
import RPC
import ServiceHost

/// The signed-in groups' middleware: finds the session token (a bearer token, else the
/// HttpOnly cookie, whose changes must pass the CSRF double-submit check) and, when
/// `authenticates`, has identity authenticate it and puts the caller in the request context for
/// the handler and the access log (GW-2). Without `authenticates`, the route's own call does.
struct Authenticator: RouterMiddleware {
    typealias Context = GatewayContext
    let identity: Identity_V1_IdentityServiceClient
    let authenticates: Bool

    static let sessionCookie = "session"
    static let csrfCookie = "csrf_token"

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let (token, byCookie) = Self.token(request)
        guard let token else { throw APIError.unauthenticated }
        if byCookie, request.method != .get, request.method != .head {
            // Double-submit check: a cross-site form cannot read our cookie to copy it into a header.
            let cookie = request.cookies[Self.csrfCookie]?.value ?? ""
            let header = request.headers[.xCSRFToken] ?? ""
            guard !cookie.isEmpty, Crypto.constantTimeEquals(Array(cookie.utf8), Array(header.utf8)) else {
                throw APIError(.forbidden, code: .permissionDenied, message: "CSRF校验失败，请刷新页面后重试")
            }
        }
        var context = context
        context.session = GatewayContext.Session(token: token, caller: nil)
        if authenticates {
            var authenticate = Identity_V1_AuthenticateRequest()
            authenticate.token = token
            let caller = try await identity.authenticate(authenticate, options: context.callOptions)
            context.session = GatewayContext.Session(token: token, caller: caller)
            context.access.callerID = caller.userID
        }
        return try await next(request, context)
    }

    /// The bearer token from `Authorization`, else the session cookie (and whether it was the cookie).
    static func token(_ request: Request) -> (String?, byCookie: Bool) {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return (String(header.dropFirst(7)), false)
        }
        if let cookie = request.cookies[sessionCookie]?.value, !cookie.isEmpty { return (cookie, true) }
        return (nil, false)
    }
}
