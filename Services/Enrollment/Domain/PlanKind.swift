/// EN-1, EN-7: what a plan (and an enrollment in it) is for. The raw values are the stored ones
/// (`plans.kind`, `enrollments.kind`).
public enum PlanKind: String, Sendable, CaseIterable {
    /// 新取证: training towards a first certificate.
    case newCertificate = "new_certificate"
    /// 继续教育: continuing education for a certificate already held (EN-7).
    case continuingEducation = "continuing_education"
}
