import NIOConcurrencyHelpers
import Proto
import ProtoServices
import RPC

/// EN-5: what enrollment shows of a student's training (class, attendance, hours), asked of the
/// classes service's directory, one call per page of rows. Classes may be unreachable: then the
/// rows come without their training, never without the rows.
public protocol ClassTraining: Sendable {
    func training(students: [Int64], orgID: Int64?, options: CallOptions) async throws -> [Classes_V1_StudentTraining]
}

/// `ClassTraining` over the classes directory (the enrollment certificate).
public struct ClassesDirectoryTraining: ClassTraining {
    private let client: Classes_V1_ClassesDirectoryClient

    public init(client: RPCClient) { self.client = Classes_V1_ClassesDirectoryClient(client) }

    public func training(students: [Int64], orgID: Int64?, options: CallOptions) async throws -> [Classes_V1_StudentTraining] {
        guard !students.isEmpty else { return [] }
        var request = Classes_V1_StudentTrainingRequest()
        request.studentUserIds = students
        request.orgID = orgID ?? 0
        return try await client.getStudentTraining(request, options: options).training
    }
}

/// `ClassTraining` bound after construction (the classes service starts after enrollment, which it calls).
public final class LateClassTraining: ClassTraining {
    private let bound = NIOLockedValueBox<(any ClassTraining)?>(nil)

    public init() {}

    public func bind(_ training: any ClassTraining) { bound.withLockedValue { $0 = training } }

    public func training(students: [Int64], orgID: Int64?, options: CallOptions) async throws -> [Classes_V1_StudentTraining] {
        guard let training = bound.withLockedValue({ $0 }) else { return [] }
        return try await training.training(students: students, orgID: orgID, options: options)
    }
}
