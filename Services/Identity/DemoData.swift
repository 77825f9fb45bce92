import CommonRules
import IdentityDomain
import OpenSSLCrypto
import Storage

/// The demonstration organisation tree, users and students (`identity seed-demo`, run by
/// `scripts/dev-stack.sh`; the tests use the same tree). Every account's password is
/// `DemoData.password`; every org user has a bound phone except `hfjx_new`, who shows the
/// first-login phone binding. Seeding twice changes nothing.
public enum DemoData {
    public static let password = "Demo2026a"

    /// Org users: (username, name, organisation code, phone or nil, role).
    public static let orgUsers: [(username: String, name: String, orgCode: String, phone: String?, role: String)] = [
        ("sheng_admin", "省厅管理员", "34", "13800000001", "管理员"),
        ("hefei_admin", "合肥市住建局管理员", "3401", "13800000002", "管理员"),
        ("luan_admin", "六安市住建局管理员", "3415", "13800000003", "管理员"),
        ("zhisuo_admin", "省直所管理员", "3400Z001", "13800000004", "管理员"),
        ("hfjx_admin", "合肥建校管理员", "3401T001", "13800000005", "管理员"),
        ("hfjx_reviewer", "合肥建校审核员", "3401T001", "13800000006", "报名审核员"),
        ("lajx_admin", "六安建培管理员", "3415T001", "13800000007", "管理员"),
        ("hfjj_admin", "合肥继教基地管理员", "3401J001", "13800000008", "管理员"),
        ("hfjx_new", "合肥建校新用户", "3401T001", nil, "报名审核员"),
    ]

    /// Students: (first 17 digits of the ID number, name, phone); the check character is computed.
    static let studentSeeds = [
        ("34010119900307123", "张伟", "13900000001"),
        ("34150219880515202", "王芳", "13900000002"),
        ("34010419950821331", "李强", "13900000003"),
    ]

    /// The students' full ID numbers.
    public static var studentIDNumbers: [String] {
        studentSeeds.map { seed in seed.0 + String(IDNumber.checkCharacter(seed.0.utf8.map { $0 - 48 })) }
    }

    /// Creates the demo data unless the province already exists.
    public static func seed(_ database: DatabasePool) async throws {
        let hash = PasswordHasher().hash(password)  // one hash for every demo account (a seed, not a pattern)
        try await database.transaction { tx in
            guard try tx.execute("SELECT 1 FROM organisations WHERE code = '34'").isEmpty else { return }
            let province = try OrganisationStore.insert(parent: nil, kind: .province, name: "安徽省住房和城乡建设厅",
                                                        code: "34", division: "34", postScope: ["*"], tx)
            let hefei = try OrganisationStore.insert(parent: province, kind: .cityAuthority, name: "合肥市住房和城乡建设局",
                                                     code: "3401", division: "3401", postScope: ["*"], tx)
            let luan = try OrganisationStore.insert(parent: province, kind: .cityAuthority, name: "六安市住房和城乡建设局",
                                                    code: "3415", division: "3415", postScope: ["*"], tx)
            let direct = try OrganisationStore.allocateCode(city: "3400", kind: .provinceDirect, tx).description
            _ = try OrganisationStore.insert(parent: province, kind: .provinceDirect, name: "安徽省建设行业职业技能培训中心",
                                             code: direct, division: "34", postScope: ["011", "021", "030", "050", "080"], tx)
            let hefeiSchool = try OrganisationStore.allocateCode(city: "3401", kind: .trainingInstitution, tx).description
            let school = try OrganisationStore.insert(parent: hefei, kind: .trainingInstitution, name: "合肥建筑职业培训学校",
                                                      code: hefeiSchool, division: "3401",
                                                      postScope: ["011", "012", "021", "030", "080", "T01", "T02"], tx)
            try tx.execute("INSERT INTO roles (org_id, name, permissions) VALUES ($1, '报名审核员', $2::text[])",
                           [.int(school), .textArray([Permission.accountSelf, Permission.enrollmentReview])])
            let luanSchool = try OrganisationStore.allocateCode(city: "3415", kind: .trainingInstitution, tx).description
            _ = try OrganisationStore.insert(parent: luan, kind: .trainingInstitution, name: "六安市建设培训中心",
                                             code: luanSchool, division: "3415", postScope: ["011", "030", "T03"], tx)
            let base = try OrganisationStore.allocateCode(city: "3401", kind: .continuingEducationBase, tx).description
            _ = try OrganisationStore.insert(parent: hefei, kind: .continuingEducationBase, name: "合肥建设继续教育基地",
                                             code: base, division: "3401", postScope: ["011", "021", "030"], tx)

            for user in orgUsers {
                let id: Int64 = try tx.execute("""
                    INSERT INTO users (kind, org_id, username, name, phone, phone_verified, password_hash, is_super_admin)
                    SELECT 'org_user', o.id, $1, $2, $4::text, $4::text IS NOT NULL, $5, o.kind = 'ce_base' AND $6 = '管理员'
                    FROM organisations o WHERE o.code = $3 RETURNING id
                    """, [.text(user.username), .text(user.name), .text(user.orgCode), user.phone.map { .text($0) } ?? .null,
                          .text(hash), .text(user.role)]).first?.decode("id") ?? 0
                try tx.execute("""
                    INSERT INTO user_roles (user_id, role_id)
                    SELECT $1, r.id FROM roles r JOIN organisations o ON o.id = r.org_id WHERE o.code = $2 AND r.name = $3
                    """, [.int(id), .text(user.orgCode), .text(user.role)])
            }
            for (number, seed) in zip(studentIDNumbers, studentSeeds) {
                try tx.execute("""
                    INSERT INTO users (kind, id_number, name, phone, phone_verified, password_hash, real_name_verified)
                    VALUES ('student', $1, $2, $3, true, $4, true)
                    """, [.text(number), .text(seed.1), .text(seed.2), .text(hash)])
            }
        }
    }
}
