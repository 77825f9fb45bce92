import NIOConcurrencyHelpers
import Proto
import ProtoServices
import RPC

/// EN-5, AS-4: each enrollment's latest test, asked of the assessment service's directory, one
/// call per page of rows. Like `ClassTraining`, an unreachable assessment service leaves the rows
/// without their test, never without the rows.
public protocol AssessmentLookup: Sendable {
    func assessments(enrollmentIDs: [Int64], options: CallOptions) async throws -> [Assessment_V1_EnrollmentAssessment]
}

/// `AssessmentLookup` over the assessment directory (the enrollment certificate).
public struct AssessmentDirectoryLookup: AssessmentLookup {
    private let client: Assessment_V1_AssessmentDirectoryClient

    public init(client: RPCClient) { self.client = Assessment_V1_AssessmentDirectoryClient(client) }

    public func assessments(enrollmentIDs: [Int64], options: CallOptions) async throws -> [Assessment_V1_EnrollmentAssessment] {
        guard !enrollmentIDs.isEmpty else { return [] }
        var request = Assessment_V1_EnrollmentAssessmentsRequest()
        request.enrollmentIds = enrollmentIDs
        return try await client.getEnrollmentAssessments(request, options: options).assessments
    }
}

/// `AssessmentLookup` bound after construction (the assessment service starts after enrollment).
public final class LateAssessmentLookup: AssessmentLookup {
    private let bound = NIOLockedValueBox<(any AssessmentLookup)?>(nil)

    public init() {}

    public func bind(_ lookup: any AssessmentLookup) { bound.withLockedValue { $0 = lookup } }

    public func assessments(enrollmentIDs: [Int64], options: CallOptions) async throws -> [Assessment_V1_EnrollmentAssessment] {
        guard let lookup = bound.withLockedValue({ $0 }) else { return [] }
        return try await lookup.assessments(enrollmentIDs: enrollmentIDs, options: options)
    }
}
