import Proto
import RPC
import ServiceHost
import Storage

/// ID-8: identity's operation log, served by the host's `OperationLogService`: an organisation
/// user reads the log of their organisation or one below it, with the actors' names.
extension IdentityService {
    public var operationLog: OperationLogService {
        let database = self.database
        return OperationLogService(
            database: database,
            isBelow: { orgID, own, context in
                try await database.transaction(deadline: context.deadline) { tx in
                    try OrganisationStore.isWithin(orgID, root: own, tx)
                }
            },
            actorNames: { ids, context in
                try await database.transaction(deadline: context.deadline) { tx in try UserStore.names(ids: ids, tx) }
            })
    }
}
