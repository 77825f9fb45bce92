import NIOCore
import NIOPosix
import Proto
import ProtoServices
@testable import RPC
import RPCTestSupport
import Synchronization
import Testing

/// The server's three connection limits (handshake timeout, idle timeout, connection count),
/// each over real sockets on 127.0.0.1 with short timeouts.
@Suite("RPC connection limits")
struct ConnectionLimitTests {
    @Test("a TCP connection that never starts, or never finishes, the TLS handshake is closed after the handshake timeout",
          arguments: [[], [0x16, 0x03, 0x01, 0x00]] as [[UInt8]])
    func handshakeTimeout(sent: [UInt8]) async throws {
        let harness = try await Harness.start { $0.handshakeTimeout = .milliseconds(1_000) }
        let started = ContinuousClock.now
        let tcp = try await PlainTCP(port: harness.port)
        try await tcp.send(sent)
        // The server holds the connection until the timeout; on a loaded machine this task may
        // not be scheduled again before the timeout has already closed it, so its log counts too.
        let timedOut = { harness.logs.entries.contains { $0.message.description == "tls handshake timed out" } }
        #expect(await Harness.eventually { harness.server.connectionCount == 1 || timedOut() })
        #expect(await tcp.closed(within: .seconds(5)), "the server kept a connection that never handshook")
        #expect(ContinuousClock.now - started >= .milliseconds(950), "closed before the timeout")
        #expect(timedOut())
        #expect(await Harness.eventually { harness.server.connectionCount == 0 })
        // A peer that handshakes in time is served, and its connection outlives the timeout.
        let echo = try harness.echo()
        #expect(try await echo.echo(.with { $0.payload = [1] }).payload == [1])
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(try await echo.echoOnce(.with { $0.payload = [2] }).payload == [2])
        #expect(harness.server.connectionCount == 1, "a handshaken connection was closed by the handshake timer")
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a handshaken connection with no calls gets GoAway(UNAVAILABLE, \"connection idle\") and is closed after the idle timeout")
    func idleTimeout() async throws {
        let harness = try await Harness.start { $0.idleTimeout = .milliseconds(1_000) }
        let started = ContinuousClock.now  // before the connect, so the server's clock starts later
        let raw = try await RawConnection(port: harness.port)
        let goAway = await raw.next()?.goAway
        #expect(ContinuousClock.now - started >= .milliseconds(1_000), "GoAway before the idle timeout")
        #expect(goAway?.code == .unavailable)
        #expect(goAway?.reason == "connection idle")
        #expect(goAway?.lastCallID == 0)
        #expect(await raw.next() == nil, "connection should be closed after the idle GoAway")
        #expect(await Harness.eventually { harness.server.connectionCount == 0 })
        await harness.server.drain()
    }

    @Test("a call in flight keeps a connection from idling; the idle clock starts again when it ends")
    func idleClockRestartsAfterCalls() async throws {
        // Timeouts long enough that a loaded machine (the whole suite runs in parallel) still gets
        // the request to the server before the connection's first idle period ends.
        let harness = try await Harness.start { $0.idleTimeout = .milliseconds(1_000) }
        let raw = try await RawConnection(port: harness.port)
        let slow = Testing_V1_EchoRequest.with { $0.sleepMs = 1_500 }.serializedBytes()
        let sent = ContinuousClock.now
        try await raw.send(.request(1, method: "testing.v1.Echo/EchoOnce", payload: slow))
        let response = await raw.next()
        #expect(response?.responseCode == .ok, "the idle timer cut a call in flight: \(String(describing: response))")
        let goAway = await raw.next()?.goAway
        #expect(goAway?.reason == "connection idle")
        #expect(goAway?.lastCallID == 1)
        // The call ends 1.5 s after it was sent at the earliest; the idle clock starts then.
        #expect(ContinuousClock.now - sent >= .milliseconds(2_450), "idle clock did not restart when the call ended")
        #expect(await raw.next() == nil)
        await harness.server.drain()
    }

    @Test("our client rides out idle GoAways: every call succeeds on a fresh connection, none is retried as a failure")
    func clientReconnectsAfterIdleGoAway() async throws {
        let harness = try await Harness.start { $0.idleTimeout = .milliseconds(100) }
        let echo = try harness.echo()  // maximumAttempts 1: no retries of failed calls
        for round in 0..<20 {
            // Around the idle timeout, so some calls meet the GoAway on the wire.
            try await Task.sleep(for: .milliseconds(70 + round % 5 * 15))
            let response = try await echo.echoOnce(.with { $0.payload = [UInt8(round)] })
            #expect(response.payload == [UInt8(round)])
        }
        #expect(harness.logs.entries.contains { $0.message.description == "connection idle: draining" })
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a caller running on one of the client's event loops calls over that loop's connection")
    func callerOnALoopUsesItsLoopsConnection() async throws {
        let harness = try await Harness.start()
        let echo = Testing_V1_EchoClient(try harness.client(configure: { $0.connectionsPerEndpoint = 2 }))
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        // Ten calls from a task on the first loop: one connection, the first loop's.
        try await withTaskExecutorPreference(EventLoopTaskExecutor(loops[0])) {
            for round in 0..<10 {
                let response = try await echo.echo(.with { $0.payload = [UInt8(round)] })
                #expect(response.payload == [UInt8(round)])
                #expect(loops[0].inEventLoop, "the answer came back on the caller's loop")
            }
        }
        #expect(harness.server.connectionCount == 1)
        try await withTaskExecutorPreference(EventLoopTaskExecutor(loops[1 % loops.count])) {
            let response = try await echo.echo(.with { $0.payload = [9] })
            #expect(response.payload == [9])
        }
        #expect(harness.server.connectionCount == min(loops.count, 2), "the second loop got its own connection")
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("with N connections open the next is closed at once, before TLS, and counted; after one closes a new one is served")
    func connectionLimit() async throws {
        let metrics = testMetrics
        let harness = try await Harness.start {
            $0.maximumConnections = 2
            $0.metricsName = "limit-test"
        }
        let first = try await RawConnection(port: harness.port)
        let second = try await RawConnection(port: harness.port)
        for raw in [first, second] {
            try await raw.send(.with { $0.kind = .ping(.with { $0.data = 1 }) })
            #expect(await raw.next()?.kind == .pong(.with { $0.data = 1 }))
        }
        let refused = try await PlainTCP(port: harness.port)
        #expect(await refused.closed(within: .seconds(2)), "a connection over the limit was kept")
        #expect(try metrics.expectCounter("rpc_server_connections_rejected_total", [("server", "limit-test")]).totalValue == 1)
        #expect(harness.server.connectionCount == 2)

        try await first.channel.close()
        #expect(await Harness.eventually { harness.server.connectionCount == 1 })
        let third = try await RawConnection(port: harness.port)
        try await third.send(.with { $0.kind = .ping(.with { $0.data = 3 }) })
        #expect(await third.next()?.kind == .pong(.with { $0.data = 3 }))
        #expect(try metrics.expectCounter("rpc_server_connections_rejected_total", [("server", "limit-test")]).totalValue == 1)
        try await second.channel.close()
        try await third.channel.close()
        await harness.server.drain()
    }
}

/// A plain TCP connection (no TLS) that sends only what it is told, to watch what the server
/// does with it.
struct PlainTCP {
    let channel: any Channel

    init(port: Int) async throws {
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Whether the server closed the connection within `timeout`.
    func closed(within timeout: Duration) async -> Bool {
        let result = await Harness.eventually(seconds: Double(timeout.components.seconds)) { !channel.isActive }
        if !result { channel.close(promise: nil) }
        return result
    }
}
