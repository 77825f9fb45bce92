import Proto
import ProtoServices
import RPC
import Synchronization

/// Whether the process can serve: set by `DatabaseMonitor`, read by health checks.
public final class HealthState: Sendable {
    private let serving = Atomic<Bool>(false)

    public init(serving: Bool = false) {
        self.serving.store(serving, ordering: .relaxed)
    }

    public var isServing: Bool { serving.load(ordering: .relaxed) }

    public func set(serving isServing: Bool) {
        serving.store(isServing, ordering: .relaxed)
    }
}

/// `health.v1.Health` for one process and the services it hosts.
public struct HealthService: Health_V1_HealthService {
    private let state: HealthState
    private let serviceNames: Set<String>

    /// - Parameter serviceNames: full proto service names this process serves.
    public init(state: HealthState, serviceNames: Set<String>) {
        self.state = state
        self.serviceNames = serviceNames
    }

    public func check(_ request: Health_V1_CheckRequest, context: CallContext) async throws -> Health_V1_CheckResponse {
        .with {
            if !request.service.isEmpty, !serviceNames.contains(request.service) {
                $0.status = .serviceUnknown
            } else {
                $0.status = state.isServing ? .serving : .notServing
            }
        }
    }
}
