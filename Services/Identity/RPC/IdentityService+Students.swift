import CommonRules
import Foundation
import IdentityDomain
import Proto
import RPC
import ServiceHost
import Storage

/// ID-4 (student self-registration) and ID-9 (abnormal accounts: several WeChat accounts on one
/// ID number).
extension IdentityService {
    /// ID-4: GB 11643 ID number (checksum, birth date, region), name, SMS-verified phone,
    /// password; real-name verification through the configured verifier. The ID number is the
    /// login and is unique.
    public func registerStudent(_ request: Identity_V1_RegisterStudentRequest, context: CallContext) async throws -> Identity_V1_RegisterStudentResponse {
        let idNumber: IDNumber
        do {
            idNumber = try IDNumber(request.idNumber.trimmingSpaces, today: ShanghaiCalendar.date(atUnix: Self.now))
        } catch { throw IdentityError.idNumber(error) }
        let name = request.name.trimmingSpaces
        guard PersonName.isValid(name) else { throw IdentityError.nameInvalid }
        guard let phone = PhoneNumber(request.phone) else { throw IdentityError.phoneInvalid }
        do { try PasswordPolicy.check(request.password) } catch { throw IdentityError.password(error) }
        let verified = try await realName.verify(idNumber: idNumber, name: name)
        let hash = try await passwords.hash(request.password)
        let userID = try await transaction(context) { tx -> Int64? in
            let settings = try self.settings.current(tx)
            if try !tx.execute("SELECT 1 FROM users WHERE id_number = $1", [.text(idNumber.value)]).isEmpty {
                throw IdentityError.idNumberTaken
            }
            guard try SMSCodeStore.consume(phone: phone.value, purpose: "register", entered: request.smsCode,
                                           policy: settings.smsPerPhone, maxFailedAttempts: settings.smsMaxFailedAttempts, tx)
            else { return nil }
            let id: Int64
            do {
                id = try tx.execute("""
                    INSERT INTO users (kind, id_number, name, phone, phone_verified, password_hash, real_name_verified)
                    VALUES ('student', $1, $2, $3, true, $4, $5) RETURNING id
                    """, [.text(idNumber.value), .text(name), .text(phone.value), .text(hash), .bool(verified)])
                    .first?.decode("id") ?? 0
            } catch let error as StorageError where error.isUniqueViolation {
                throw IdentityError.idNumberTaken  // registered concurrently
            }
            try Self.log("student.register", "user", id, by: Caller(userID: id, orgID: nil, roles: [], permissions: []), context, tx)
            return id
        }
        guard let userID else { throw IdentityError.smsCodeInvalid }
        context.logger.info("student registered", metadata: ["user.id": "\(userID)"])
        var response = Identity_V1_RegisterStudentResponse()
        response.userID = userID
        response.realNameVerified = verified
        return response
    }

    /// ID-9: a student account by ID number with every WeChat account seen for it. Only the
    /// province, organisations holding an enrollment of the student and the authorities above
    /// them find it; for anyone else the search finds nothing (the student is not revealed).
    public func searchAbnormalAccounts(_ request: Identity_V1_SearchAbnormalAccountsRequest, context: CallContext) async throws -> Identity_V1_SearchAbnormalAccountsResponse {
        let caller = try context.requireCaller()
        try caller.require(Permission.studentAccountManage)
        let number = request.idNumber.trimmingSpaces.uppercased()
        guard !number.isEmpty else { throw RPCError.invalidArgument("请输入身份证号", field: "idNumber") }
        let students = try await transaction(context) { tx in try UserStore.students(idNumber: number, tx) }
        var visible: [Int64] = []
        for student in students {
            if try await mayManageStudentAccount(student, caller: caller, context) { visible.append(student) }
        }
        let shown = visible
        return try await transaction(context) { tx in
            var response = Identity_V1_SearchAbnormalAccountsResponse()
            for row in try tx.execute("SELECT id, name, id_number FROM users WHERE kind = 'student' AND id = ANY($1::bigint[]) ORDER BY id",
                                      [.intArray(shown)]) {
                var account = Identity_V1_AbnormalAccount()
                account.userID = try row.decode("id")
                account.name = try row.decode("name")
                account.maskedIDNumber = Masking.idNumber(try row.decode("id_number"))
                account.wechat = try tx.execute("""
                    SELECT openid, extract(epoch FROM first_seen_at)::bigint AS seen, bound FROM wechat_bindings
                    WHERE user_id = $1 ORDER BY first_seen_at
                    """, [.int(account.userID)]).map { binding in
                    var wechat = Identity_V1_WeChatAccount()
                    wechat.openid = try binding.decode("openid")
                    wechat.firstSeenUnix = try binding.decode("seen")
                    wechat.bound = try binding.decode("bound")
                    return wechat
                }
                response.accounts.append(account)
            }
            return response
        }
    }

    /// ID-9: binds one of the WeChat accounts seen for a student; only it may act afterwards.
    /// The same organisations as the search may; for others the student is not found.
    public func bindWeChat(_ request: Identity_V1_BindWeChatRequest, context: CallContext) async throws -> Common_V1_Empty {
        let caller = try context.requireCaller()
        try caller.require(Permission.studentAccountManage)
        guard try await mayManageStudentAccount(request.userID, caller: caller, context) else { throw IdentityError.notFound("学员") }
        try await transaction(context) { tx in
            guard try !tx.execute("SELECT 1 FROM wechat_bindings WHERE user_id = $1 AND openid = $2",
                                  [.int(request.userID), .text(request.openid)]).isEmpty else {
                throw IdentityError.notFound("微信账号")
            }
            try tx.execute("UPDATE wechat_bindings SET bound = false WHERE user_id = $1 AND bound AND openid <> $2",
                           [.int(request.userID), .text(request.openid)])
            try tx.execute("UPDATE wechat_bindings SET bound = true WHERE user_id = $1 AND openid = $2",
                           [.int(request.userID), .text(request.openid)])
            try UserStore.revokeSessions(userID: request.userID, tx)
            try Self.log("student.bind_wechat", "user", request.userID, by: caller, context, tx)
        }
        return Common_V1_Empty()
    }

    /// ID-9: whether the caller's organisation may see and re-bind a student's WeChat accounts:
    /// the province always; otherwise only when an organisation holding an enrollment of the
    /// student (asked of the enrollment service) is the caller's own or below it.
    /// - Throws: `enrollmentsUnavailable` (UNAVAILABLE) when the enrollment service cannot answer.
    func mayManageStudentAccount(_ studentID: Int64, caller: Caller, _ context: CallContext) async throws -> Bool {
        guard let root = caller.orgID else { return false }
        let isProvince = try await transaction(context) { tx in
            try OrganisationStore.load(root, tx)?.kind.domain == .province
        }
        if isProvince { return true }
        let holders: [Int64]
        do {
            holders = try await enrollments.organisations(holdingStudent: studentID, options: context.forwarded)
        } catch let error as RPCError where [.unavailable, .deadlineExceeded, .cancelled].contains(error.code) {
            throw IdentityError.enrollmentsUnavailable
        }
        guard !holders.isEmpty else { return false }
        return try await transaction(context) { tx in try OrganisationStore.anyWithin(holders, root: root, tx) }
    }
}
