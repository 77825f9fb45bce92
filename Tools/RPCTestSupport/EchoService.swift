import Proto
import ProtoServices
import RPC

/// `testing.v1.Echo` for tests and rpc-bench: echoes payloads, and on request sleeps
/// (observing cancellation) or fails with a chosen status.
public struct EchoService: Testing_V1_EchoService {
    private let onSleep: @Sendable (CallContext) -> Void
    private let onCancelled: @Sendable (CallContext) -> Void

    /// - Parameters:
    ///   - onSleep: called when a handler asked to sleep starts sleeping (the call is in flight).
    ///   - onCancelled: called when a sleeping handler is cancelled.
    public init(onSleep: @escaping @Sendable (CallContext) -> Void = { _ in },
                onCancelled: @escaping @Sendable (CallContext) -> Void = { _ in }) {
        self.onSleep = onSleep
        self.onCancelled = onCancelled
    }

    public func echo(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        if request.sleepMs > 0 {
            onSleep(context)
            do {
                try await Task.sleep(nanoseconds: UInt64(request.sleepMs) * 1_000_000)
            } catch {
                onCancelled(context)
                throw error
            }
        }
        if request.failCode != 0 {
            throw RPCError(RPCCode(rawValue: request.failCode), request.failMessage)
        }
        return .with { $0.payload = request.payload }
    }

    public func echoOnce(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        try await echo(request, context: context)
    }

    public func roundTrip(_ request: Testing_V1_AllKinds, context: CallContext) async throws -> Testing_V1_AllKinds {
        request
    }
}
