import NIOConcurrencyHelpers
import Storage

/// The province `Settings` every handler uses: re-read at most once a minute, so a province
/// change takes effect within a minute of its effective date without a query per call
/// (`Authenticate` runs on every gateway request). A change made through this instance forgets
/// the cached copy at once.
final class SettingsCache: Sendable {
    private let state = NIOLockedValueBox<(settings: Settings, readAt: ContinuousClock.Instant)?>(nil)
    private let maximumAge: Duration = .seconds(60)

    func current(_ database: some SQLExecutor) throws -> Settings {
        let now = ContinuousClock.now
        if let cached = state.withLockedValue({ $0 }), now - cached.readAt < maximumAge { return cached.settings }
        let settings = try Settings.load(database)
        state.withLockedValue { $0 = (settings, now) }
        return settings
    }

    /// Makes the next `current` read the database.
    func forget() {
        state.withLockedValue { $0 = nil }
    }
}
