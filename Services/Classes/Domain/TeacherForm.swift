import CommonRules

/// CL-4: what a teacher or assessor does in the registry.
public enum TeacherRole: String, Sendable, CaseIterable {
    /// 安全知识教师: a class needs at least `classes.min_safety_teachers` of them.
    case safety
    /// 理论教师 of a trade (specialty = the post code): at least `classes.min_theory_teachers`.
    case theory
    /// 实操教师.
    case practice
    /// 考评员: a test plan needs at least `classes.min_assessors` of the specialty.
    case assessor
}

/// CL-4: a registry entry as submitted, checked: names and texts trimmed and bounded, a valid
/// 18-digit ID number (GB 11643 check digit), a role, a phone of 11 digits when given.
public struct TeacherForm: Sendable, Equatable {
    public let name: String
    public let idNumber: String
    public let role: TeacherRole
    public let qualification: String
    public let specialty: String
    public let phone: String
    public let active: Bool

    /// - Throws: `ClassesError.teacherInvalid(field:)` naming the first bad field.
    /// - Parameter today: the Asia/Shanghai date, for the ID number's birth date.
    public init(name: String, idNumber: String, role: TeacherRole?, qualification: String, specialty: String,
                phone: String, active: Bool, today: (year: Int, month: Int, day: Int)) throws(ClassesError) {
        let name = name.trimmingSpaces, phone = phone.trimmingSpaces
        guard (1...50).contains(name.count) else { throw .teacherInvalid(field: "name") }
        guard let idNumber = try? IDNumber(idNumber.trimmingSpaces, today: today).value else { throw .teacherInvalid(field: "idNumber") }
        guard let role else { throw .teacherInvalid(field: "role") }
        guard qualification.trimmingSpaces.count <= 200 else { throw .teacherInvalid(field: "qualification") }
        guard specialty.trimmingSpaces.count <= 20 else { throw .teacherInvalid(field: "specialty") }
        guard phone.isEmpty || (phone.count == 11 && phone.allSatisfy(\.isASCIIDigit)) else { throw .teacherInvalid(field: "phone") }
        self.name = name
        self.idNumber = idNumber
        self.role = role
        self.qualification = qualification.trimmingSpaces
        self.specialty = specialty.trimmingSpaces
        self.phone = phone
        self.active = active
    }
}

