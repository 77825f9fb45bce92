import CommonRules

/// EN-3 step 2: whether the student is in work (在职) or not (待业).
public enum EmploymentStatus: String, Sendable, CaseIterable {
    case employed, unemployed
}

/// EN-3, EN-7: the enrollment form (报名表, every step of seed 001) as the student submits it,
/// before any check. File ids are 0 when not given.
public struct EnrollmentForm: Sendable, Equatable {
    public var planID: Int64 = 0
    public var post = ""
    public var commitmentNoticeAccepted = false
    /// Nil when the student chose none.
    public var employmentStatus: EmploymentStatus?
    public var employerDivisionCode = ""
    public var employerName = ""
    public var gender = ""
    public var education = ""
    public var school = ""
    public var major = ""
    public var workHistory = ""
    public var achievements = ""
    public var personalCommitment = ""
    public var idFrontFileID: Int64 = 0
    public var idBackFileID: Int64 = 0
    public var educationFileID: Int64 = 0
    /// A continuing-education form (EN-7) carries the certificate it continues; empty otherwise.
    public var certificateNumber = ""

    public init() {}

    /// The free-text fields, each with its name in the API and the longest text it takes.
    var limitedTexts: [(field: String, text: String, limit: Int)] {
        [("form.education", education, 50), ("form.school", school, 100), ("form.major", major, 100),
         ("form.workHistory", workHistory, 2000), ("form.achievements", achievements, 2000),
         ("form.personalCommitment", personalCommitment, 2000)]
    }

    /// EN-3 steps 1–9, EN-7: the checks that need no database, in this order: the commitment
    /// notice accepted, an employment status, the employer's city (4 digits), the employer's
    /// name when employed (1–100 characters), gender (empty, 男 or 女), the text limits, a plan, a
    /// post, the personal commitment (new-certificate forms) and the work history. A form with a
    /// certificate number is continuing education (the number is kept upper-cased).
    /// - Throws: `EnrollmentError.commitmentRequired`, `.employmentStatusRequired`,
    ///   `.divisionInvalid`, `.employerNameRequired`, `.genderInvalid`, `.textTooLong(field)`,
    ///   `.planRequired`, `.postRequired`, `.personalCommitmentRequired` or `.workHistoryRequired`.
    public func validated() throws(EnrollmentError) -> ValidForm {
        guard commitmentNoticeAccepted else { throw .commitmentRequired }
        guard let employment = employmentStatus else { throw .employmentStatusRequired }
        let division = employerDivisionCode.trimmingSpaces
        // GB/T 2260 cities of the province, the table the organisation tree uses too (ID-5).
        guard Division.city(division) != nil else { throw .divisionInvalid }
        let employer = employerName.trimmingSpaces
        if employment == .employed, !(1...100).contains(employer.count) { throw .employerNameRequired }
        guard ["", "男", "女"].contains(gender) else { throw .genderInvalid }
        for (field, text, limit) in limitedTexts where text.count > limit { throw .textTooLong(field) }
        guard planID > 0 else { throw .planRequired }
        let post = post.trimmingSpaces
        guard !post.isEmpty else { throw .postRequired }
        let certificate = certificateNumber.trimmingSpaces.uppercased()
        let kind: PlanKind = certificate.isEmpty ? .newCertificate : .continuingEducation
        if kind == .newCertificate, personalCommitment.trimmingSpaces.isEmpty { throw .personalCommitmentRequired }
        if workHistory.trimmingSpaces.isEmpty { throw .workHistoryRequired }
        return ValidForm(planID: planID, post: post, kind: kind, employmentStatus: employment, employerDivisionCode: division,
                         employerName: employer, gender: gender, education: education.trimmingSpaces,
                         school: school.trimmingSpaces, major: major.trimmingSpaces, workHistory: workHistory.trimmingSpaces,
                         achievements: achievements.trimmingSpaces, personalCommitment: personalCommitment.trimmingSpaces,
                         idFrontFileID: idFrontFileID, idBackFileID: idBackFileID, educationFileID: educationFileID,
                         certificateNumber: certificate)
    }
}

/// An enrollment form that passed `EnrollmentForm.validated`: its texts trimmed, its kind known.
public struct ValidForm: Sendable, Equatable {
    public let planID: Int64
    public let post: String
    public let kind: PlanKind
    public let employmentStatus: EmploymentStatus
    public let employerDivisionCode: String
    public let employerName: String
    public let gender: String
    public let education: String
    public let school: String
    public let major: String
    public let workHistory: String
    public let achievements: String
    public let personalCommitment: String
    public let idFrontFileID: Int64
    public let idBackFileID: Int64
    public let educationFileID: Int64
    /// Upper-cased; empty on a new-certificate form.
    public let certificateNumber: String

    /// One upload the form refers to, which must be the student's own of `purpose`.
    public struct Upload: Sendable, Equatable {
        public let fileID: Int64
        public let purpose: UploadPurpose
        /// The form field it answers for (named in `EnrollmentError.fileMissing`).
        public let field: String
    }

    /// The uploads to check: new-certificate enrollments need the three scans (seed 001 steps
    /// 7–9); continuing education needs none, but any given must be the student's.
    public var uploadsToCheck: [Upload] {
        [Upload(fileID: idFrontFileID, purpose: .idFront, field: "form.idFrontFileId"),
         Upload(fileID: idBackFileID, purpose: .idBack, field: "form.idBackFileId"),
         Upload(fileID: educationFileID, purpose: .education, field: "form.educationFileId")]
            .filter { kind == .newCertificate || $0.fileID != 0 }
    }

    /// EN-3: whether `plan` takes this form at `now`: approved, open, of the form's kind, with
    /// the form's post and (when `counting`, i.e. a new enrollment) a free place.
    /// - Throws: `EnrollmentError.notFound("报名计划")` for a plan not approved, `.planNotOpen`,
    ///   `.planKindMismatch`, `.postNotInPlan` or `.planFull`.
    public func checkPlan(_ plan: PlanSnapshot, now: Int64, counting: Bool) throws(EnrollmentError) {
        guard plan.state == .approved else { throw .notFound("报名计划") }
        guard PlanRules.isOpen(state: .approved, start: plan.startUnix, end: plan.endUnix, now: now) else { throw .planNotOpen }
        guard plan.kind == kind else { throw .planKindMismatch }
        guard plan.posts.contains(post) else { throw .postNotInPlan }
        if counting, plan.enrolled >= plan.headcount { throw .planFull }
    }
}
