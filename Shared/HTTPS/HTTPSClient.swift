import NIOCore
import NIOHTTP1
import NIOPosix
import RPC

/// One HTTP request or answer with its whole body, as JSON exchanges with outside systems use
/// them (the national registry, B-3).
public struct HTTPSMessage: Sendable {
    /// The request's method and path (empty in answers).
    public var method: String
    public var path: String
    /// The answer's status (0 in requests).
    public var status: Int
    public var body: [UInt8]

    public init(method: String = "", path: String = "", status: Int = 0, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.status = status
        self.body = body
    }
}

/// Why an HTTPS exchange gave no answer.
public enum HTTPSError: Error, Equatable, CustomStringConvertible {
    /// No answer within the timeout (the request may or may not have been acted on).
    case timedOut
    /// The connection could not be made or closed before a whole answer.
    case connection(String)

    public var description: String {
        switch self {
        case .timedOut: "no answer in time"
        case .connection(let reason): "connection failed: \(reason)"
        }
    }
}

/// A plain HTTPS/1.1 client over our OpenSSL TLS (DESIGN.md: TLS from OpenSSL, not
/// swift-nio-ssl): one connection per request, `Connection: close`, the server's certificate
/// checked against `tls`'s trust roots and `host`. Enough for a background job that sends a few
/// records a second; not a browser-grade client (no redirects, no chunked requests).
public struct HTTPSClient: Sendable {
    let tls: TLSContext
    let group: any EventLoopGroup

    public init(tls: TLSContext, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.tls = tls
        self.group = group
    }

    /// Sends `request` to `host:port` and waits for the whole answer.
    /// - Throws: `HTTPSError.timedOut` after `timeout`, `.connection` when the connection or the
    ///   TLS handshake fails or closes early.
    public func send(_ request: HTTPSMessage, host: String, port: Int, contentType: String = "application/json",
                     timeout: TimeAmount) async throws -> HTTPSMessage {
        let tls = tls
        let eventLoop = group.next()
        let answer = eventLoop.makePromise(of: HTTPSMessage.self)
        let timer = eventLoop.scheduleTask(in: timeout) { answer.fail(HTTPSError.timedOut) }
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(OpenSSLHandler(context: tls, serverHostname: host))
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(AnswerCollector(answer: answer))
                }
            }
            .connect(host: host, port: port)
        connected.whenFailure { answer.fail(HTTPSError.connection("\($0)")) }
        connected.whenSuccess { channel in
            var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.path)
            head.headers.add(name: "Host", value: host)
            head.headers.add(name: "Content-Type", value: contentType)
            head.headers.add(name: "Content-Length", value: String(request.body.count))
            head.headers.add(name: "Connection", value: "close")
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request.body))), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            answer.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
        defer { timer.cancel() }
        return try await answer.futureResult.get()
    }
}

/// Gathers one answer's head and body; settles the promise at its end, or fails it when the
/// connection ends or errs first (a later settle is ignored by NIO's promise).
private final class AnswerCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    let answer: EventLoopPromise<HTTPSMessage>
    var message = HTTPSMessage()

    init(answer: EventLoopPromise<HTTPSMessage>) { self.answer = answer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): message.status = Int(head.status.code)
        case .body(var buffer): message.body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end: answer.succeed(message)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        answer.fail(HTTPSError.connection("closed before a whole answer"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        answer.fail(HTTPSError.connection("\(error)"))
        context.close(promise: nil)
    }
}
