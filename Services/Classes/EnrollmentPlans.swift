import Proto
import ProtoServices
import RPC

/// What classes needs from the enrollment service (CL-2), asked over RPC with the `classes`
/// certificate: a plan with its approved roster, and the EN-2 mark that spares the plan from the
/// purge. An interface so tests can make the mark fail.
public protocol EnrollmentPlans: Sendable {
    func roster(planID: Int64, post: String, options: CallOptions) async throws -> Enrollment_V1_PlanRoster
    /// Idempotent at enrollment: a repeat keeps the first time and returns it.
    func markClassApplicationSubmitted(planID: Int64, classID: Int64, options: CallOptions) async throws -> Int64
    /// B-5: messages into the students' inbox; idempotent by each message's key.
    func deliver(_ messages: [OutboxMessage], options: CallOptions) async throws
}

/// `EnrollmentPlans` over the enrollment service's client.
public struct EnrollmentServicePlans: EnrollmentPlans {
    private let client: Enrollment_V1_EnrollmentServiceClient

    public init(client: RPCClient) {
        self.client = Enrollment_V1_EnrollmentServiceClient(client)
    }

    public func roster(planID: Int64, post: String, options: CallOptions) async throws -> Enrollment_V1_PlanRoster {
        var request = Enrollment_V1_PlanRosterRequest()
        request.planID = planID
        request.post = post
        return try await client.getPlanRoster(request, options: options)
    }

    public func markClassApplicationSubmitted(planID: Int64, classID: Int64, options: CallOptions) async throws -> Int64 {
        var request = Enrollment_V1_MarkClassApplicationRequest()
        request.planID = planID
        request.classApplicationID = String(classID)
        return try await client.markClassApplicationSubmitted(request, options: options).submittedAtUnix
    }

    public func deliver(_ messages: [OutboxMessage], options: CallOptions) async throws {
        var request = Enrollment_V1_DeliverNotificationsRequest()
        request.notifications = messages.map { message in
            var item = Enrollment_V1_DeliveredNotification()
            item.sourceKey = message.sourceKey
            item.userID = message.userID
            item.text = message.text
            item.createdAtUnix = message.createdAt
            return item
        }
        _ = try await client.deliverStudentNotifications(request, options: options)
    }
}
