import Logging
import NIOCore

/// What a handler knows about the call it serves.
public struct CallContext: Sendable {
    /// "package.Service/Method".
    public let method: String
    /// The peer's call id on this connection.
    public let callID: UInt64
    /// Per-call metadata from the client (docs/PROTOCOL.md lists the reserved keys).
    public let metadata: [String: String]
    /// When the caller stops waiting; the handler's task is cancelled then.
    public let deadline: NIODeadline?
    /// The calling service, from its verified client certificate.
    public let peer: PeerIdentity?
    private let baseLogger: Logger

    /// Made by the server for each call; tests and in-process callers may make their own.
    public init(method: String, callID: UInt64, metadata: [String: String], deadline: NIODeadline?,
         peer: PeerIdentity?, logger: Logger) {
        self.method = method
        self.callID = callID
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
        self.baseLogger = logger
    }

    /// The tracing id the gateway gave the whole request ("" when the caller sent none).
    public var requestID: String { metadata[MetadataKey.requestID] ?? "" }

    /// The end user's IP address as the gateway saw it, when it is a well-formed address (it is
    /// stored in `inet` columns, so anything else is dropped).
    public var clientIP: String? {
        guard let text = metadata[MetadataKey.clientIP], (2...45).contains(text.utf8.count),
              text.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" }),
              text.contains(".") || text.contains(":") else { return nil }
        return text
    }

    /// A logger carrying `request.id` and `rpc.method`.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "request.id"] = .string(requestID)
        logger[metadataKey: "rpc.method"] = .string(method)
        return logger
    }

    /// Time left before the deadline, nil when the call has none.
    public var timeRemaining: TimeAmount? {
        deadline.map { $0 - .now() }
    }

    /// Options for the calls this handler makes to other services on the call's behalf: the same
    /// request id, and at most what is left of the caller's deadline (the peer stops working when
    /// the caller has stopped waiting). The caller's identity is not forwarded: a peer service
    /// authorises such calls by the calling service's certificate.
    public var forwarded: CallOptions {
        let remaining = timeRemaining.map { Duration.nanoseconds(max($0.nanoseconds, 1)) }
        return CallOptions(timeout: remaining, metadata: [MetadataKey.requestID: requestID])
    }
}

/// Reserved metadata keys (docs/PROTOCOL.md, "Metadata").
public enum MetadataKey {
    public static let requestID = "request-id"
    public static let callerUserID = "caller-user-id"
    public static let callerOrgID = "caller-org-id"
    public static let callerRoles = "caller-roles"
    public static let callerPermissions = "caller-permissions"
    public static let clientIP = "client-ip"
}
