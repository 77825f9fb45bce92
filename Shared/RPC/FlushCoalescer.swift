import NIOCore

/// Writes at once but flushes once per event-loop turn: envelopes written while the loop runs
/// what is already queued (a burst of answers or calls) leave together, as few TLS records.
/// Owned by one channel handler; used on its event loop only.
final class FlushCoalescer {
    private var flushPending = false

    func write(_ data: NIOAny, context: ChannelHandlerContext) {
        context.write(data, promise: nil)
        guard !flushPending else { return }
        flushPending = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushPending = false
            context.flush()
        }
    }
}

@available(*, unavailable)
extension FlushCoalescer: Sendable {}
