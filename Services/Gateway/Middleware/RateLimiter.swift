import Foundation
import NIOConcurrencyHelpers

/// Token buckets per (bucket name, client IP) for the endpoints worth abusing: login and SMS
/// (GW, ID-2). Each bucket refills `perMinute` tokens a minute up to `perMinute`. Per gateway
/// instance; the identity service's own per-account and per-phone limits hold across instances.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let perMinute: [String: Int]
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    init(perMinute: [String: Int]) {
        self.perMinute = perMinute
    }

    /// Takes a token; returns the seconds to wait when there is none.
    func take(_ bucket: String, key: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        guard let limit = perMinute[bucket], limit > 0 else { return nil }
        let capacity = Double(limit), rate = capacity / 60
        return buckets.withLockedValue { buckets in
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            var state = buckets[bucket + "|" + key] ?? Bucket(tokens: capacity, updated: now)
            state.tokens = min(capacity, state.tokens + (now - state.updated) * rate)
            state.updated = now
            defer { buckets[bucket + "|" + key] = state }
            guard state.tokens >= 1 else { return Int(((1 - state.tokens) / rate).rounded(.up)) }
            state.tokens -= 1
            return nil
        }
    }
}
