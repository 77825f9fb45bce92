import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import RPC

/// A small HTTPS/1.1 server over our OpenSSL TLS, for tools that stand in for outside systems
/// (the national-registry simulator, B-3). Each request's whole body is read (up to
/// `maximumBody`), handed to `respond`, and its answer sent as JSON; connections may be kept
/// alive.
public final class HTTPSServer: Sendable {
    public typealias Responder = @Sendable (HTTPSMessage) async -> HTTPSMessage
    let tls: TLSContext
    let respond: Responder
    let maximumBody: Int
    private let listener = NIOLockedValueBox<(any Channel)?>(nil)

    public init(tls: TLSContext, maximumBody: Int = 1 << 20, respond: @escaping Responder) {
        self.tls = tls
        self.respond = respond
        self.maximumBody = maximumBody
    }

    /// Binds and starts answering. - Returns: the bound port.
    @discardableResult
    public func start(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> Int {
        let tls = tls
        let respond = respond
        let maximumBody = maximumBody
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(OpenSSLHandler(context: tls))
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(RequestHandler(respond: respond, maximumBody: maximumBody))
                }
            }
            .bind(host: host, port: port)
            .get()
        listener.withLockedValue { $0 = channel }
        return channel.localAddress?.port ?? port
    }

    /// Stops accepting; open connections finish their request.
    public func stop() async {
        let channel = listener.withLockedValue { value in defer { value = nil }; return value }
        try? await channel?.close()
    }
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let respond: HTTPSServer.Responder
    let maximumBody: Int
    var request = HTTPSMessage()
    var keepAlive = true
    var tooLarge = false

    init(respond: @escaping HTTPSServer.Responder, maximumBody: Int) {
        self.respond = respond
        self.maximumBody = maximumBody
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = HTTPSMessage(method: head.method.rawValue, path: head.uri)
            keepAlive = head.isKeepAlive
            tooLarge = false
        case .body(var buffer):
            if request.body.count + buffer.readableBytes > maximumBody { tooLarge = true; return }
            request.body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            let request = request
            let keepAlive = keepAlive
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            if tooLarge {
                send(HTTPSMessage(status: 413, body: Array(#"{"error":"body too large"}"#.utf8)), keepAlive: false, context: context)
                return
            }
            let respond = respond
            loop.makeFutureWithTask { await respond(request) }.whenSuccess { answer in
                let (handler, context) = bound.value
                handler.send(answer, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func send(_ answer: HTTPSMessage, keepAlive: Bool, context: ChannelHandlerContext) {
        var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status))
        head.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        head.headers.add(name: "Content-Length", value: String(answer.body.count))
        if !keepAlive { head.headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { _ in context.close(promise: nil) } }
    }
}
