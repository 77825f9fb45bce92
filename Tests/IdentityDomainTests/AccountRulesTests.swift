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

    @Test("ID-10: images are recognised by their first bytes")
    func imageKinds() {
        #expect(ImageKind(magic: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageKind(magic: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageKind(magic: [0x89, 0x50, 0x4E, 0x47]) == nil)  // truncated PNG signature
        #expect(ImageKind(magic: Array("%PDF-1.7".utf8)) == nil)
        #expect(ImageKind(magic: []) == nil)
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

    @Test("X-1: ID numbers are masked 4 + 4")
    func idNumberMask() {
        #expect(IDNumber.mask("340101199003071236") == "3401**********1236")
        #expect(IDNumber.mask("1234") == "****")
    }
}
