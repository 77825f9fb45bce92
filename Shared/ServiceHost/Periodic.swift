import ServiceLifecycle

/// Runs `round` now and then once every `interval` until graceful shutdown or cancellation, for
/// background jobs (EN-2 purge, database probe). The wait between rounds ends as soon as graceful
/// shutdown is triggered, so a job holds up a shutdown by at most the round it is in, never by
/// the rest of its interval (the service group stops services one after another and waits for
/// each).
public func runPeriodically(every interval: Duration, _ round: () async -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        await round()
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
