import NIOCore

/// Events the TLS handler sends up the pipeline.
public enum TLSEvent: Sendable {
    /// The handshake finished and the peer's certificate verified.
    case handshakeCompleted(PeerIdentity?)
}

/// TLS for a NIO channel, done by OpenSSL over memory BIOs (DESIGN.md): ciphertext below,
/// plaintext above. Writes made before the handshake completes wait for it. A handshake or
/// record failure is raised as `TLSError` and closes the connection after sending OpenSSL's alert.
public final class OpenSSLHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

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
    /// Plaintext written since the last flush: encrypted in one go at the flush, so a burst of
    /// small frames becomes a few full TLS records instead of one record per frame.
    private var unencrypted = ByteBuffer()
    /// Promises of writes not yet handed to the socket.
    private var unsentPromises: [EventLoopPromise<Void>] = []

    /// - Parameter serverHostname: for clients, the name the server's certificate must carry.
    public init(context: TLSContext, serverHostname: String? = nil) throws {
        self.connection = try TLSConnection(context: context, serverHostname: serverHostname)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startHandshake(context: context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        startHandshake(context: context)
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.receive(unwrapInboundIn(data))
        if state == .handshaking { advanceHandshake(context: context) }
        if state == .active { readPlaintext(context: context) }
        sendOutput(context: context)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        let wasHandshaking = state == .handshaking
        state = .closed
        failPending(ChannelError.ioOnClosedChannel)
        if wasHandshaking {
            context.fireErrorCaught(TLSError.handshakeFailed("connection closed during the handshake"))
        }
        context.fireChannelInactive()
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let plaintext = unwrapOutboundIn(data)
        switch state {
        case .idle, .handshaking:
            waitingWrites.append((plaintext, promise))
        case .active:
            enqueue(plaintext, promise: promise)
        case .closed:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    public func flush(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking: flushWaiting = true
        case .active: encryptAndSend(context: context)
        case .closed: break
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if state == .active, mode == .all {
            encryptAndSend(context: context)
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
            for (plaintext, promise) in writes { enqueue(plaintext, promise: promise) }
            if flushWaiting {
                flushWaiting = false
                encryptAndSend(context: context)
            }
        case .failed(let error):
            fail(error, context: context)
        }
    }

    /// Decrypts every whole record received, filling one buffer before passing it on.
    private func readPlaintext(context: ChannelHandlerContext) {
        var plaintext = context.channel.allocator.buffer(capacity: Self.readChunk)
        reading: while state == .active {
            if plaintext.writableBytes < Self.readChunk / 4 {
                context.fireChannelRead(wrapInboundOut(plaintext))
                plaintext = context.channel.allocator.buffer(capacity: Self.readChunk)
            }
            switch connection.read(into: &plaintext) {
            case .plaintext:
                continue
            case .needsMoreData:
                break reading
            case .closedByPeer:
                // What came before the close_notify is delivered before the close.
                if plaintext.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(plaintext)) }
                context.close(promise: nil)
                return
            case .failed(let error):
                fail(error, context: context)
                return
            }
        }
        if plaintext.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(plaintext)) }
    }

    private func enqueue(_ plaintext: ByteBuffer, promise: EventLoopPromise<Void>?) {
        var plaintext = plaintext
        unencrypted.writeBuffer(&plaintext)
        if let promise { unsentPromises.append(promise) }
    }

    private func encryptAndSend(context: ChannelHandlerContext) {
        if unencrypted.readableBytes > 0 {
            if let error = connection.write(unencrypted) {
                fail(error, context: context)
                return
            }
            // Keep a small buffer for the next burst; give back what a large message grew.
            if unencrypted.capacity > 64 * 1024 { unencrypted = ByteBuffer() } else { unencrypted.clear() }
        }
        sendOutput(context: context)
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
        unencrypted = ByteBuffer()
        for (_, promise) in writes { promise?.fail(error) }
        for promise in promises { promise.fail(error) }
    }
}

@available(*, unavailable)
extension OpenSSLHandler: Sendable {}
