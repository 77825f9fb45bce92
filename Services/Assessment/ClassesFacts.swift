import Proto
import ProtoServices
import RPC

/// What assessment reads of classes (CL-4, CL-6), through `classes.v1.ClassesDirectory`: a
/// finished class's eligible students and an institution's assessors. A protocol so that tests
/// can put a failing classes service in between.
public protocol ClassesFacts: Sendable {
    func eligibleStudents(classID: Int64, options: CallOptions) async throws -> Classes_V1_EligibleStudents
    func assessors(orgID: Int64, specialty: String, options: CallOptions) async throws -> Int
}

public struct ClassesDirectoryFacts: ClassesFacts {
    private let client: Classes_V1_ClassesDirectoryClient

    public init(client: RPCClient) { self.client = Classes_V1_ClassesDirectoryClient(client) }

    public func eligibleStudents(classID: Int64, options: CallOptions) async throws -> Classes_V1_EligibleStudents {
        var request = Classes_V1_EligibleStudentsRequest()
        request.classID = classID
        return try await client.listEligibleStudents(request, options: options)
    }

    public func assessors(orgID: Int64, specialty: String, options: CallOptions) async throws -> Int {
        var request = Classes_V1_AssessorCountRequest()
        request.orgID = orgID
        request.specialty = specialty
        return Int(try await client.countAssessors(request, options: options).assessors)
    }
}
