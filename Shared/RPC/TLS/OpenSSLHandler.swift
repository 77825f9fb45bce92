import NIOCore

/// Events the TLS handler sends up the pipeline.
public enum TLSEvent: Sendable {
    /// The handshake finished and the peer's certificate verified.
    case handshakeCompleted(PeerIdentity?)
}

/// TLS for a NIO channel, done by OpenSSL over memory BIOs (DESIGN.md): ciphertext below,
/// plaintext above. Writes made before the handshake completes wait for it. A handshake or
/// record failure is raised as `TLSError` and closes the connection after sending OpenSSL's alert.
final class OpenSSLHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case idle, handshaking, active, closed
    }

    /// Plaintext read chunk: one full TLS record.
    private static let readChunk = 16 * 1024 + 256

    private let connection: TLSConnection
    private var state = State.idle
    /// Writes made before the handshake completed, in order.
    private var waitingWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var flushWaiting = false
    /// Promises of writes already encrypted whose records have not been handed to the socket.
    private var unsentPromises: [EventLoopPromise<Void>] = []

    init(context: TLSContext, serverHostname: String? = nil) throws {
        self.connection = try TLSConnection(context: context, serverHostname: serverHostname)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startHandshake(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startHandshake(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.receive(unwrapInboundIn(data))
        if state == .handshaking { advanceHandshake(context: context) }
        if state == .active { readPlaintext(context: context) }
        sendOutput(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let wasHandshaking = state == .handshaking
        state = .closed
        failPending(ChannelError.ioOnClosedChannel)
        if wasHandshaking {
            context.fireErrorCaught(TLSError.handshakeFailed("connection closed during the handshake"))
        }
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let plaintext = unwrapOutboundIn(data)
        switch state {
        case .idle, .handshaking:
            waitingWrites.append((plaintext, promise))
        case .active:
            encrypt(plaintext, promise: promise, context: context)
        case .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    func flush(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking: flushWaiting = true
        case .active: sendOutput(context: context)
        case .closed: break
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if state == .active, mode == .all {
            connection.shutdown()
            sendOutput(context: context)
        }
        state = .closed
        context.close(mode: mode, promise: promise)
    }

    // MARK: Internals

    private func startHandshake(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .handshaking
        advanceHandshake(context: context)
        sendOutput(context: context)
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        switch connection.handshake() {
        case .needsMoreData:
            break
        case .complete:
            state = .active
            context.fireUserInboundEventTriggered(TLSEvent.handshakeCompleted(connection.peerIdentity))
            let writes = waitingWrites
            waitingWrites = []
            for (plaintext, promise) in writes { encrypt(plaintext, promise: promise, context: context) }
            if flushWaiting {
                flushWaiting = false
                sendOutput(context: context)
            }
        case .failed(let error):
            fail(error, context: context)
        }
    }

    private func readPlaintext(context: ChannelHandlerContext) {
        while state == .active {
            var plaintext = context.channel.allocator.buffer(capacity: Self.readChunk)
            switch connection.read(into: &plaintext) {
            case .plaintext:
                context.fireChannelRead(wrapInboundOut(plaintext))
            case .needsMoreData:
                return
            case .closedByPeer:
                context.close(promise: nil)
                return
            case .failed(let error):
                fail(error, context: context)
                return
            }
        }
    }

    private func encrypt(_ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        if let error = connection.write(plaintext) {
            promise?.fail(error)
            fail(error, context: context)
            return
        }
        if let promise { unsentPromises.append(promise) }
    }

    /// Hands everything OpenSSL produced to the socket, completing the promises of the
    /// writes it contains when the socket write completes.
    private func sendOutput(context: ChannelHandlerContext) {
        let promises = unsentPromises
        unsentPromises = []
        guard connection.pendingOutput > 0 else {
            for promise in promises { promise.succeed() }
            return
        }
        var ciphertext = context.channel.allocator.buffer(capacity: connection.pendingOutput)
        connection.drainOutput(into: &ciphertext)
        var writePromise: EventLoopPromise<Void>?
        if !promises.isEmpty {
            let promise = context.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { result in
                for pending in promises { pending.completeWith(result) }
            }
            writePromise = promise
        }
        context.writeAndFlush(wrapOutboundOut(ciphertext), promise: writePromise)
    }

    private func fail(_ error: TLSError, context: ChannelHandlerContext) {
        guard state != .closed else { return }
        state = .closed
        sendOutput(context: context)  // OpenSSL's alert tells the peer why.
        failPending(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    private func failPending(_ error: any Error) {
        let writes = waitingWrites
        let promises = unsentPromises
        waitingWrites = []
        unsentPromises = []
        for (_, promise) in writes { promise?.fail(error) }
        for promise in promises { promise.fail(error) }
    }
}

@available(*, unavailable)
extension OpenSSLHandler: Sendable {}
