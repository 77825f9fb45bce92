import Proto
import ProtoServices
import RPC

/// What certificates read of assessment (CE-2), through `assessment.v1.AssessmentDirectory`: a
/// test plan and, once its scores are approved, its passed candidates. A protocol so that tests
/// can put a failing assessment service in between.
public protocol AssessmentFacts: Sendable {
    func passedCandidates(testPlanID: Int64, options: CallOptions) async throws -> Assessment_V1_PassedCandidatesResponse
}

public struct AssessmentDirectoryFacts: AssessmentFacts {
    private let client: Assessment_V1_AssessmentDirectoryClient

    public init(client: RPCClient) { self.client = Assessment_V1_AssessmentDirectoryClient(client) }

    public func passedCandidates(testPlanID: Int64, options: CallOptions) async throws -> Assessment_V1_PassedCandidatesResponse {
        var request = Assessment_V1_PassedCandidatesRequest()
        request.testPlanID = testPlanID
        return try await client.getPassedCandidates(request, options: options)
    }
}
