import Logging
import NIOConcurrencyHelpers
import RPC

/// The system's RPC services and where each listens by default (docs/CONFIGURATION.md); a
/// deployment names the instances of each in `<NAME>_ENDPOINTS` (`host:port,…`).
public enum ServiceDirectory {
    public static let defaultPorts: [String: Int] = [
        "identity": 7101, "enrollment": 7102, "classes": 7103, "assessment": 7104, "certificates": 7105,
    ]

    /// The instances of service `name` from `<NAME>_ENDPOINTS`, else its default port on loopback.
    /// - Throws: `ConfigurationError` for a malformed list or an unknown service.
    public static func endpoints(of name: String, _ reader: EnvironmentReader = EnvironmentReader()) throws -> [RPCEndpoint] {
        guard let port = defaultPorts[name] else {
            throw ConfigurationError(variable: name.uppercased() + "_ENDPOINTS", reason: "unknown service \(name)")
        }
        return try reader.endpoints(name.uppercased() + "_ENDPOINTS", default: "127.0.0.1:\(port)", serverHostname: name)
    }
}

/// One RPC client per peer service for a service's handlers, made on first use with the
/// service's own certificate (peers authorise service calls by it) and closed when the host
/// stops. Handlers pass `CallContext.forwarded` as the options, so the request id and the
/// caller's deadline travel with the call.
public final class PeerClients: Sendable {
    private let tls: TLSContext
    private let reader: EnvironmentReader
    private let logger: Logger
    private let clients = NIOLockedValueBox<[String: RPCClient]>([:])

    public init(tls: TLSContext, reader: EnvironmentReader = EnvironmentReader(), logger: Logger) {
        self.tls = tls
        self.reader = reader
        self.logger = logger
    }

    /// The client of peer service `name` ("enrollment"), balancing over its instances.
    /// - Throws: `ConfigurationError` when `<NAME>_ENDPOINTS` is malformed.
    public func client(_ name: String) throws -> RPCClient {
        try clients.withLockedValue { clients in
            if let client = clients[name] { return client }
            let client = RPCClient(endpoints: try ServiceDirectory.endpoints(of: name, reader),
                                   configuration: RPCClientConfiguration(tls: tls), logger: logger)
            clients[name] = client
            return client
        }
    }

    /// Closes every client made.
    public func close() async {
        for client in clients.withLockedValue({ Array($0.values) }) { await client.close() }
    }
}
