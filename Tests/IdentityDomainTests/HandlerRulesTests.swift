import IdentityDomain
import Testing

/// Rules that handlers used to hold inline: names, role names, notices, post scopes, review
/// decisions, who may disable or transfer what.
@Suite("Handler rules: names, roles, notices, scopes, reviews")
struct HandlerRulesTests {
    @Test("ID-1: usernames: 3–32 ASCII letters, digits and _ . -, starting with a letter", arguments: [
        ("abc", true), ("hfjx_admin", true), ("A.b-c_9", true), (String(repeating: "a", count: 32), true),
        ("ab", false), (String(repeating: "a", count: 33), false), ("1abc", false), ("_abc", false),
        ("340101199003071236", false), ("张三abc", false), ("ab c", false), ("abc@x", false), ("", false),
    ])
    func usernames(username: String, valid: Bool) {
        #expect(Username.isValid(username) == valid)
        if valid {
            #expect(throws: Never.self) { try Username.check(username) }
        } else {
            #expect(throws: IdentityError.usernameInvalid) { try Username.check(username) }
        }
    }

    @Test("ID-6: an org user's name is 2–30 characters", arguments: [
        ("张三", true), ("合肥建校管理员", true), (String(repeating: "张", count: 30), true),
        ("张", false), ("", false), (String(repeating: "张", count: 31), false),
    ])
    func orgUserNames(name: String, valid: Bool) {
        if valid {
            #expect(throws: Never.self) { try OrgUserName.check(name) }
        } else {
            #expect(throws: IdentityError.nameInvalid) { try OrgUserName.check(name) }
        }
    }

    @Test("ID-6: an administrator cannot disable their own account; others, and re-enabling, are fine")
    func cannotDisableSelf() {
        #expect(throws: IdentityError.cannotDisableSelf) { try AccountStatusRule.check(disabled: true, userID: 7, callerID: 7) }
        #expect(throws: Never.self) { try AccountStatusRule.check(disabled: true, userID: 8, callerID: 7) }
        #expect(throws: Never.self) { try AccountStatusRule.check(disabled: false, userID: 7, callerID: 7) }
        #expect(throws: Never.self) { try AccountStatusRule.check(disabled: nil, userID: 7, callerID: 7) }
    }

    @Test("ID-6: the super admin role goes only to an active user of the same base")
    func superAdminTransfer() {
        #expect(throws: Never.self) { try SuperAdminRule.checkTransfer(targetOrgID: 5, targetDisabled: false, baseID: 5) }
        #expect(throws: IdentityError.notFound("用户")) {
            try SuperAdminRule.checkTransfer(targetOrgID: 6, targetDisabled: false, baseID: 5)
        }
        #expect(throws: IdentityError.notFound("用户")) {
            try SuperAdminRule.checkTransfer(targetOrgID: 5, targetDisabled: true, baseID: 5)
        }
    }

    @Test("ID-7: role names are 1–30 characters without a comma", arguments: [
        ("管理员", true), ("a", true), (String(repeating: "角", count: 30), true),
        ("", false), (String(repeating: "角", count: 31), false), ("审核,管理", false), ("a,", false),
    ])
    func roleNames(name: String, valid: Bool) {
        if valid {
            #expect(throws: Never.self) { try RoleName.check(name) }
        } else {
            #expect(throws: IdentityError.roleNameInvalid) { try RoleName.check(name) }
        }
    }

    @Test("ID-11: a notice has a 1–200 character title and a body of at most 200 KB")
    func noticeContent() {
        #expect(throws: Never.self) { try NoticeContent.check(title: "通知", bodyHTML: "<p>正文</p>") }
        #expect(throws: Never.self) {
            try NoticeContent.check(title: String(repeating: "标", count: 200), bodyHTML: String(repeating: "a", count: 200_000))
        }
        #expect(throws: IdentityError.titleRequired) { try NoticeContent.check(title: "", bodyHTML: "") }
        #expect(throws: IdentityError.titleRequired) {
            try NoticeContent.check(title: String(repeating: "标", count: 201), bodyHTML: "")
        }
        #expect(throws: IdentityError.noticeBodyTooLarge) {
            try NoticeContent.check(title: "通知", bodyHTML: String(repeating: "a", count: 200_001))
        }
        // Bytes, not characters: 66 667 Chinese characters are 200 001 bytes of UTF-8.
        #expect(throws: IdentityError.noticeBodyTooLarge) {
            try NoticeContent.check(title: "通知", bodyHTML: String(repeating: "正", count: 66_667))
        }
        // The title is checked first.
        #expect(throws: IdentityError.titleRequired) {
            try NoticeContent.check(title: "", bodyHTML: String(repeating: "a", count: 200_001))
        }
    }

    @Test("ID-5, ID-10: organisation and enterprise names are 2–100 characters")
    func organisationNames() {
        #expect(throws: Never.self) { try OrganisationName.check("合肥建筑职业培训学校") }
        #expect(throws: IdentityError.organisationNameInvalid) { try OrganisationName.check("校") }
        #expect(throws: IdentityError.organisationNameInvalid) { try OrganisationName.check(String(repeating: "校", count: 101)) }
        #expect(throws: Never.self) { try OrganisationName.checkEnterprise(String(repeating: "企", count: 100)) }
        #expect(throws: IdentityError.enterpriseNameInvalid) { try OrganisationName.checkEnterprise("") }
    }

    @Test("ID-5: an organisation never changes its own online status")
    func ownOnlineStatus() {
        #expect(throws: IdentityError.ownOnlineStatus) { try OrganisationOnlineRule.check(organisationID: 3, callerOrgID: 3) }
        #expect(throws: Never.self) { try OrganisationOnlineRule.check(organisationID: 4, callerOrgID: 3) }
        #expect(throws: Never.self) { try OrganisationOnlineRule.check(organisationID: 4, callerOrgID: nil) }
    }

    @Test("ID-5: a post scope names known posts within the parent's; empty means the parent's")
    func postScopes() throws {
        #expect(PostScope.codes(["030", "011", "030"]) == ["011", "030"])
        #expect(try PostScope.resolve([], known: [], parent: ["011", "030"]) == ["011", "030"])
        #expect(try PostScope.resolve(["011"], known: ["011"], parent: ["011", "030"]) == ["011"])
        #expect(try PostScope.resolve(["011", "T01"], known: ["011", "T01"], parent: ["*"]) == ["011", "T01"])
        #expect(throws: IdentityError.postScopeInvalid("999")) {
            try PostScope.resolve(["011", "999"], known: ["011"], parent: ["*"])
        }
        #expect(throws: IdentityError.postScopeInvalid("021")) {
            try PostScope.resolve(["011", "021"], known: ["011", "021"], parent: ["011", "030"])
        }
    }

    @Test("ID-10: applications are listed by state; a rejection needs a reason; an application is reviewed once")
    func enterpriseReview() throws {
        #expect(try EnterpriseApplicationState.filter("") == nil)
        #expect(try EnterpriseApplicationState.filter("approved") == .approved)
        #expect(throws: IdentityError.applicationStateInvalid) { try EnterpriseApplicationState.filter("pending") }
        #expect(throws: IdentityError.applicationStateInvalid) { try EnterpriseApplicationState.filter("APPROVED") }
        #expect(throws: IdentityError.reasonRequired) { try EnterpriseApplicationState.checkDecision(approve: false, reason: "") }
        #expect(throws: Never.self) { try EnterpriseApplicationState.checkDecision(approve: false, reason: "执照模糊") }
        #expect(throws: Never.self) { try EnterpriseApplicationState.checkDecision(approve: true, reason: "") }
        #expect(throws: Never.self) { try EnterpriseApplicationState.checkReviewable("submitted") }
        #expect(throws: IdentityError.alreadyReviewed) { try EnterpriseApplicationState.checkReviewable("approved") }
        #expect(throws: IdentityError.alreadyReviewed) { try EnterpriseApplicationState.checkReviewable("rejected") }
    }

    @Test("ID-2: binding and registering send to the given phone; login and reset to the bound one")
    func smsPurposes() {
        #expect(SMSPurpose.allCases.filter(\.sendsToGivenPhone) == [.bindPhone, .register])
        #expect(SMSPurpose.allCases.filter(\.needsCaller) == [.bindPhone])
        #expect(SMSPurpose.allCases.map(\.rawValue) == ["bind_phone", "login", "reset_password", "register"])
    }

    @Test("ID-9: the abnormal-account search needs an ID number, looked up with an upper-case X")
    func abnormalAccountSearch() throws {
        #expect(try AbnormalAccountSearch.idNumberKey("34010119900307123x") == "34010119900307123X")
        #expect(throws: IdentityError.idNumberRequired) { try AbnormalAccountSearch.idNumberKey("") }
    }
}
