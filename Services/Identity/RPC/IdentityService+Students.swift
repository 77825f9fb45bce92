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
            if try StudentStore.isRegistered(idNumber: idNumber.value, tx) { throw IdentityError.idNumberTaken }
            guard try SMSCodeStore.consume(phone: phone.value, purpose: "register", entered: request.smsCode,
                                           policy: settings.smsPerPhone, maxFailedAttempts: settings.smsMaxFailedAttempts, tx)
            else { return nil }
            let id: Int64
            do {
                id = try StudentStore.insert(idNumber: idNumber.value, name: name, phone: phone.value, passwordHash: hash,
                                             realNameVerified: verified, tx)
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
        let number = try AbnormalAccountSearch.idNumberKey(request.idNumber.trimmingSpaces)
        let students = try await transaction(context) { tx in try UserStore.students(idNumber: number, tx) }
        var visible: [Int64] = []
        for student in students {
            if try await mayManageStudentAccount(student, caller: caller, context) { visible.append(student) }
        }
        let shown = visible
        return try await transaction(context) { tx in
            var response = Identity_V1_SearchAbnormalAccountsResponse()
            for var account in try StudentStore.abnormalAccounts(ids: shown, tx) {
                account.wechat = try WeChatBindingStore.accounts(userID: account.userID, tx)
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
            guard try WeChatBindingStore.exists(userID: request.userID, openID: request.openid, tx) else {
                throw IdentityError.notFound("微信账号")
            }
            try WeChatBindingStore.bindOnly(userID: request.userID, openID: request.openid, tx)
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
