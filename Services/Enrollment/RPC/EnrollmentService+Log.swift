import RPC
import ServiceHost

/// ID-8: enrollment's operation log, served by the host's `OperationLogService`: an
/// organisation user reads the log of their organisation or one below it (identity's tree, as
/// `scope` gives it). Actors are user ids (0 for the system's purge); their names come from
/// identity's directory, one call per page.
extension EnrollmentService {
    public var operationLog: OperationLogService {
        OperationLogService(database: database, isBelow: { [self] orgID, own, context in
            try await scope(own, context).contains(orgID)
        }, actorNames: { [identity] ids, context in
            try await identity.userNames(ids, deadline: context.forwarded)
        })
    }
}
