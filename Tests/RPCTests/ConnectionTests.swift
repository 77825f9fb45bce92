import NIOCore
import Proto
import ProtoServices
@testable import RPC
import RPCTestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

/// Broken peers, refused handshakes, drains and reconnects, over real sockets.
@Suite("RPC connections")
struct ConnectionTests {
    @Test("a length prefix over the limit closes that connection; the server keeps serving others",
          arguments: [UInt32(4 * 1024 * 1024 + 1), UInt32.max])
    func oversizedPrefix(prefix: UInt32) async throws {
        let harness = try await Harness.start()
        let raw = try await RawConnection(port: harness.port)
        try await raw.send([UInt8(prefix >> 24), UInt8(prefix >> 16 & 0xff), UInt8(prefix >> 8 & 0xff), UInt8(prefix & 0xff)])
        let goAway = await raw.next()
        #expect(goAway?.goAway?.code == .resourceExhausted)
        #expect(await raw.next() == nil, "connection should be closed")
        let echo = try harness.echo()
        #expect(try await echo.echo(.with { $0.payload = [9] }).payload == [9])
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a frame that is not an envelope closes that connection with INVALID_ARGUMENT; others go on")
    func malformedEnvelope() async throws {
        let harness = try await Harness.start()
        let echo = try harness.echo()
        _ = try await echo.echo(Testing_V1_EchoRequest())
        let raw = try await RawConnection(port: harness.port)
        try await raw.send([0, 0, 0, 3, 0xFF, 0xFF, 0xFF])
        #expect(await raw.next()?.goAway?.code == .invalidArgument)
        #expect(await raw.next() == nil)
        #expect(try await echo.echo(.with { $0.payload = [1] }).payload == [1])
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a reused call id is a protocol error")
    func duplicateCallID() async throws {
        let harness = try await Harness.start()
        let raw = try await RawConnection(port: harness.port)
        let slow = Testing_V1_EchoRequest.with { $0.sleepMs = 2000 }.serializedBytes()
        try await raw.send(.request(5, method: "testing.v1.Echo/Echo", payload: slow))
        try await raw.send(.request(5, method: "testing.v1.Echo/Echo", payload: slow))
        #expect(await raw.next()?.goAway?.code == .invalidArgument)
        await harness.server.drain()
    }

    // MARK: Mutual TLS

    @Test("a client without a certificate is refused by the server")
    func noClientCertificate() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(configure: { $0.tls = try! TLSContext(
            TLSConfiguration(certificateChainFile: nil, privateKeyFile: nil, trustRootsFile: certificates.path("ca.pem")),
            role: .client) })
        await #expect(throws: RPCError.self) { _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest()) }
        #expect(await Harness.eventually { harness.serverLoggedTLSFailure(containing: "did not return a certificate") })
        await client.close()
        await harness.server.drain()
    }

    @Test("a client certificate from another CA is refused by the server")
    func foreignClientCertificate() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(configure: { $0.tls = try! TLSContext(
            TLSConfiguration(certificateChainFile: certificates.foreignDirectory + "/rogue.pem",
                             privateKeyFile: certificates.foreignDirectory + "/rogue.key",
                             trustRootsFile: certificates.path("ca.pem")), role: .client) })
        await #expect(throws: RPCError.self) { _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest()) }
        #expect(await Harness.eventually { harness.serverLoggedTLSFailure(containing: "certificate verify failed") })
        await client.close()
        await harness.server.drain()
    }

    @Test("an expired client certificate is refused by the server")
    func expiredClientCertificate() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(certificate: "expired")
        await #expect(throws: RPCError.self) { _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest()) }
        #expect(await Harness.eventually { harness.serverLoggedTLSFailure(containing: "certificate has expired") })
        await client.close()
        await harness.server.drain()
    }

    @Test("a server whose certificate does not name the host is refused by the client")
    func wrongHostname() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(serverHostname: "enrollment")
        let error = await #expect(throws: RPCError.self) {
            _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("hostname mismatch") == true, "\(String(describing: error))")
        await client.close()
        await harness.server.drain()
    }

    @Test("a server trusted by no CA the client knows is refused by the client")
    func untrustedServer() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(configure: { $0.tls = try! TLSContext(
            TLSConfiguration(certificateChainFile: certificates.path("client.pem"),
                             privateKeyFile: certificates.path("client.key"),
                             trustRootsFile: certificates.foreignDirectory + "/ca.pem"), role: .client) })
        let error = await #expect(throws: RPCError.self) {
            _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest())
        }
        #expect(error?.message.contains("certificate verify failed") == true, "\(String(describing: error))")
        await client.close()
        await harness.server.drain()
    }

    @Test("TLS 1.1 is refused")
    func tls11Refused() async throws {
        let harness = try await Harness.start()
        let client = try harness.client(configureTLS: { $0.minimumVersion = .tls1_1; $0.maximumVersion = .tls1_1 })
        await #expect(throws: RPCError.self) { _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest()) }
        #expect(await Harness.eventually { harness.serverLoggedTLSFailure(containing: "protocol") })
        await client.close()
        await harness.server.drain()
    }

    // MARK: Drain and reconnect

    @Test("a graceful drain finishes in-flight calls and refuses new ones")
    func drainFinishesInFlight() async throws {
        let sleeping = Atomic<Int>(0)
        let harness = try await Harness.start(services: [EchoService(onSleep: { _ in sleeping.add(1, ordering: .relaxed) })])
        let echo = try harness.echo()
        _ = try await echo.echo(Testing_V1_EchoRequest())
        let inFlight = (0..<5).map { index in
            Task { try await echo.echoOnce(.with { $0.payload = [UInt8(index)]; $0.sleepMs = 400 }) }
        }
        #expect(await Harness.eventually { sleeping.load(ordering: .relaxed) == 5 })
        let started = ContinuousClock.now
        await harness.server.drain()
        #expect(ContinuousClock.now - started >= .milliseconds(150), "drain returned before calls finished")
        for (index, call) in inFlight.enumerated() {
            #expect(try await call.value.payload == [UInt8(index)])
        }
        let refused = await #expect(throws: RPCError.self) { _ = try await echo.echoOnce(Testing_V1_EchoRequest()) }
        #expect(refused?.code == .unavailable)
        await echo.client.close()
    }

    @Test("graceful shutdown of the service group drains the server")
    func gracefulShutdownDrains() async throws {
        let sleeping = Atomic<Int>(0)
        let harness = try await Harness.start(services: [EchoService(onSleep: { _ in sleeping.add(1, ordering: .relaxed) })])
        let echo = try harness.echo()
        _ = try await echo.echo(Testing_V1_EchoRequest())
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.server.run() }
                let call = Task { try await echo.echoOnce(.with { $0.payload = [7]; $0.sleepMs = 300 }) }
                #expect(await Harness.eventually { sleeping.load(ordering: .relaxed) == 1 })
                trigger.triggerGracefulShutdown()
                #expect(try await call.value.payload == [7])
                try await group.waitForAll()
            }
        }
        await echo.client.close()
    }

    @Test("on graceful shutdown a connection gets GoAway(UNAVAILABLE), a new call on it gets UNAVAILABLE, the call in flight finishes, then it closes")
    func drainOnTheWire() async throws {
        let sleeping = Atomic<Int>(0)
        let harness = try await Harness.start(services: [EchoService(onSleep: { _ in sleeping.add(1, ordering: .relaxed) })])
        let raw = try await RawConnection(port: harness.port)
        // Long enough that call 2 reaches the server while call 1 is still running, even on a loaded machine.
        let slow = Testing_V1_EchoRequest.with { $0.payload = [5]; $0.sleepMs = 2000 }.serializedBytes()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.server.run() }
                try await raw.send(.request(1, method: "testing.v1.Echo/EchoOnce", payload: slow))
                #expect(await Harness.eventually { sleeping.load(ordering: .relaxed) == 1 })
                trigger.triggerGracefulShutdown()
                #expect(await raw.next()?.kind == .goAway(.with {
                    $0.lastCallID = 1; $0.code = .unavailable; $0.reason = "server shutting down"
                }))
                try await raw.send(.request(2, method: "testing.v1.Echo/EchoOnce"))
                let refused = await raw.next()
                #expect(refused?.callID == 2)
                #expect(refused?.kind == .response(.with {
                    $0.status = .with { $0.code = .unavailable; $0.message = "服务正在停止，请重试" }
                }))
                let finished = await raw.next()
                #expect(finished?.callID == 1)
                #expect(finished?.responseCode == .ok)
                #expect(await raw.next() == nil, "the connection should close once its last call is answered")
                try await group.waitForAll()
            }
        }
    }

    @Test("an idempotent call rides out a server restart; a non-idempotent one fails fast")
    func reconnectAndRetry() async throws {
        // A port outside the kernel's ephemeral range (32768–60999), so no other test's server
        // takes it while this one is down.
        let first = try await Harness.start(port: Int.random(in: 20_000..<30_000))
        let port = first.port
        let echo = try first.echo { $0.maximumAttempts = 50 }
        _ = try await echo.echo(Testing_V1_EchoRequest())
        await first.server.drain()

        let refused = await #expect(throws: RPCError.self) { _ = try await echo.echoOnce(Testing_V1_EchoRequest()) }
        #expect(refused?.code == .unavailable)

        let restarted = Task {
            try await Task.sleep(nanoseconds: 500_000_000)
            return try await Harness.start(port: port)
        }
        let response = try await echo.echo(.with { $0.payload = [42] }, options: CallOptions(timeout: .seconds(10)))
        #expect(response.payload == [42])
        await echo.client.close()
        await try restarted.value.server.drain()
    }
}
