import CommonRules
import IdentityDomain
import Testing

@Suite("Account and organisation rules")
struct AccountRulesTests {
    @Test("ID-2: mainland mobile numbers, with or without +86, masked 3 + 4 (X-1)", arguments: [
        ("13800000005", "13800000005"), ("+8613800000005", "13800000005"), ("8613800000005", "13800000005"),
        ("138 0000 0005", "13800000005"),
    ])
    func phoneNumbers(text: String, value: String) {
        #expect(PhoneNumber(text)?.value == value)
        #expect(PhoneNumber(text)?.masked == "138****0005")
    }

    @Test("ID-2: not a mobile number", arguments: ["", "1380000000", "138000000055", "23800000005", "1380000000a", "+85213800000"])
    func notPhoneNumbers(text: String) {
        #expect(PhoneNumber(text) == nil)
    }

    @Test("ID-4: person names: 2–30 Chinese characters, letters, inner spaces or the middle dot", arguments: [
        ("张伟", true), ("欧阳娜娜", true), ("阿依古丽·买买提", true), ("Li Lei", true), ("张", false), (" 张伟", false),
        ("张伟 ", false), ("张伟1", false), ("<script>", false), (String(repeating: "张", count: 31), false),
    ])
    func personNames(name: String, valid: Bool) {
        #expect(PersonName.isValid(name) == valid)
    }


    @Test("ID-5: who may create what, and which kinds get generated institution codes")
    func organisationKinds() {
        #expect(OrgKind.province.childKinds == [.cityAuthority, .provinceDirect])
        #expect(OrgKind.cityAuthority.childKinds == [.trainingInstitution, .continuingEducationBase])
        for kind in [OrgKind.provinceDirect, .trainingInstitution, .continuingEducationBase, .enterprise] {
            #expect(kind.childKinds.isEmpty)
        }
        #expect(OrgKind.trainingInstitution.institutionCodeKind == .trainingInstitution)
        #expect(OrgKind.provinceDirect.institutionCodeKind == .provinceDirect)
        #expect(OrgKind.continuingEducationBase.institutionCodeKind == .continuingEducationBase)
        #expect(OrgKind.cityAuthority.institutionCodeKind == nil)
        #expect(OrgKind.allCases.filter(\.hasSingleSuperAdmin) == [.continuingEducationBase])
    }

    @Test("ID-7: an organisation's kind bounds the permissions its roles may hold")
    func grantablePermissions() {
        let institution = Permission.grantable(for: .trainingInstitution)
        #expect(institution.contains(Permission.enrollmentReview))
        #expect(!institution.contains(Permission.organisationManage))
        #expect(!institution.contains(Permission.noticePublish))
        #expect(Permission.grantable(for: .province).contains(Permission.noticePublish))
        #expect(!Permission.grantable(for: .cityAuthority).contains(Permission.noticePublish))
        #expect(Permission.grantable(for: .enterprise) == [Permission.userManage, Permission.roleManage,
                                                          Permission.logRead, Permission.accountSelf])
        for kind in OrgKind.allCases {
            #expect(!Permission.grantable(for: kind).contains(Permission.bindPhone))  // only first-login sessions hold it
        }
    }

}
