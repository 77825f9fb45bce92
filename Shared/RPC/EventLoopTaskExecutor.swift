import NIOCore

/// Runs Swift tasks on one NIO event loop. A call handler started with this executor runs
/// on its connection's own thread from request to response unless it awaits other work
/// (the database pool, another service), so a short call costs no thread hops.
/// Handlers must therefore never block: blocking work goes to a thread pool. The gateway runs
/// each HTTP connection's handlers on its event loop the same way.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
