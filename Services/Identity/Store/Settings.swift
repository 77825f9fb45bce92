import IdentityDomain
import Storage

/// The province configuration in force now (SPEC §0: every number is configuration with an
/// effective date), read from the view `province_settings_in_force` (migration 0107); a key
/// the province never set has its shipped default (`ProvinceSetting`).
struct Settings: Sendable {
    let values: [String: Int]

    static func load(_ database: some SQLExecutor) throws -> Settings {
        let rows = try database.execute("SELECT key, value FROM province_settings_in_force", [])
        var values: [String: Int] = [:]
        for row in rows { values[try row.decode("key")] = try row.decode("value") }
        return Settings(values: values)
    }

    private func value(_ key: String) -> Int { values[key] ?? ProvinceSetting.defaultValue(key) }

    var lockout: LockoutRule {
        var rule = LockoutRule()
        rule.maximumFailures = value("login.max_failures")
        rule.window = Int64(value("login.failure_window_seconds"))
        rule.lockDuration = Int64(value("login.lock_seconds"))
        return rule
    }

    /// The limits per phone number.
    var smsPerPhone: SMSCodePolicy {
        var policy = SMSCodePolicy()
        policy.validity = Int64(value("sms.code_validity_seconds"))
        policy.minimumInterval = Int64(value("sms.min_interval_seconds"))
        policy.maximumPerWindow = value("sms.max_per_hour")
        return policy
    }

    /// The limits per client IP: no spacing, a larger hourly cap (offices share addresses).
    var smsPerIP: SMSCodePolicy {
        var policy = smsPerPhone
        policy.minimumInterval = 0
        policy.maximumPerWindow = value("sms.max_per_hour_per_ip")
        return policy
    }

    var smsMaxFailedAttempts: Int { value("sms.max_failed_attempts") }
    var sessionIdleSeconds: Int64 { Int64(value("session.idle_seconds")) }
    var sessionAbsoluteSeconds: Int64 { Int64(value("session.absolute_seconds")) }
}
