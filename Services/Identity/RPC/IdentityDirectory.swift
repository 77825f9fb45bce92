import IdentityDomain
import Logging
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// `identity.v1.IdentityDirectory`: the identity facts other services need (an organisation's
/// scope and subtree, a student's real-name data, the province settings), since no service reads
/// another's schema. Only the internal services named in `allowedPeers` may call it, as proven by
/// their client certificates; the gateway's certificate is refused, so no end user reaches it.
public final class IdentityDirectory: Identity_V1_IdentityDirectoryService {
    let database: DatabasePool
    let allowedPeers: Set<String>

    /// The services that call it today (enrollment) and will (classes, assessment, certificates).
    public static let defaultPeers: Set = ["enrollment", "classes", "assessment", "certificates"]

    public init(database: DatabasePool, allowedPeers: Set<String> = defaultPeers) {
        self.database = database
        self.allowedPeers = allowedPeers
    }

    /// The organisation and the ids below it. A post scope of `*` is expanded to every catalogue
    /// post in force, so callers never interpret the wildcard; a post the province has withdrawn
    /// (SPEC §0) or whose date has not come is left out of any scope, so no new plan names it.
    public func getOrganisationScope(_ request: Identity_V1_OrganisationScopeRequest, context: CallContext) async throws -> Identity_V1_OrganisationScope {
        try context.requirePeer(in: allowedPeers)
        return try await database.transaction(deadline: context.deadline) { tx in
            guard var organisation = try OrganisationStore.load(request.orgID, tx) else { throw IdentityError.notFound("机构") }
            let offered = try PostStore.allCodes(tx)
            organisation.postScope = organisation.postScope.contains("*") ? offered
                : organisation.postScope.filter(Set(offered).contains)
            var scope = Identity_V1_OrganisationScope()
            scope.organisation = organisation
            scope.subtreeIds = try OrganisationStore.subtreeIDs(root: request.orgID, tx)
            return scope
        }
    }

    public func getStudent(_ request: Identity_V1_StudentRequest, context: CallContext) async throws -> Identity_V1_Student {
        try context.requirePeer(in: allowedPeers)
        return try await database.transaction(deadline: context.deadline) { tx in
            guard let student = try StudentStore.active(id: request.userID, tx) else { throw IdentityError.notFound("学员") }
            return student
        }
    }

    /// SPEC §0: the settings in force today (a change with a later date is not in it yet).
    public func getProvinceSettings(_ request: Common_V1_Empty, context: CallContext) async throws -> Identity_V1_ProvinceSettings {
        try context.requirePeer(in: allowedPeers)
        let settings = try await database.transaction(deadline: context.deadline) { tx in try Settings.load(tx) }
        var response = Identity_V1_ProvinceSettings()
        response.settings = settings.values.sorted { $0.key < $1.key }.map { key, value in
            var setting = Identity_V1_ProvinceSetting()
            setting.key = key
            setting.value = Int32(clamping: value)
            return setting
        }
        return response
    }

    /// ID-8: the names of the users acting in another service's operation log (one page's
    /// actors: at most 200 ids). Unknown ids are left out.
    public func getUserNames(_ request: Identity_V1_UserNamesRequest, context: CallContext) async throws -> Identity_V1_UserNames {
        try context.requirePeer(in: allowedPeers)
        guard request.userIds.count <= 200 else { throw RPCError.invalidArgument("一次最多查询 200 个用户", field: "userIds") }
        let ids = Array(Set(request.userIds))
        let names = try await database.transaction(deadline: context.deadline) { tx in try UserStore.names(ids: ids, tx) }
        var response = Identity_V1_UserNames()
        response.names = names.sorted { $0.key < $1.key }.map { id, name in
            var entry = Identity_V1_UserName()
            entry.userID = id
            entry.name = name
            return entry
        }
        return response
    }

    /// CL-2: the posts and trades named, each with its version in force today (the classes
    /// service reads their required hours). Unknown codes and levels are left out.
    public func getCatalogEntries(_ request: Identity_V1_CatalogEntriesRequest, context: CallContext) async throws -> Identity_V1_CatalogEntriesResponse {
        try context.requirePeer(in: allowedPeers)
        guard request.codes.count <= 200 else { throw RPCError.invalidArgument("一次最多查询 200 项", field: "codes") }
        let codes = Set(request.codes)
        var response = Identity_V1_CatalogEntriesResponse()
        response.entries = try await database.withConnection { db in
            try [CatalogKind.post, .trade].flatMap { try CatalogStore.entries(kind: $0, db) }
        }.filter { codes.contains($0.code) && $0.current != nil }
        return response
    }
}
