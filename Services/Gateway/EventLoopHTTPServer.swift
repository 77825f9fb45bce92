import HummingbirdCore
import Logging
import NIOCore
import RPC

/// Hummingbird's HTTP/1.1 channel, with each connection's requests handled on that connection's
/// own event loop (`EventLoopTaskExecutor`) instead of Swift's cooperative pool. Together with
/// the RPC client's connection per loop (`Backends`), a request is read, handled, sent to its
/// service, answered and written on one thread: no hop between threads on the way
/// (docs/BENCHMARKS.md, `/api/v1/me`). Handlers never block, as on every event loop.
struct EventLoopHTTPChannel: ServerChildChannel {
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection handled on its own event loop.
    static func http1OnEventLoops(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopHTTPChannel(base: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}
