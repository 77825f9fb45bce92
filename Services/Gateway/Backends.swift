import Logging
import NIOCore
import NIOPosix
import Proto
import ProtoServices
import RPC

/// One RPC client per backend service, each balancing over that service's instances.
struct Backends: Sendable {
    let clients: [String: RPCClient]

    init(configuration: GatewayConfiguration, logger: Logger) throws {
        var clientConfiguration = RPCClientConfiguration(tls: try TLSContext(configuration.tls, role: .client))
        clientConfiguration.defaultTimeout = .seconds(10)
        // One connection per event loop to every instance: a handler (on its HTTP connection's
        // loop, `EventLoopHTTPChannel`) calls over the connection of its own loop.
        clientConfiguration.connectionsPerEndpoint = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()).count
        var clients: [String: RPCClient] = [:]
        for (name, endpoints) in configuration.backends {
            clients[name] = RPCClient(endpoints: endpoints, configuration: clientConfiguration, logger: logger)
        }
        self.clients = clients
    }

    /// Each backend's health: SERVING, NOT_SERVING, or the reason it could not be asked.
    func health(timeout: Duration = .seconds(2)) async -> [String: String] {
        await withTaskGroup(of: (String, String).self) { group in
            for (name, client) in clients {
                group.addTask {
                    do {
                        let response = try await Health_V1_HealthClient(client).check(
                            Health_V1_CheckRequest(), options: CallOptions(timeout: timeout))
                        return (name, response.status == .serving ? "SERVING" : "NOT_SERVING")
                    } catch let error as RPCError {
                        return (name, "UNREACHABLE (\(error.code))")
                    } catch {
                        return (name, "UNREACHABLE")
                    }
                }
            }
            var result: [String: String] = [:]
            for await (name, status) in group { result[name] = status }
            return result
        }
    }

    func close() async {
        for client in clients.values { await client.close() }
    }
}
