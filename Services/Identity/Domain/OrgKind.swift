/// The kinds of organisation in the tree (SPEC §0, ID-5). Raw values are the stored names.
public enum OrgKind: String, Sendable, CaseIterable {
    case province
    case cityAuthority = "city_authority"
    /// 省直所: a training institution directly under the province.
    case provinceDirect = "province_direct"
    case trainingInstitution = "training_institution"
    /// 继续教育基地.
    case continuingEducationBase = "ce_base"
    case enterprise

    /// The kinds an organisation of this kind may create under itself (ID-5): the province
    /// creates city authorities and 省直所; an authority creates institutions in its city.
    /// Enterprises are created by approving their registration (ID-10), not directly.
    public var childKinds: Set<OrgKind> {
        switch self {
        case .province: [.cityAuthority, .provinceDirect]
        case .cityAuthority: [.trainingInstitution, .continuingEducationBase]
        case .provinceDirect, .trainingInstitution, .continuingEducationBase, .enterprise: []
        }
    }

    /// The letter of the generated institution code, nil for kinds whose code is their
    /// division code (authorities) or their credit code (enterprises).
    public var institutionCodeKind: InstitutionCode.Kind? {
        switch self {
        case .trainingInstitution: .trainingInstitution
        case .provinceDirect: .provinceDirect
        case .continuingEducationBase: .continuingEducationBase
        case .province, .cityAuthority, .enterprise: nil
        }
    }

    /// Whether a CE base rule applies: exactly one super admin (ID-6).
    public var hasSingleSuperAdmin: Bool { self == .continuingEducationBase }
}
