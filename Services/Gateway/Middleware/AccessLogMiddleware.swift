import Hummingbird
import Logging
import NIOCore

/// One log line per request (a JSON line with the JSON log format): method, route template,
/// status, duration in microseconds, request id and caller. Never the concrete path, a query value or a body,
/// which may hold ID numbers or phones.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let logger: Logger

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let started = NIODeadline.now()
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: started)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context, status: error.status.code, since: started)
            throw error
        } catch {
            log(request, context, status: 500, since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: GatewayContext, status: Int, since started: NIODeadline) {
        let micros = (NIODeadline.now() - started).nanoseconds / 1_000
        var metadata: Logger.Metadata = [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(Self.route(context.endpointPath)),
            "http.status": .stringConvertible(status),
            "duration_us": .stringConvertible(micros),
            "request.id": .string(context.requestID),
        ]
        if let caller = context.access.callerID { metadata["caller.user_id"] = .stringConvertible(caller) }
        logger.info("http request", metadata: metadata)
    }

    /// The matched route's template; unmatched paths are not logged as they came (a mistyped
    /// URL may carry an ID number).
    static func route(_ endpointPath: String?) -> String {
        guard let path = endpointPath, path.hasPrefix("/") else { return "(unmatched)" }
        return path
    }
}
