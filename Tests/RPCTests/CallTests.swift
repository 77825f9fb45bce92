import Foundation
import NIOCore
import Proto
import ProtoServices
@testable import RPC
import RPCTestSupport
import Synchronization
import Testing

/// Calls over real mutual-TLS sockets on 127.0.0.1.
@Suite("RPC calls")
struct CallTests {
    @Test("empty and 300 KB payloads arrive byte-exact", arguments: [0, 1, 300 * 1024])
    func payloads(size: Int) async throws {
        let harness = try await Harness.start()
        let echo = try harness.echo()
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let response = try await echo.echo(.with { $0.payload = payload })
        #expect(response.payload == payload)
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("1,000 concurrent calls on one connection each get their own answer")
    func concurrentCalls() async throws {
        let harness = try await Harness.start()
        let echo = try harness.echo()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let payload = Array("call \(index) 调用".utf8)
                    // Uneven sleeps make answers come back out of order.
                    let response = try await echo.echo(.with { $0.payload = payload; $0.sleepMs = UInt32(index % 7) })
                    return response.payload == payload
                }
            }
            var matched = 0
            for try await ok in group where ok { matched += 1 }
            #expect(matched == 1000)
        }
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a status code, Chinese message and field errors arrive intact")
    func statusArrives() async throws {
        let harness = try await Harness.start(services: [FieldErrorService()])
        let echo = try harness.echo()
        let error = await #expect(throws: RPCError.self) {
            _ = try await echo.echoOnce(.with { $0.failCode = RPCCode.failedPrecondition.rawValue; $0.failMessage = "该报名已审核" })
        }
        #expect(error == RPCError(.failedPrecondition, "该报名已审核", fieldErrors: [FieldError(field: "reason", message: "驳回需填写原因")]))
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("an unknown method is UNIMPLEMENTED and the same connection keeps serving")
    func unknownMethod() async throws {
        let harness = try await Harness.start()
        let raw = try await RawConnection(port: harness.port)
        try await raw.send(.request(1, method: "testing.v1.Echo/NoSuchMethod"))
        let first = await raw.next()
        #expect(first?.callID == 1)
        #expect(first?.responseCode == .unimplemented)
        try await raw.send(.request(2, method: "testing.v1.Echo/Echo",
                                    payload: Testing_V1_EchoRequest.with { $0.payload = [1, 2, 3] }.serializedBytes()))
        let second = await raw.next()
        #expect(second?.callID == 2)
        #expect(second?.responseCode == .ok)
        try await raw.channel.close()
        await harness.server.drain()
    }

    @Test("a handler sleeping past its deadline gives DEADLINE_EXCEEDED on time and sees cancellation")
    func deadline() async throws {
        let cancelled = Atomic<Bool>(false)
        let harness = try await Harness.start(services: [EchoService(onCancelled: { _ in cancelled.store(true, ordering: .relaxed) })])
        let echo = try harness.echo()
        let started = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            _ = try await echo.echo(.with { $0.sleepMs = 10_000 }, options: CallOptions(timeout: .milliseconds(300)))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .deadlineExceeded)
        #expect(elapsed >= .milliseconds(290) && elapsed < .milliseconds(1500), "answered after \(elapsed)")
        #expect(await Harness.eventually { cancelled.load(ordering: .relaxed) })
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a caller's cancellation reaches the handler and the caller gets CANCELLED")
    func cancellation() async throws {
        let cancelled = Atomic<Bool>(false)
        let sleeping = Atomic<Bool>(false)
        let harness = try await Harness.start(services: [EchoService(
            onSleep: { _ in sleeping.store(true, ordering: .relaxed) },
            onCancelled: { _ in cancelled.store(true, ordering: .relaxed) })])
        let echo = try harness.echo()
        let call = Task { try await echo.echo(.with { $0.sleepMs = 10_000 }) }
        #expect(await Harness.eventually { sleeping.load(ordering: .relaxed) })  // the handler is running
        call.cancel()
        let result = await call.result
        #expect(throws: RPCError(.cancelled, "调用已取消")) { try result.get() }
        #expect(await Harness.eventually { cancelled.load(ordering: .relaxed) })
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a request payload that is not protobuf is INVALID_ARGUMENT, no crash")
    func garbagePayload() async throws {
        let harness = try await Harness.start()
        let client = try harness.client()
        let error = await #expect(throws: RPCError.self) {
            _ = try await client.call("testing.v1.Echo/Echo", payload: [0xFF, 0xFF, 0xFF, 0x01], idempotent: false,
                                      options: CallOptions())
        }
        #expect(error?.code == .invalidArgument)
        let echo = Testing_V1_EchoClient(client)
        #expect(try await echo.echo(.with { $0.payload = [4] }).payload == [4])
        await client.close()
        await harness.server.drain()
    }

    @Test("handlers learn the calling service from its certificate")
    func peerIdentity() async throws {
        let harness = try await Harness.start(services: [WhoAmIService()])
        let echo = try harness.echo()
        let response = try await echo.echo(Testing_V1_EchoRequest())
        #expect(String(decoding: response.payload, as: UTF8.self) == "client|client,localhost")
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("a request over the frame limit is refused by the client before sending")
    func oversizeRequest() async throws {
        let harness = try await Harness.start()
        let echo = try harness.echo { $0.maximumFrameSize = 64 * 1024 }
        let error = await #expect(throws: RPCError.self) {
            _ = try await echo.echo(.with { $0.payload = [UInt8](repeating: 1, count: 100 * 1024) })
        }
        #expect(error?.code == .resourceExhausted)
        await echo.client.close()
        await harness.server.drain()
    }

    @Test("the server runs a request whose payload is over the payload limit but within the frame, and refuses to answer with that much")
    func payloadLimitBindsResponsesOnly() async throws {
        let harness = try await Harness.start()
        let raw = try await RawConnection(port: harness.port)
        let limit = FrameDecoder.defaultMaximumFrameSize - 1024
        // EchoRequest{payload} with one byte over the payload limit: the envelope still fits in 4 MiB.
        let request = Testing_V1_EchoRequest.with { $0.payload = [UInt8](repeating: 1, count: limit + 1) }.serializedBytes()
        let frame = Rpc_V1_Envelope.request(1, method: "testing.v1.Echo/EchoOnce", payload: request)
        #expect(frame.serializedBytes().count <= FrameDecoder.defaultMaximumFrameSize)
        try await raw.send(frame)
        let answer = await raw.next()
        #expect(answer?.callID == 1)
        #expect(answer?.kind == .response(.with { $0.status = .with { $0.code = .resourceExhausted; $0.message = "响应过大" } }))
        try await raw.send(.with { $0.kind = .ping(.with { $0.data = 9 }) })
        #expect(await raw.next()?.kind == .pong(.with { $0.data = 9 }), "the connection should stay usable")
        try await raw.channel.close()
        await harness.server.drain()
    }

    @Test("a Ping is answered with a Pong carrying the same data")
    func ping() async throws {
        let harness = try await Harness.start()
        let raw = try await RawConnection(port: harness.port)
        try await raw.send(.with { $0.kind = .ping(.with { $0.data = 424242 }) })
        let answer = await raw.next()
        #expect(answer?.kind == .pong(.with { $0.data = 424242 }))
        try await raw.channel.close()
        await harness.server.drain()
    }
}

/// Fails every call with field errors, to check they cross the wire.
struct FieldErrorService: Testing_V1_EchoService {
    func echo(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        throw RPCError(RPCCode(rawValue: request.failCode), request.failMessage,
                       fieldErrors: [FieldError(field: "reason", message: "驳回需填写原因")])
    }
    func echoOnce(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        try await echo(request, context: context)
    }
    func roundTrip(_ request: Testing_V1_AllKinds, context: CallContext) async throws -> Testing_V1_AllKinds { request }
}

/// Answers with the caller's certificate names.
struct WhoAmIService: Testing_V1_EchoService {
    func echo(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        let peer = context.peer
        let text = (peer?.commonName ?? "-") + "|" + (peer?.dnsNames.joined(separator: ",") ?? "")
        return .with { $0.payload = Array(text.utf8) }
    }
    func echoOnce(_ request: Testing_V1_EchoRequest, context: CallContext) async throws -> Testing_V1_EchoResponse {
        try await echo(request, context: context)
    }
    func roundTrip(_ request: Testing_V1_AllKinds, context: CallContext) async throws -> Testing_V1_AllKinds { request }
}

import Metrics
import MetricsTestKit

/// The one place this test process bootstraps metrics (swift-metrics allows it once).
let testMetrics: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

@Suite("RPC metrics")
struct MetricsTests {
    @Test("each call counts, times, and an error counts under its code")
    func callMetrics() async throws {
        let metrics = testMetrics
        let harness = try await Harness.start(services: [EchoService()]) { $0.metricsName = "metrics-test" }
        let client = try harness.client()
        // RoundTrip: no other test calls it over the network, so these counts are ours alone.
        _ = try await Testing_V1_EchoClient(client).roundTrip(.with { $0.text = "计数" })
        await #expect(throws: RPCError.self) {
            _ = try await client.call("testing.v1.Echo/RoundTrip", payload: [0xFF], idempotent: false, options: CallOptions())
        }
        let roundTrip = [("server", "metrics-test"), ("method", "testing.v1.Echo/RoundTrip")]
        #expect(try metrics.expectCounter("rpc_server_calls_total", roundTrip).totalValue == 2)
        #expect(try metrics.expectTimer("rpc_server_duration_seconds", roundTrip).values.count == 2)
        #expect(try metrics.expectCounter("rpc_server_errors_total", roundTrip + [("code", "invalidArgument")]).totalValue == 1)
        await client.close()
        await harness.server.drain()
    }
}
