/// ID-2: one-time SMS codes — 6 digits, valid 5 minutes, single use, rate-limited per phone
/// number (and per client IP, with the same rule). Numbers are province configuration with
/// these defaults. Times are Unix seconds.
public struct SMSCodePolicy: Hashable, Sendable {
    public var digits = 6
    public var validity: Int64 = 5 * 60
    /// Shortest gap between two codes to the same phone.
    public var minimumInterval: Int64 = 60
    /// Codes one phone may receive in `window`.
    public var maximumPerWindow = 5
    public var window: Int64 = 60 * 60

    public init() {}

    public enum SendDecision: Hashable, Sendable {
        case allowed
        /// Try again at this time.
        case tooSoon(retryAt: Int64)
        case tooMany(retryAt: Int64)
    }

    /// Whether another code may go to a phone that received codes at `previous`.
    public func maySend(previous: [Int64], now: Int64) -> SendDecision {
        let recent = previous.filter { now - $0 < window }.sorted()
        if let last = recent.last, now - last < minimumInterval { return .tooSoon(retryAt: last + minimumInterval) }
        if recent.count >= maximumPerWindow { return .tooMany(retryAt: recent[recent.count - maximumPerWindow] + window) }
        return .allowed
    }

    /// A code of `digits` decimal digits, uniformly distributed, from CSPRNG bytes supplied by
    /// the caller (`Crypto.randomBytes`); rejection sampling avoids modulo bias.
    /// - Returns: nil if the bytes ran out (ask again with more).
    public func code(from random: [UInt8]) -> String? {
        var limit: UInt32 = 1
        for _ in 0..<digits { limit *= 10 }
        let acceptBelow = UInt32.max - UInt32.max % limit
        var index = 0
        while index + 4 <= random.count {
            let value = random[index..<index + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            index += 4
            if value < acceptBelow {
                let text = String(value % limit)
                return String(repeating: "0", count: digits - text.count) + text
            }
        }
        return nil
    }

    /// The random source ran out before a code could be drawn (or gave nothing).
    public struct GenerationFailed: Error, Hashable, Sendable {
        public init() {}
    }

    /// A new code from `random(count)` (the CSPRNG in the service, a fixed source in tests).
    /// Never falls back to a constant: a code anyone could guess is worse than no code.
    /// - Throws: `GenerationFailed` when the bytes run out.
    public func newCode(random: (Int) -> [UInt8]) throws(GenerationFailed) -> String {
        guard let code = code(from: random(64)) else { throw GenerationFailed() }  // 64 bytes: 16 draws
        return code
    }

    public enum CheckResult: Hashable, Sendable {
        case accepted, mismatch, expired, alreadyUsed
    }

    /// Judges an entry against the code sent at `sentAt`. `matches` says whether the entry
    /// equals the code; the store decides it by comparing digests in constant time.
    public func check(matches: Bool, sentAt: Int64, used: Bool, now: Int64) -> CheckResult {
        if used { return .alreadyUsed }
        if now - sentAt >= validity { return .expired }
        return matches ? .accepted : .mismatch
    }
}
