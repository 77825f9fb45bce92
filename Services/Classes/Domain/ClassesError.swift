/// The classes rules' refusals, knowing nothing of RPC (the service maps them once, with a
/// Chinese message, in `RPC/ErrorMapping.swift`).
public enum ClassesError: Error, Equatable, Sendable {
    case notFound(String)
    case teacherInvalid(field: String)
    case teacherExists
    case templateInvalid(field: String)
    case lessonInvalid(index: Int, field: String)
    case lessonsOverlap(index: Int)
    case lessonsRequired
    case nameInvalid
    case venueInvalid(field: String)
    case stepNotAllowed(ClassStatus)
    /// CL-2: the plan is not closed (enrollment not ended) or not approved.
    case planNotClosed
    case postNotInPlan
    case classExists
    /// EN-2: past the end of the 3rd natural day after enrollment ended.
    case applicationTooLate(deadline: Int64)
    /// CL-2: the first lesson is before the 7th natural day after creation.
    case startTooEarly(earliest: Int64)
    case hoursShort(scheduled: Int, required: Int)
    case teachersShort(safety: Int, theory: Int, minimumSafety: Int, minimumTheory: Int)
    case noStudents
    case teacherNotUsable(index: Int)
    case lessonsNotOver
    case reviewsPending(Int)
    case attendanceNotConfirmed
    case attendanceFrozen
    case reasonRequired
    case photoInvalid
    case notOnRoster
    case outsideWindow(opens: Int64, closes: Int64)
    case notSignedIn
    case alreadySignedOut
    case notPending
}
