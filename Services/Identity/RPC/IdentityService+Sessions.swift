import CommonRules
import IdentityDomain
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// ID-1, ID-2, ID-3, GW-2: logging in and out, sessions, SMS codes, passwords.
extension IdentityService {
    /// ID-1: username (org users) or ID number (students) and password; lockout after repeated
    /// failures; the same error for an unknown login and a wrong password. ID-2: a second
    /// factor by SMS where the account needs one; an org user without a bound phone gets a
    /// session that may only bind one. ID-9: a student may act only from the bound WeChat account.
    ///
    /// An empty password with `sms_code` is an SMS-code login (短信验证码登录): the code sent to
    /// the account's bound phone stands for the password (`loginBySMSCode`).
    public func login(_ request: Identity_V1_LoginRequest, context: CallContext) async throws -> Identity_V1_LoginResponse {
        let login = request.login.trimmingSpaces
        if request.password.isEmpty, let code = request.smsCode, !login.isEmpty {
            return try await loginBySMSCode(login: login, code: code, openID: request.wechatOpenid.trimmingSpaces, context)
        }
        guard !login.isEmpty, !request.password.isEmpty else { throw IdentityError.badCredentials }
        let clientIP = context.clientIP
        let (account, settings, lockedUntil) = try await transaction(context) { tx -> (UserStore.Account?, Settings, Int64?) in
            let settings = try self.settings.current(tx)
            guard let account = try UserStore.account(login: login, tx) else { return (nil, settings, nil) }
            return (account, settings, try Self.lockedUntil(account.id, settings.lockout, tx))
        }
        if let lockedUntil { throw IdentityError.accountLocked(untilUnix: lockedUntil) }

        guard try await passwords.verify(request.password, against: account?.passwordHash), let account else {
            if let account {
                let lockedNow = try await transaction(context) { tx in
                    try LoginFailureStore.record(userID: account.id, clientIP: clientIP, tx)
                    try Self.log("session.login", "user", account.id, by: Self.caller(account), outcome: "failure", context, tx)
                    return try Self.lockedUntil(account.id, settings.lockout, tx)
                }
                if let lockedNow { throw IdentityError.accountLocked(untilUnix: lockedNow) }
            }
            throw IdentityError.badCredentials
        }
        if account.disabled { throw IdentityError.accountDisabled }
        if !account.organisationOnline { throw IdentityError.organisationOffline }
        if account.secondFactor, account.phoneVerified, request.smsCode == nil {
            var required = Identity_V1_SMSRequired()
            required.maskedPhone = account.phone.map(Masking.phone) ?? ""
            var response = Identity_V1_LoginResponse()
            response.outcome = .smsRequired(required)
            return response
        }

        let token = Crypto.hex(Crypto.randomBytes(32))
        let smsCode = request.smsCode
        let openID = request.wechatOpenid.trimmingSpaces
        // A refusal found here is returned, not thrown, so what it recorded (a failed code entry,
        // an unbound WeChat account) commits before the call fails.
        let outcome = try await transaction(context) { tx -> Result<Identity_V1_Session, IdentityError> in
            if account.secondFactor, account.phoneVerified, let smsCode, let phone = account.phone {
                guard try SMSCodeStore.consume(phone: phone, purpose: "login", entered: smsCode, policy: settings.smsPerPhone,
                                               maxFailedAttempts: settings.smsMaxFailedAttempts, tx) else { return .failure(.smsCodeInvalid) }
            }
            if account.isStudent, !openID.isEmpty, try !Self.recordWeChat(account.id, openID: openID, tx) {
                return .failure(.wechatAccountNotBound)
            }
            return .success(try Self.openSession(account, token: token, settings, context, tx))
        }
        var response = Identity_V1_LoginResponse()
        response.outcome = .session(try outcome.get())
        return response
    }

    /// ID-1, ID-2: an SMS-code login. The lockout holds as for passwords, and a wrong code counts
    /// as a failed login (the code itself dies after `sms.max_failed_attempts` entries). An
    /// unknown login, an account without a bound phone and a wrong code give the same error. An
    /// account whose administrator requires a second factor must give its password too: it is
    /// told so only once the code is right, and the code stays usable for that login.
    private func loginBySMSCode(login: String, code: String, openID: String, _ context: CallContext) async throws -> Identity_V1_LoginResponse {
        let clientIP = context.clientIP
        let token = Crypto.hex(Crypto.randomBytes(32))
        let outcome = try await transaction(context) { tx -> Result<Identity_V1_Session, IdentityError> in
            let settings = try self.settings.current(tx)
            guard let account = try UserStore.account(login: login, tx), account.phoneVerified, let phone = account.phone else {
                return .failure(.smsCodeInvalid)
            }
            if let until = try Self.lockedUntil(account.id, settings.lockout, tx) { return .failure(.accountLocked(untilUnix: until)) }
            guard try SMSCodeStore.consume(phone: phone, purpose: SMSPurpose.login.rawValue, entered: code, policy: settings.smsPerPhone,
                                           maxFailedAttempts: settings.smsMaxFailedAttempts, tx) else {
                try LoginFailureStore.record(userID: account.id, clientIP: clientIP, tx)
                try Self.log("session.login", "user", account.id, by: Self.caller(account), outcome: "failure", context, tx)
                if let until = try Self.lockedUntil(account.id, settings.lockout, tx) { return .failure(.accountLocked(untilUnix: until)) }
                return .failure(.smsCodeInvalid)
            }
            if account.disabled { return .failure(.accountDisabled) }
            if !account.organisationOnline { return .failure(.organisationOffline) }
            // Thrown, not returned: the transaction rolls back and the code is not used up.
            if account.secondFactor { throw IdentityError.passwordAlsoRequired }
            if account.isStudent, !openID.isEmpty, try !Self.recordWeChat(account.id, openID: openID, tx) {
                return .failure(.wechatAccountNotBound)
            }
            return .success(try Self.openSession(account, token: token, settings, context, tx))
        }
        var response = Identity_V1_LoginResponse()
        response.outcome = .session(try outcome.get())
        return response
    }

    /// Opens a session for `account` (its failed logins forgotten, its login recorded and logged).
    private static func openSession(_ account: UserStore.Account, token: String, _ settings: Settings,
                                    _ context: CallContext, _ tx: Transaction) throws -> Identity_V1_Session {
        try LoginFailureStore.clear(userID: account.id, tx)
        try UserStore.recordLogin(userID: account.id, clientIP: context.clientIP, tx)
        let expires = try SessionStore.open(digest: Crypto.sha256Hex(Array(token.utf8)), userID: account.id,
                                            absoluteSeconds: settings.sessionAbsoluteSeconds, tx)
        try log("session.login", "user", account.id, by: caller(account), context, tx)
        var session = Identity_V1_Session()
        session.token = token
        session.expiresAtUnix = expires
        session.caller = try sessionCaller(account, tx)
        session.mustBindPhone = !account.isStudent && !account.phoneVerified
        return session
    }

    /// GW-2: the caller a bearer token stands for, if the session is live (not revoked, within
    /// its absolute expiry and idle timeout) and the account and its organisation still may act.
    /// Called by the gateway on every signed-in request, so it is one query (plus a write at
    /// most once a minute per session to move the idle timeout).
    public func authenticate(_ request: Identity_V1_AuthenticateRequest, context: CallContext) async throws -> Identity_V1_Caller {
        try await liveSession(request.token) { digest, idle, connection in
            try SessionStore.caller(digest: digest, idleSeconds: idle, connection).map { ($0, ()) }
        }.caller
    }

    /// GW-2: revokes the session (idempotent: revoking a revoked or unknown token succeeds).
    public func logout(_ request: Identity_V1_LogoutRequest, context: CallContext) async throws -> Common_V1_Empty {
        let digest = Crypto.sha256Hex(Array(request.token.utf8))
        try await transaction(context) { tx in
            if let user = try SessionStore.revoke(digest: digest, tx), let account = try UserStore.account(id: user, tx) {
                try Self.log("session.logout", "user", user, by: Self.caller(account), context, tx)
            }
        }
        return Common_V1_Empty()
    }

    /// "Who am I": the session's user, organisation and grants. It authenticates the token
    /// itself, exactly as `authenticate` does, so the page-load call is one RPC and one query.
    public func getMe(_ request: Identity_V1_AuthenticateRequest, context: CallContext) async throws -> Identity_V1_Me {
        let (caller, found) = try await liveSession(request.token) { digest, idle, connection in
            try SessionStore.me(digest: digest, idleSeconds: idle, connection)
        }
        var me = found
        me.caller = caller
        me.student = caller.student
        return me
    }

    /// Finds the live session of `token` with `lookup` on one connection, refuses it when the
    /// account is disabled or its organisation offline, moves its idle timeout when stale, and
    /// gives the caller it stands for with what `lookup` read beside it.
    private func liveSession<Extra: Sendable>(
        _ token: String,
        _ lookup: @escaping @Sendable (String, Int64, PostgresConnection) throws -> (SessionStore.Live, Extra)?
    ) async throws -> (caller: Identity_V1_Caller, extra: Extra) {
        guard token.utf8.count == 64 else { throw IdentityError.sessionInvalid }
        let digest = Crypto.sha256Hex(Array(token.utf8))
        let settings = self.settings
        return try await database.withConnection { connection in
            let idle = try settings.current(connection).sessionIdleSeconds
            guard let (live, extra) = try lookup(digest, idle, connection),
                  !live.account.disabled, live.account.organisationOnline else { throw IdentityError.sessionInvalid }
            if live.stale { try SessionStore.touch(digest: digest, connection) }
            return (Self.sessionCaller(live.account, roles: live.roles, permissions: live.permissions), extra)
        }
    }

    /// ID-2: sends a one-time code, rate-limited per phone and per client IP. For LOGIN and
    /// RESET_PASSWORD the code goes to the account's bound phone, and the answer is the same
    /// whether or not the account exists.
    public func sendSMSCode(_ request: Identity_V1_SendSMSCodeRequest, context: CallContext) async throws -> Identity_V1_SendSMSCodeResponse {
        let purpose: SMSPurpose
        switch request.purpose {
        case .smsPurposeBindPhone: purpose = .bindPhone
        case .smsPurposeLogin: purpose = .login
        case .smsPurposeResetPassword: purpose = .resetPassword
        case .smsPurposeRegister: purpose = .register
        case .smsPurposeUnspecified, .unrecognized: throw IdentityError.smsPurposeInvalid
        }
        let given: PhoneNumber?
        if purpose.sendsToGivenPhone {
            guard let phone = PhoneNumber(request.phone) else { throw IdentityError.phoneInvalid }
            given = phone
        } else {
            given = nil
        }
        if purpose.needsCaller { _ = try context.requireCaller() }
        let login = request.login.trimmingSpaces
        let clientIP = context.clientIP
        let sms = self.sms
        let code: String
        do { code = try SMSCodePolicy().newCode(random: randomBytes) } catch { throw IdentityError.smsCodeUnavailable }
        let retryAt = try await transaction(context) { tx -> Int64 in
            let settings = try self.settings.current(tx)
            var phone = given?.value
            if phone == nil {
                let account = try UserStore.account(login: login, tx)
                phone = account.flatMap { $0.phoneVerified ? $0.phone : nil }
            }
            let recent = try SMSCodeStore.recentSends(phone: phone ?? "", clientIP: clientIP, tx)
            let now = recent.now
            guard let phone else { return now + settings.smsPerPhone.minimumInterval }  // no account: say nothing
            for decision in [settings.smsPerPhone.maySend(previous: recent.phone, now: now),
                             settings.smsPerIP.maySend(previous: recent.ip, now: now)] {
                switch decision {
                case .allowed: continue
                case .tooSoon(let retryAt), .tooMany(let retryAt): throw IdentityError.smsRateLimited(retryAtUnix: retryAt)
                }
            }
            let id = try SMSCodeStore.insert(phone: phone, purpose: purpose.rawValue, code: code, clientIP: clientIP, tx)
            let minutes = settings.smsPerPhone.validity / 60
            try sms.send(to: phone, text: "【住建培训】您的验证码是\(code)，\(minutes)分钟内有效。请勿告诉他人。", in: tx)
            try Self.log("sms.send", "sms_code", id, by: try? context.requireCaller(), context, tx)
            return now + settings.smsPerPhone.minimumInterval
        }
        var response = Identity_V1_SendSMSCodeResponse()
        response.retryAfterUnix = retryAt
        return response
    }

    /// ID-2: binds (or replaces) the caller's phone with a code sent to it.
    public func bindPhone(_ request: Identity_V1_BindPhoneRequest, context: CallContext) async throws -> Common_V1_Empty {
        let caller = try context.requireCaller()
        guard let phone = PhoneNumber(request.phone) else { throw IdentityError.phoneInvalid }
        let bound = try await transaction(context) { tx -> Bool in
            let settings = try self.settings.current(tx)
            guard try SMSCodeStore.consume(phone: phone.value, purpose: "bind_phone", entered: request.smsCode,
                                           policy: settings.smsPerPhone, maxFailedAttempts: settings.smsMaxFailedAttempts, tx)
            else { return false }
            try UserStore.setPhone(userID: caller.userID, phone: phone.value, tx)
            try Self.log("user.bind_phone", "user", caller.userID, by: caller, context, tx)
            return true
        }
        guard bound else { throw IdentityError.smsCodeInvalid }
        return Common_V1_Empty()
    }

    /// ID-3: the old password is required; the new one must meet the policy.
    public func changePassword(_ request: Identity_V1_ChangePasswordRequest, context: CallContext) async throws -> Common_V1_Empty {
        let caller = try context.requireCaller()
        try caller.require(Permission.accountSelf)
        do { try PasswordPolicy.check(request.newPassword) } catch { throw IdentityError.password(error) }
        let stored = try await transaction(context) { tx in try UserStore.account(id: caller.userID, tx)?.passwordHash }
        guard try await passwords.verify(request.oldPassword, against: stored) else { throw IdentityError.wrongOldPassword }
        let hash = try await passwords.hash(request.newPassword)
        try await transaction(context) { tx in
            try UserStore.setPassword(userID: caller.userID, hash: hash, tx)
            try Self.log("user.change_password", "user", caller.userID, by: caller, context, tx)
        }
        return Common_V1_Empty()
    }

    /// ID-3: forgotten password, reset with a code sent to the account's bound phone; every
    /// session of the account is revoked.
    public func resetPassword(_ request: Identity_V1_ResetPasswordRequest, context: CallContext) async throws -> Common_V1_Empty {
        do { try PasswordPolicy.check(request.newPassword) } catch { throw IdentityError.password(error) }
        let hash = try await passwords.hash(request.newPassword)
        let login = request.login.trimmingSpaces
        let reset = try await transaction(context) { tx -> Bool in
            let settings = try self.settings.current(tx)
            guard let account = try UserStore.account(login: login, tx), account.phoneVerified, let phone = account.phone,
                  try SMSCodeStore.consume(phone: phone, purpose: "reset_password", entered: request.smsCode,
                                           policy: settings.smsPerPhone, maxFailedAttempts: settings.smsMaxFailedAttempts, tx)
            else { return false }
            try UserStore.setPassword(userID: account.id, hash: hash, tx)
            try UserStore.revokeSessions(userID: account.id, tx)
            try Self.log("user.reset_password", "user", account.id, by: Self.caller(account), context, tx)
            return true
        }
        guard reset else { throw IdentityError.smsCodeInvalid }
        return Common_V1_Empty()
    }

    // MARK: Helpers

    /// When the account is locked until, from its recent failures.
    static func lockedUntil(_ userID: Int64, _ rule: LockoutRule, _ tx: Transaction) throws -> Int64? {
        guard let recent = try LoginFailureStore.recent(userID: userID, withinSeconds: rule.window + rule.lockDuration, tx)
        else { return nil }
        return rule.lockedUntil(failures: recent.failures, now: recent.now)
    }

    /// ID-9: the first WeChat account a student uses is bound; another one is recorded for the
    /// abnormal-account review.
    /// - Returns: whether `openID` is the bound account (the only one that may act).
    static func recordWeChat(_ userID: Int64, openID: String, _ tx: Transaction) throws -> Bool {
        try WeChatBindingStore.record(userID: userID, openID: openID, tx)
        return try WeChatBindingStore.isBound(userID: userID, openID: openID, tx)
    }

    /// The operation-log actor for an account acting on itself.
    static func caller(_ account: UserStore.Account) -> Caller {
        Caller(userID: account.id, orgID: account.orgID, roles: [], permissions: [])
    }

    static func sessionCaller(_ account: UserStore.Account, _ tx: Transaction) throws -> Identity_V1_Caller {
        let grants = try UserStore.grants(userID: account.id, tx)
        return sessionCaller(account, roles: grants.roles, permissions: grants.permissions)
    }

    /// What a session may do: students their fixed set; an org user without a bound phone only
    /// binding one (ID-2); otherwise their roles' permissions and their own account's.
    static func sessionCaller(_ account: UserStore.Account, roles: [String], permissions: [String]) -> Identity_V1_Caller {
        var caller = Identity_V1_Caller()
        caller.userID = account.id
        caller.orgID = account.orgID ?? 0
        caller.name = account.name
        caller.student = account.isStudent
        if account.isStudent {
            caller.roles = ["student"]
            caller.permissions = Permission.student
        } else if !account.phoneVerified {
            caller.permissions = [Permission.bindPhone]
        } else {
            caller.roles = roles
            caller.permissions = Array(Set(permissions).union([Permission.accountSelf])).sorted()
        }
        return caller
    }
}
