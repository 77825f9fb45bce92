import AssessmentDomain
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// `assessment.v1.AssessmentDirectory`: what other services read of assessment (enrollment's
/// personnel detail and progress, EN-5 and AS-4). Only the services in `directoryPeers` may call it.
public struct AssessmentDirectory: Assessment_V1_AssessmentDirectoryService {
    let service: AssessmentService

    public func getEnrollmentAssessments(_ request: Assessment_V1_EnrollmentAssessmentsRequest,
                                         context: CallContext) async throws -> Assessment_V1_EnrollmentAssessmentsResponse {
        try context.requirePeer(in: service.directoryPeers)
        guard request.enrollmentIds.count <= 200 else { throw RPCError.invalidArgument("一次最多查询200条报名", field: "enrollmentIds") }
        var response = Assessment_V1_EnrollmentAssessmentsResponse()
        response.assessments = try await service.database.transaction(deadline: context.deadline) { tx in
            try CandidateStore.byEnrollments(request.enrollmentIds, tx)
        }
        return response
    }

    /// CE-2: an approved test plan's passed candidates, in seat order, for the certificates service.
    public func getPassedCandidates(_ request: Assessment_V1_PassedCandidatesRequest,
                                    context: CallContext) async throws -> Assessment_V1_PassedCandidatesResponse {
        try context.requirePeer(in: service.directoryPeers)
        return try await service.database.transaction(deadline: context.deadline) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, tx) else { throw AssessmentError.notFound("考核计划") }
            var response = Assessment_V1_PassedCandidatesResponse()
            response.plan = plan
            if ScoreStatus(plan.scoreState) == .approved {
                response.candidates = try CandidateStore.passed(planID: plan.id, tx)
            }
            return response
        }
    }
}

extension AssessmentService {
    public var directory: AssessmentDirectory { AssessmentDirectory(service: self) }
}
