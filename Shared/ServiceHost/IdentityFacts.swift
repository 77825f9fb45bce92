import NIOConcurrencyHelpers
import Proto
import ProtoServices
import RPC

/// What the services (enrollment, classes, …) need to know from the identity service, asked over RPC (`IdentityDirectory`)
/// because no service reads another's schema. Organisation scopes and province settings change
/// rarely and are read on most calls, so they are cached for `maximumAge`; a student is read
/// fresh each time (only when an enrollment is written), and so are the names of a log page's
/// actors (ID-8: one batch per page).
public protocol IdentityFacts: Sendable {
    func scope(of orgID: Int64, deadline: CallOptions) async throws -> Identity_V1_OrganisationScope
    func student(_ userID: Int64, deadline: CallOptions) async throws -> Identity_V1_Student
    func settings(deadline: CallOptions) async throws -> [String: Int]
    func userNames(_ userIDs: [Int64], deadline: CallOptions) async throws -> [Int64: String]
    func catalogEntries(_ codes: [String], deadline: CallOptions) async throws -> [Identity_V1_CatalogEntry]
}

/// `IdentityFacts` over the directory client, with the caches.
public final class DirectoryIdentityFacts: IdentityFacts {
    private let directory: Identity_V1_IdentityDirectoryClient
    private let maximumAge: Duration
    private let scopes = NIOLockedValueBox<[Int64: (Identity_V1_OrganisationScope, ContinuousClock.Instant)]>([:])
    private let cachedSettings = NIOLockedValueBox<([String: Int], ContinuousClock.Instant)?>(nil)

    public init(client: RPCClient, maximumAge: Duration = .seconds(30)) {
        directory = Identity_V1_IdentityDirectoryClient(client)
        self.maximumAge = maximumAge
    }

    public func scope(of orgID: Int64, deadline: CallOptions) async throws -> Identity_V1_OrganisationScope {
        let now = ContinuousClock.now
        if let (scope, readAt) = scopes.withLockedValue({ $0[orgID] }), now - readAt < maximumAge { return scope }
        var request = Identity_V1_OrganisationScopeRequest()
        request.orgID = orgID
        let scope = try await directory.getOrganisationScope(request, options: deadline)
        scopes.withLockedValue { $0[orgID] = (scope, now) }
        return scope
    }

    public func student(_ userID: Int64, deadline: CallOptions) async throws -> Identity_V1_Student {
        var request = Identity_V1_StudentRequest()
        request.userID = userID
        return try await directory.getStudent(request, options: deadline)
    }

    public func settings(deadline: CallOptions) async throws -> [String: Int] {
        let now = ContinuousClock.now
        if let (settings, readAt) = cachedSettings.withLockedValue({ $0 }), now - readAt < maximumAge { return settings }
        let response = try await directory.getProvinceSettings(Common_V1_Empty(), options: deadline)
        let settings = Dictionary(response.settings.map { ($0.key, Int($0.value)) }, uniquingKeysWith: { $1 })
        cachedSettings.withLockedValue { $0 = (settings, now) }
        return settings
    }

    public func userNames(_ userIDs: [Int64], deadline: CallOptions) async throws -> [Int64: String] {
        guard !userIDs.isEmpty else { return [:] }
        var request = Identity_V1_UserNamesRequest()
        request.userIds = userIDs
        let response = try await directory.getUserNames(request, options: deadline)
        return Dictionary(response.names.map { ($0.userID, $0.name) }, uniquingKeysWith: { $1 })
    }

    /// Posts and trades in force today (CL-2: their required hours), read fresh.
    public func catalogEntries(_ codes: [String], deadline: CallOptions) async throws -> [Identity_V1_CatalogEntry] {
        guard !codes.isEmpty else { return [] }
        var request = Identity_V1_CatalogEntriesRequest()
        request.codes = codes
        return try await directory.getCatalogEntries(request, options: deadline).entries
    }
}
