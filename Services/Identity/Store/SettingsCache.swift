import NIOConcurrencyHelpers
import Storage

/// `Settings` for the hot path (every request's `Authenticate`): re-read at most once a minute,
/// so a province change takes effect within a minute without a query per request.
final class SettingsCache: Sendable {
    private let state = NIOLockedValueBox<(settings: Settings, readAt: ContinuousClock.Instant)?>(nil)
    private let maximumAge: Duration = .seconds(60)

    func current(_ connection: PostgresConnection) throws -> Settings {
        let now = ContinuousClock.now
        if let cached = state.withLockedValue({ $0 }), now - cached.readAt < maximumAge { return cached.settings }
        let settings = try Settings.load { sql, parameters in try connection.execute(sql, parameters) }
        state.withLockedValue { $0 = (settings, now) }
        return settings
    }
}
