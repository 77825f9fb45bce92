import HTTPTypes
import Hummingbird
import OpenSSLCrypto

/// Gives every request an id (or keeps a well-formed `X-Request-ID` from the client), puts it on
/// the logger and the response, and adds the security headers every response carries.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[.xRequestID] ?? ""
        context.requestID = (1...64).contains(given.utf8.count) && given.utf8.allSatisfy(Self.isTokenByte)
            ? given : Crypto.hex(Crypto.randomBytes(8))
        context.logger[metadataKey: "request.id"] = .string(context.requestID)
        do {
            var response = try await next(request, context)
            Self.decorate(&response.headers, requestID: context.requestID)
            return response
        } catch var error as APIError {
            Self.decorate(&error.headers, requestID: context.requestID)
            throw error
        }
    }

    /// Security headers for a JSON API (no framing, no sniffing, no caching of personal data);
    /// the front-end files set their own CSP and `Cache-Control: no-cache` (`StaticFiles`).
    static func decorate(_ headers: inout HTTPFields, requestID: String) {
        headers[.xRequestID] = requestID
        headers[.xContentTypeOptions] = "nosniff"
        headers[.xFrameOptions] = "DENY"
        headers[.referrerPolicy] = "no-referrer"
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'" }
        headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45 || byte == 95
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-ID")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
    static let xCSRFToken = Self("X-CSRF-Token")!
}
