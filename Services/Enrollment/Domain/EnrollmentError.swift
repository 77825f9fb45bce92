/// What the enrollment rules refuse, independent of RPC (mapped to statuses, with the Chinese
/// message and the form field, in `RPC/ErrorMapping.swift`).
public enum EnrollmentError: Error, Equatable, Sendable {
    /// The thing named (报名计划, 报名, 文件, 学员) does not exist or is not the caller's to see.
    case notFound(String)

    // MARK: Plans (EN-1, EN-2)
    case nameRequired
    case planKindRequired
    case postsRequired
    case postOutsideScope(String)
    case headcountInvalid
    case planWindow(PlanWindowError)
    case planStepNotAllowed
    case planNotEditable
    case planNotOpen
    case commentRequired
    case notAnInstitution

    // MARK: Uploads (EN-3, EN-6)
    case upload(UploadError)
    case fileKindRequired
    case uploadsExhausted(perDay: Int)
    /// The form field whose upload is missing, of the wrong kind or someone else's.
    case fileMissing(String)

    // MARK: The enrollment form (EN-3, EN-7)
    case commitmentRequired
    case employmentStatusRequired
    case divisionInvalid
    case employerNameRequired
    case genderInvalid
    case planRequired
    case postRequired
    case personalCommitmentRequired
    case workHistoryRequired
    case postNotInPlan
    case realNameRequired
    case alreadyEnrolled
    case planFull
    case certificateNumberInvalid
    /// EN-7: the certificates service knows the number as another person's, or as no longer valid.
    case certificateNotUsable
    case planKindMismatch
    /// The field (`form.workHistory`, `comment`, …) whose text is over its limit.
    case textTooLong(String)

    // MARK: Review and photos (EN-4, EN-6)
    case enrollmentStepNotAllowed
    case reasonRequired
    case reasonUnknown(String)
    case photoNotPending
}
