import IdentityDomain
import Storage

/// The province configuration in force now (SPEC §0: every number is configuration with an
/// effective date), read from `province_settings`.
struct Settings: Sendable {
    let values: [String: Int]

    static func load(_ database: some SQLExecutor) throws -> Settings {
        let rows = try database.execute("""
            SELECT DISTINCT ON (key) key, value FROM province_settings
            WHERE effective_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date
            ORDER BY key, effective_from DESC
            """, [])
        var values: [String: Int] = [:]
        for row in rows { values[try row.decode("key")] = try row.decode("value") }
        return Settings(values: values)
    }

    private func value(_ key: String, _ fallback: Int) -> Int { values[key] ?? fallback }

    var lockout: LockoutRule {
        var rule = LockoutRule()
        rule.maximumFailures = value("login.max_failures", rule.maximumFailures)
        rule.window = Int64(value("login.failure_window_seconds", Int(rule.window)))
        rule.lockDuration = Int64(value("login.lock_seconds", Int(rule.lockDuration)))
        return rule
    }

    /// The limits per phone number.
    var smsPerPhone: SMSCodePolicy {
        var policy = SMSCodePolicy()
        policy.validity = Int64(value("sms.code_validity_seconds", Int(policy.validity)))
        policy.minimumInterval = Int64(value("sms.min_interval_seconds", Int(policy.minimumInterval)))
        policy.maximumPerWindow = value("sms.max_per_hour", policy.maximumPerWindow)
        return policy
    }

    /// The limits per client IP: no spacing, a larger hourly cap (offices share addresses).
    var smsPerIP: SMSCodePolicy {
        var policy = smsPerPhone
        policy.minimumInterval = 0
        policy.maximumPerWindow = value("sms.max_per_hour_per_ip", 20)
        return policy
    }

    var smsMaxFailedAttempts: Int { value("sms.max_failed_attempts", 5) }
    var sessionIdleSeconds: Int64 { Int64(value("session.idle_seconds", 1800)) }
    var sessionAbsoluteSeconds: Int64 { Int64(value("session.absolute_seconds", 43_200)) }
}
