/// CL-5: the province's sign-in and sign-out windows, in minutes around a lesson's start and end.
public struct AttendanceSettings: Sendable, Equatable {
    public var signInOpensBeforeMinutes: Int
    public var signInClosesAfterMinutes: Int
    public var signOutOpensBeforeMinutes: Int
    public var signOutClosesAfterMinutes: Int

    public init(signInOpensBeforeMinutes: Int = 30, signInClosesAfterMinutes: Int = 15,
                signOutOpensBeforeMinutes: Int = 10, signOutClosesAfterMinutes: Int = 30) {
        self.signInOpensBeforeMinutes = signInOpensBeforeMinutes
        self.signInClosesAfterMinutes = signInClosesAfterMinutes
        self.signOutOpensBeforeMinutes = signOutOpensBeforeMinutes
        self.signOutClosesAfterMinutes = signOutClosesAfterMinutes
    }
}

/// CL-5: when a lesson takes sign-ins and sign-outs. Both windows include their edges. Times
/// are the server's: the phone's clock is never read.
public struct AttendanceWindow: Sendable, Equatable {
    public let signIn: ClosedRange<Int64>
    public let signOut: ClosedRange<Int64>

    public init(lessonStart: Int64, lessonEnd: Int64, settings: AttendanceSettings) {
        signIn = (lessonStart - Int64(settings.signInOpensBeforeMinutes) * 60)...(lessonStart + Int64(settings.signInClosesAfterMinutes) * 60)
        signOut = (lessonEnd - Int64(settings.signOutOpensBeforeMinutes) * 60)...(lessonEnd + Int64(settings.signOutClosesAfterMinutes) * 60)
    }

    /// Whether a lesson credits its hours: both a sign-in and a sign-out, each inside its window.
    public func credits(signIn signInTime: Int64?, signOut signOutTime: Int64?) -> Bool {
        guard let signInTime, let signOutTime else { return false }
        return signIn.contains(signInTime) && signOut.contains(signOutTime)
    }
}

/// CL-6: who the hours make eligible (the credited hours are summed in SQL, `ClassStore`).
public enum HoursLedger {
    /// A student with the required hours is eligible for assessment.
    public static func eligible(credited: Int, required: Int) -> Bool { required > 0 && credited >= required }
}
