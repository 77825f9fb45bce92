import Proto
import ProtoServices
import RPC

/// Which organisations hold enrollments of a student (ID-9). Identity does not own enrollments,
/// so it asks the enrollment service (`EnrollmentService/ListStudentOrganisations`, which answers
/// only identity's client certificate). Read fresh each time: an abnormal-account search is rare,
/// and a stale answer could let an organisation re-bind a student it no longer holds.
public protocol StudentEnrollments: Sendable {
    /// The ids of organisations holding an enrollment (not withdrawn) of `studentUserID`.
    func organisations(holdingStudent studentUserID: Int64, options: CallOptions) async throws -> [Int64]
}

/// `StudentEnrollments` over an enrollment-service client.
public struct EnrollmentServiceStudentEnrollments: StudentEnrollments {
    private let enrollment: Enrollment_V1_EnrollmentServiceClient

    public init(client: RPCClient) {
        enrollment = Enrollment_V1_EnrollmentServiceClient(client)
    }

    public func organisations(holdingStudent studentUserID: Int64, options: CallOptions) async throws -> [Int64] {
        var request = Enrollment_V1_StudentOrganisationsRequest()
        request.studentUserID = studentUserID
        return try await enrollment.listStudentOrganisations(request, options: options).orgIds
    }
}
