import CommonRules
import IdentityDomain
import Testing

@Suite("Granting, super admins, SMS codes, enterprise images, divisions")
struct GrantAndImageRulesTests {
    static let city = Permission.grantable(for: .cityAuthority)
    static let institutionAdmin = Permission.grantable(for: .trainingInstitution).sorted()

    @Test("ID-7: an authority gives a role of an organisation below it within that kind's set; in its own, only what it holds")
    func granting() {
        // A city making an institution's administrator: allowed although the city holds none of it.
        #expect(Permission.firstUngrantable(Self.institutionAdmin, held: Self.city, targetKind: .trainingInstitution,
                                            targetBelowCaller: true) == nil)
        // …but not a permission the institution's kind cannot hold.
        #expect(Permission.firstUngrantable(["enrollment.review", "organisation.manage"], held: Self.city,
                                            targetKind: .trainingInstitution, targetBelowCaller: true) == "organisation.manage")
        // Without user.manage the caller is no authority over users: the old rule.
        #expect(Permission.firstUngrantable(["enrollment.review"], held: ["role.manage"], targetKind: .trainingInstitution,
                                            targetBelowCaller: true) == "enrollment.review")
        // In the caller's own organisation: no one grants more than they hold.
        let limited: Set = ["user.manage", "log.read"]
        #expect(Permission.firstUngrantable(Self.institutionAdmin, held: limited, targetKind: .trainingInstitution,
                                            targetBelowCaller: false) != nil)
        #expect(Permission.firstUngrantable(["log.read"], held: limited, targetKind: .trainingInstitution,
                                            targetBelowCaller: false) == nil)
    }

    @Test("ID-6: the first administrator of a CE base without a super admin becomes it", arguments: [
        (OrgKind.continuingEducationBase, false, true, true), (.continuingEducationBase, true, true, false),
        (.continuingEducationBase, false, false, false), (.trainingInstitution, false, true, false),
    ])
    func firstSuperAdmin(kind: OrgKind, hasSuperAdmin: Bool, administrator: Bool, becomes: Bool) {
        let permissions: Set<String> = administrator ? ["user.manage", "log.read"] : ["log.read"]
        #expect(SuperAdminRule.becomesSuperAdmin(kind: kind, baseHasSuperAdmin: hasSuperAdmin, permissions: permissions) == becomes)
    }

    @Test("ID-2: a new SMS code comes from the random source and never falls back to a constant")
    func newCodeFailsLoudly() throws {
        let policy = SMSCodePolicy()
        #expect(throws: SMSCodePolicy.GenerationFailed.self) {
            try policy.newCode { count in [UInt8](repeating: 0xFF, count: count) }  // every draw rejected
        }
        #expect(throws: SMSCodePolicy.GenerationFailed.self) { try policy.newCode { _ in [] } }
        var asked = 0
        let code = try policy.newCode { count in
            asked = count
            return [0, 0, 0, 42] + [UInt8](repeating: 0, count: count - 4)
        }
        #expect(code == "000042" && asked == 64)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]

    @Test("ID-10: licence and 1–5 qualification images, JPG/PNG, each ≤ 2 MiB, together ≤ 2.5 MiB")
    func enterpriseImages() {
        func problem(_ licence: [UInt8], _ qualifications: [[UInt8]]) -> EnterpriseImages.Problem? {
            do { try EnterpriseImages.check(licence: licence, qualifications: qualifications); return nil } catch { return error }
        }
        let big = Self.jpeg + [UInt8](repeating: 0, count: 1_400_000)
        #expect(problem(Self.png, [Self.jpeg]) == nil)
        #expect(problem(Self.png, Array(repeating: Self.png, count: 5)) == nil)
        #expect(problem(Array("%PDF".utf8), [Self.jpeg]) == .licenceInvalid)
        #expect(problem(Self.png, []) == .qualificationMissing)
        #expect(problem(Self.png, Array(repeating: Self.png, count: 6)) == .tooManyQualifications(maximum: 5))
        #expect(problem(Self.png, [Self.jpeg, [1, 2, 3]]) == .qualificationInvalid(index: 1))
        #expect(problem(Self.png, [Self.jpeg + [UInt8](repeating: 0, count: 2 * 1024 * 1024)]) == .qualificationInvalid(index: 0))
        #expect(problem(Self.png, [big, big]) == .totalTooLarge(maximumBytes: EnterpriseImages.maximumTotalBytes))
    }
}
