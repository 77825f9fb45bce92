import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import Proto
import RPC
import ServiceHost

/// Per-request state: the request id every log line and RPC carries, the client address, and,
/// in the signed-in group, the session the `Authenticator` found. Public endpoints never pay for
/// a session lookup.
struct GatewayContext: RequestContext, RemoteAddressRequestContext {
    /// A signed-in request's session: its token, and the caller once authenticated.
    struct Session: Sendable {
        let token: String
        let caller: Identity_V1_Caller?
    }

    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// Set by `RequestIDMiddleware`.
    var requestID = ""
    /// Set by `Authenticator`.
    var session: Session?
    /// What the access log reports once the response is made (shared by every copy of this
    /// context, as Hummingbird's `endpointPath` is).
    let access = AccessRecord()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies carry at most a few images in base64 (ID-10's licence): 4 MiB.
    var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The client's address as the socket saw it (the gateway is the public entry point; a
    /// TLS-terminating proxy in front would need an explicit trusted-proxy setting).
    var clientIP: String? { remoteAddress?.ipAddress }

    /// Options for backend calls: request id, client address, and the caller when signed in.
    var callOptions: CallOptions {
        var metadata = [MetadataKey.requestID: requestID]
        if let clientIP { metadata[MetadataKey.clientIP] = clientIP }
        if let caller = session?.caller {
            let forwarded = Caller(userID: caller.userID, orgID: caller.orgID == 0 ? nil : caller.orgID, roles: caller.roles,
                                   permissions: Set(caller.permissions))
            metadata.merge(forwarded.metadata) { _, new in new }
        }
        return CallOptions(metadata: metadata)
    }
}

/// The parts of a request's access-log line that are learnt inside the handler chain.
struct AccessRecord: Sendable {
    private let caller = NIOLockedValueBox<Int64?>(nil)

    /// The signed-in user, when there is one.
    var callerID: Int64? {
        get { caller.withLockedValue { $0 } }
        nonmutating set { caller.withLockedValue { $0 = newValue } }
    }
}
