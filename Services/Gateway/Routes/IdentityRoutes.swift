import Foundation
import OpenSSLCrypto
import HTTPTypes
import Hummingbird
import Proto
import ProtoServices

/// HTTP endpoints of the identity service (SPEC §1, GW-2). Each turns into one RPC; the service
/// validates and checks permission and organisation scope itself.
struct IdentityRoutes {
    let identity: Identity_V1_IdentityServiceClient

    func register(on api: API) {
        let identity = self.identity
        let tag = "identity"

        // Sessions (ID-1, ID-2, GW-2)
        api.add(.post, "/api/v1/sessions", "登录：用户名或身份证号 + 密码（必要时加短信验证码），或 + 短信验证码（密码留空）", tag: tag, access: .open,
                body: Identity_V1_LoginRequest.self, rateLimit: "login", headers: Self.sessionCookies) { call in
            try await identity.login(try await call.body(Identity_V1_LoginRequest.self), options: call.options)
        }
        api.add(.delete, "/api/v1/sessions/current", "退出登录（吊销当前会话）", tag: tag,
                headers: { _, _ in Self.clearedCookies }) { call in
            var request = Identity_V1_LogoutRequest()
            request.token = call.token ?? ""
            return try await identity.logout(request, options: call.options)
        }
        api.add(.get, "/api/v1/me", "当前用户、所属机构及其角色权限", tag: tag, access: .sessionInCall) { call in
            var request = Identity_V1_AuthenticateRequest()
            request.token = call.token ?? ""
            let me = try await identity.getMe(request, options: call.options)
            call.context.access.callerID = me.caller?.userID
            return me
        }
        api.add(.post, "/api/v1/sms-codes", "发送短信验证码（注册、登录、找回密码）", tag: tag, access: .open,
                body: Identity_V1_SendSMSCodeRequest.self, rateLimit: "sms") { call in
            try await identity.sendSMSCode(try await call.body(Identity_V1_SendSMSCodeRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/me/phone/sms-code", "发送绑定手机验证码", tag: tag,
                body: Identity_V1_SendSMSCodeRequest.self, rateLimit: "sms") { call in
            var request = try await call.body(Identity_V1_SendSMSCodeRequest.self)
            request.purpose = .smsPurposeBindPhone
            return try await identity.sendSMSCode(request, options: call.options)
        }
        api.add(.put, "/api/v1/me/phone", "绑定手机号（首次登录）", tag: tag, body: Identity_V1_BindPhoneRequest.self) { call in
            try await identity.bindPhone(try await call.body(Identity_V1_BindPhoneRequest.self), options: call.options)
        }
        api.add(.put, "/api/v1/me/password", "修改密码", tag: tag, body: Identity_V1_ChangePasswordRequest.self) { call in
            try await identity.changePassword(try await call.body(Identity_V1_ChangePasswordRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/password-resets", "找回密码（短信验证码）", tag: tag, access: .open,
                body: Identity_V1_ResetPasswordRequest.self, rateLimit: "login") { call in
            try await identity.resetPassword(try await call.body(Identity_V1_ResetPasswordRequest.self), options: call.options)
        }

        // Students (ID-4, ID-9)
        api.add(.post, "/api/v1/students", "学员注册", tag: tag, access: .open,
                body: Identity_V1_RegisterStudentRequest.self, rateLimit: "login") { call in
            try await identity.registerStudent(try await call.body(Identity_V1_RegisterStudentRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/abnormal-accounts/search", "异常状态学员查询（按身份证号）", tag: tag,
                body: Identity_V1_SearchAbnormalAccountsRequest.self) { call in
            try await identity.searchAbnormalAccounts(try await call.body(Identity_V1_SearchAbnormalAccountsRequest.self),
                                                      options: call.options)
        }
        api.add(.put, "/api/v1/abnormal-accounts/{userId}/wechat", "为学员绑定微信账号", tag: tag,
                body: Identity_V1_BindWeChatRequest.self) { call in
            var request = try await call.body(Identity_V1_BindWeChatRequest.self)
            request.userID = try call.id("userId")
            return try await identity.bindWeChat(request, options: call.options)
        }

        // Organisations (ID-5)
        api.add(.get, "/api/v1/organisations", "本机构及下级机构列表", tag: tag,
                query: Identity_V1_ListOrganisationsRequest.self) { call in
            try await identity.listOrganisations(try call.query(Identity_V1_ListOrganisationsRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/organisations", "创建下级机构", tag: tag, body: Identity_V1_CreateOrganisationRequest.self) { call in
            var request = try await call.body(Identity_V1_CreateOrganisationRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await identity.createOrganisation(request, options: call.options)
        }
        api.add(.put, "/api/v1/organisations/{orgId}/online", "机构上线 / 下线", tag: tag,
                body: Identity_V1_SetOrganisationOnlineRequest.self) { call in
            var request = try await call.body(Identity_V1_SetOrganisationOnlineRequest.self)
            request.orgID = try call.id("orgId")
            return try await identity.setOrganisationOnline(request, options: call.options)
        }

        // Users and roles (ID-6, ID-7)
        api.add(.get, "/api/v1/users", "机构用户列表", tag: tag, query: Identity_V1_ListUsersRequest.self) { call in
            try await identity.listUsers(try call.query(Identity_V1_ListUsersRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/users", "新增用户", tag: tag, body: Identity_V1_CreateUserRequest.self) { call in
            var request = try await call.body(Identity_V1_CreateUserRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await identity.createUser(request, options: call.options)
        }
        api.add(.get, "/api/v1/users/{userId}", "用户详情", tag: tag) { call in
            var request = Identity_V1_UserRequest()
            request.userID = try call.id("userId")
            return try await identity.getUser(request, options: call.options)
        }
        api.add(.patch, "/api/v1/users/{userId}", "编辑用户（姓名、停用、角色）", tag: tag, body: Identity_V1_UpdateUserRequest.self) { call in
            var request = try await call.body(Identity_V1_UpdateUserRequest.self)
            request.userID = try call.id("userId")
            return try await identity.updateUser(request, options: call.options)
        }
        api.add(.put, "/api/v1/users/{userId}/password", "重置用户密码", tag: tag, body: Identity_V1_ResetUserPasswordRequest.self) { call in
            var request = try await call.body(Identity_V1_ResetUserPasswordRequest.self)
            request.userID = try call.id("userId")
            return try await identity.resetUserPassword(request, options: call.options)
        }
        api.add(.delete, "/api/v1/users/{userId}/phone", "解绑用户手机号", tag: tag) { call in
            var request = Identity_V1_UserRequest()
            request.userID = try call.id("userId")
            return try await identity.unbindPhone(request, options: call.options)
        }
        api.add(.post, "/api/v1/super-admin/transfer", "转让超级管理员（继续教育基地）", tag: tag,
                body: Identity_V1_TransferSuperAdminRequest.self) { call in
            try await identity.transferSuperAdmin(try await call.body(Identity_V1_TransferSuperAdminRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/roles", "角色列表", tag: tag, query: Identity_V1_ListRolesRequest.self) { call in
            try await identity.listRoles(try call.query(Identity_V1_ListRolesRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/roles", "新增角色", tag: tag, body: Identity_V1_SaveRoleRequest.self) { call in
            var request = try await call.body(Identity_V1_SaveRoleRequest.self)
            request.id = 0
            return try await identity.saveRole(request, options: call.options)
        }
        api.add(.put, "/api/v1/roles/{roleId}", "修改角色", tag: tag, body: Identity_V1_SaveRoleRequest.self) { call in
            var request = try await call.body(Identity_V1_SaveRoleRequest.self)
            request.id = try call.id("roleId")
            return try await identity.saveRole(request, options: call.options)
        }

        // Enterprises (ID-10), notices (ID-11)
        api.add(.post, "/api/v1/enterprise-applications", "企业注册申请", tag: tag, access: .open,
                body: Identity_V1_RegisterEnterpriseRequest.self, rateLimit: "login") { call in
            var request = try await call.body(Identity_V1_RegisterEnterpriseRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await identity.registerEnterprise(request, options: call.options)
        }
        api.add(.get, "/api/v1/authorities", "市级住建主管部门列表（企业注册选择审核部门，无需登录）", tag: tag, access: .open,
                rateLimit: "login") { call in
            try await identity.listCityAuthorities(Common_V1_Empty(), options: call.options)
        }
        api.add(.get, "/api/v1/enterprise-applications", "企业注册申请列表", tag: tag,
                query: Identity_V1_ListEnterpriseApplicationsRequest.self) { call in
            try await identity.listEnterpriseApplications(try call.query(Identity_V1_ListEnterpriseApplicationsRequest.self),
                                                          options: call.options)
        }
        api.add(.get, "/api/v1/enterprise-applications/{applicationId}", "企业注册申请详情（审核用）", tag: tag) { call in
            var request = Identity_V1_EnterpriseApplicationRequest()
            request.applicationID = try call.id("applicationId")
            return try await identity.getEnterpriseApplication(request, options: call.options)
        }
        api.addRaw(.get, "/api/v1/enterprise-applications/{applicationId}/licence", "企业营业执照图片（审核用）", tag: tag,
                   rawResponse: "image/*") { call in
            var request = Identity_V1_EnterpriseApplicationRequest()
            request.applicationID = try call.id("applicationId")
            let image = try await identity.getEnterpriseLicence(request, options: call.options)
            return Responses.file(image.content, contentType: image.contentType)
        }
        api.addRaw(.get, "/api/v1/enterprise-applications/{applicationId}/qualifications/{number}",
                   "企业资质证书图片（审核用，第 number 张，从 1 起）", tag: tag, rawResponse: "image/*") { call in
            var request = Identity_V1_EnterpriseQualificationRequest()
            request.applicationID = try call.id("applicationId")
            request.index = Int32(clamping: try call.id("number") - 1)
            let image = try await identity.getEnterpriseQualification(request, options: call.options)
            return Responses.file(image.content, contentType: image.contentType)
        }
        api.add(.post, "/api/v1/enterprise-applications/{applicationId}/review", "审核企业注册", tag: tag,
                body: Identity_V1_ReviewEnterpriseRequest.self) { call in
            var request = try await call.body(Identity_V1_ReviewEnterpriseRequest.self)
            request.applicationID = try call.id("applicationId")
            return try await identity.reviewEnterprise(request, options: call.options)
        }
        api.add(.get, "/api/v1/notices", "通知公告列表", tag: tag, query: Identity_V1_ListNoticesRequest.self) { call in
            try await identity.listNotices(try call.query(Identity_V1_ListNoticesRequest.self), options: call.options)
        }
        api.add(.get, "/api/v1/notices/{noticeId}", "通知公告详情（正文）", tag: tag) { call in
            var request = Identity_V1_NoticeRequest()
            request.noticeID = try call.id("noticeId")
            return try await identity.getNotice(request, options: call.options)
        }
        api.add(.post, "/api/v1/notices", "发布通知公告", tag: tag, body: Identity_V1_PublishNoticeRequest.self) { call in
            var request = try await call.body(Identity_V1_PublishNoticeRequest.self)
            if request.requestID.isEmpty { request.requestID = call.context.requestID }
            return try await identity.publishNotice(request, options: call.options)
        }

        // Province settings and the reference catalog (SPEC §0): changes take an effective date.
        api.add(.get, "/api/v1/province-settings", "省级设置：各项参数的当前生效值、取值范围及待生效的变更", tag: tag) { call in
            try await identity.listProvinceSettings(Common_V1_Empty(), options: call.options)
        }
        api.add(.post, "/api/v1/province-settings/changes", "修改省级设置（自生效日期起执行，省级用户）", tag: tag,
                body: Identity_V1_ChangeProvinceSettingRequest.self) { call in
            try await identity.changeProvinceSetting(try await call.body(Identity_V1_ChangeProvinceSettingRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/province-settings/changes/cancel", "撤销尚未生效的省级设置变更", tag: tag,
                body: Identity_V1_CancelProvinceSettingRequest.self) { call in
            try await identity.cancelProvinceSettingChange(try await call.body(Identity_V1_CancelProvinceSettingRequest.self),
                                                           options: call.options)
        }
        api.add(.get, "/api/v1/catalog", "基础目录：专业人员岗位、技能工种、技能等级、行政区划", tag: tag,
                query: Identity_V1_ListCatalogRequest.self) { call in
            try await identity.listCatalog(try call.query(Identity_V1_ListCatalogRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/catalog/changes", "新增或修改基础目录条目（自生效日期起执行，省级用户）", tag: tag,
                body: Identity_V1_ChangeCatalogEntryRequest.self) { call in
            try await identity.changeCatalogEntry(try await call.body(Identity_V1_ChangeCatalogEntryRequest.self), options: call.options)
        }
        api.add(.post, "/api/v1/catalog/changes/cancel", "撤销尚未生效的基础目录变更", tag: tag,
                body: Identity_V1_CancelCatalogChangeRequest.self) { call in
            try await identity.cancelCatalogChange(try await call.body(Identity_V1_CancelCatalogChangeRequest.self), options: call.options)
        }
    }

    /// GW-2: the browser keeps the session in an HttpOnly cookie, and a readable CSRF cookie
    /// whose value it echoes in `X-CSRF-Token` on every change.
    static func sessionCookies(_ response: Identity_V1_LoginResponse, _ call: APICall) -> HTTPFields {
        guard case .session(let session) = response.outcome else { return [:] }
        let maxAge = max(session.expiresAtUnix - Int64(Date().timeIntervalSince1970), 0)
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie,
                                 value: "\(Authenticator.sessionCookie)=\(session.token); Path=/; Max-Age=\(maxAge); Secure; HttpOnly; SameSite=Strict"))
        headers.append(HTTPField(name: .setCookie,
                                 value: "\(Authenticator.csrfCookie)=\(Crypto.hex(Crypto.randomBytes(16))); Path=/; Max-Age=\(maxAge); Secure; SameSite=Strict"))
        return headers
    }

    static let clearedCookies: HTTPFields = [
        .setCookie: "\(Authenticator.sessionCookie)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
    ]
}
