import NIOCore

/// Runs Swift tasks on one NIO event loop. A call handler started with this executor runs
/// on its connection's own thread from request to response unless it awaits other work
/// (the database pool, another service), so a short call costs no thread hops.
/// Handlers must therefore never block: blocking work goes to a thread pool.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
