import NIOCore
import NIOPosix
import Proto
import ProtoServices
@testable import RPC
import RPCTestSupport
import Testing

/// A TLS server that completes handshakes and then never says anything: a hung peer.
private final class Silent: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

@Suite("RPC keepalive")
struct KeepaliveTests {
    @Test("a peer that stops answering pings is dropped, failing its calls UNAVAILABLE long before their deadline")
    func silentPeer() async throws {
        _ = try await offload { certificates }
        let tls = try tlsContext("server", role: .server)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(OpenSSLHandler(context: tls))
                    try channel.pipeline.syncOperations.addHandler(Silent())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        var configuration = RPCClientConfiguration(tls: try tlsContext("client", role: .client))
        configuration.keepaliveInterval = .milliseconds(100)
        configuration.keepaliveTimeout = .milliseconds(200)
        configuration.maximumAttempts = 1
        let client = RPCClient(
            endpoints: [RPCEndpoint(host: "127.0.0.1", port: listener.localAddress!.port!, serverHostname: "server")],
            configuration: configuration, logger: .init(label: "test"))
        let started = ContinuousClock.now
        let error = await #expect(throws: RPCError.self) {
            _ = try await Testing_V1_EchoClient(client).echo(Testing_V1_EchoRequest(), options: CallOptions(timeout: .seconds(20)))
        }
        #expect(error?.code == .unavailable)
        #expect(ContinuousClock.now - started < .seconds(5), "the dead connection was not noticed")
        await client.close()
        try await listener.close()
    }
}
