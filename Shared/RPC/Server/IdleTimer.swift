import NIOCore

/// gRPC's MAX_CONNECTION_IDLE for one server connection: calls `onIdle` once the connection has
/// had no call in flight for `timeout`. The clock restarts each time the last call in flight ends.
///
/// Cheap on the call path: starting or ending a call only notes the time; a single timer checks
/// when the quiet period would end and, if calls came and went meanwhile, re-arms itself for the
/// remainder. Owned by one connection handler and used on its event loop only.
final class IdleTimer {
    private let timeout: TimeAmount
    private let onIdle: () -> Void
    /// When the connection last became idle; nil while calls are in flight.
    private var idleSince: NIODeadline?
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, onIdle: @escaping () -> Void) {
        self.timeout = timeout
        self.onIdle = onIdle
    }

    /// No call is in flight any more (or the connection just opened): the quiet period starts now.
    func becameIdle(on eventLoop: any EventLoop) {
        idleSince = .now()
        if timer == nil { arm(at: idleSince! + timeout, on: eventLoop) }
    }

    /// A call is in flight: the connection is not idle until the last one ends.
    func becameBusy() {
        idleSince = nil
    }

    /// Stops the timer for good (the connection is closing or draining).
    func stop() {
        timer?.cancel()
        timer = nil
        idleSince = nil
    }

    private func arm(at deadline: NIODeadline, on eventLoop: any EventLoop) {
        timer = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self else { return }
            timer = nil
            guard let idleSince else { return }  // busy now: the next becameIdle re-arms
            let due = idleSince + timeout
            if due <= .now() {
                self.idleSince = nil
                onIdle()
            } else {
                arm(at: due, on: eventLoop)
            }
        }
    }
}

@available(*, unavailable)
extension IdleTimer: Sendable {}
