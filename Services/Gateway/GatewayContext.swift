import Hummingbird
import NIOCore

/// Per-request state: the request id every log line and RPC carries, and the client address.
/// The caller is resolved per endpoint (`API`), not here, so public endpoints never pay for it.
struct GatewayContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// Set by `RequestIDMiddleware`.
    var requestID = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies carry at most a few images in base64 (ID-10's licence): 4 MiB.
    var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The client's address as the socket saw it (the gateway is the public entry point; a
    /// TLS-terminating proxy in front would need an explicit trusted-proxy setting).
    var clientIP: String? { remoteAddress?.ipAddress }
}
