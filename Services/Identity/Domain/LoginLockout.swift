/// ID-1: wrong passwords lock an account. The numbers are province configuration with these
/// defaults: 5 failures within 15 minutes lock the account for 30 minutes.
public struct LockoutRule: Hashable, Sendable {
    public var maximumFailures = 5
    /// Seconds in which failures count together.
    public var window: Int64 = 15 * 60
    /// Seconds an account stays locked.
    public var lockDuration: Int64 = 30 * 60

    public init() {}

    /// When the account is locked until (Unix seconds), or nil if it is not locked at `now`.
    /// - Parameter failures: times (Unix seconds) of failed attempts since the last success.
    public func lockedUntil(failures: [Int64], now: Int64) -> Int64? {
        let sorted = failures.sorted()
        guard sorted.count >= maximumFailures else { return nil }
        // The lock starts at the first failure that completes `maximumFailures` within `window`.
        for end in (maximumFailures - 1)..<sorted.count {
            let start = sorted[end - maximumFailures + 1]
            if sorted[end] - start < window {
                let until = sorted[end] + lockDuration
                if until > now { return until }
            }
        }
        return nil
    }
}
