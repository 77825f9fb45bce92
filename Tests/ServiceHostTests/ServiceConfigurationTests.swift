@testable import ServiceHost
import Testing

/// The RPC limits and shutdown timings a service reads from its environment.
@Suite("Service configuration")
struct ServiceConfigurationTests {
    private func configuration(_ environment: [String: String]) throws -> ServiceConfiguration {
        try ServiceConfiguration.fromEnvironment(name: "identity", rpcPort: 7101, metricsPort: 9101, environment: environment)
    }

    @Test("defaults: handshake 10 s, idle 5 min, 1024 connections, drain 30 s inside a 35 s shutdown")
    func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.rpcHandshakeTimeout == .seconds(10))
        #expect(configuration.rpcIdleTimeout == .seconds(300))
        #expect(configuration.rpcMaximumConnections == 1024)
        #expect(configuration.rpcDrainTimeout == .seconds(30))
        #expect(configuration.shutdownTimeout == .seconds(35))
        // Inside docker-compose's stop_grace_period (40 s), cancellation time included.
        #expect(configuration.shutdownTimeout + ServiceHost.cancellationTimeout < .seconds(40))
    }

    @Test("the variables set each limit")
    func variables() throws {
        let configuration = try configuration([
            "RPC_HANDSHAKE_TIMEOUT_SECONDS": "3", "RPC_IDLE_TIMEOUT_SECONDS": "60", "RPC_MAX_CONNECTIONS": "50",
            "RPC_DRAIN_TIMEOUT_SECONDS": "8", "SHUTDOWN_TIMEOUT_SECONDS": "12",
        ])
        #expect(configuration.rpcHandshakeTimeout == .seconds(3))
        #expect(configuration.rpcIdleTimeout == .seconds(60))
        #expect(configuration.rpcMaximumConnections == 50)
        #expect(configuration.rpcDrainTimeout == .seconds(8))
        #expect(configuration.shutdownTimeout == .seconds(12))
    }

    @Test("zero, negative or non-numeric limits stop start-up, naming the variable",
          arguments: ["RPC_HANDSHAKE_TIMEOUT_SECONDS", "RPC_IDLE_TIMEOUT_SECONDS", "RPC_MAX_CONNECTIONS",
                      "RPC_DRAIN_TIMEOUT_SECONDS", "SHUTDOWN_TIMEOUT_SECONDS"])
    func unusableValues(variable: String) throws {
        for value in ["0", "-1", "ten"] {
            let error = #expect(throws: ConfigurationError.self) { try configuration([variable: value]) }
            #expect(error?.variable == variable, "\(variable)=\(value): \(String(describing: error))")
        }
    }

    @Test("a drain as long as the whole shutdown is refused")
    func drainMustFitInShutdown() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try configuration(["RPC_DRAIN_TIMEOUT_SECONDS": "40", "SHUTDOWN_TIMEOUT_SECONDS": "40"])
        }
        #expect(error?.variable == "RPC_DRAIN_TIMEOUT_SECONDS")
    }
}
