import RPC

/// The end user a call is made for, as the gateway forwards it in metadata (docs/PROTOCOL.md,
/// "Metadata"). Services check permissions and organisation scope from it themselves (ID-7).
public struct Caller: Sendable, Hashable {
    public let userID: Int64
    /// Nil for students.
    public let orgID: Int64?
    public let roles: [String]
    public let permissions: Set<String>

    public init(userID: Int64, orgID: Int64?, roles: [String], permissions: Set<String>) {
        self.userID = userID
        self.orgID = orgID
        self.roles = roles
        self.permissions = permissions
    }

    /// - Throws: PERMISSION_DENIED unless the caller holds `permission`.
    public func require(_ permission: String) throws {
        guard permissions.contains(permission) else {
            throw RPCError(.permissionDenied, "没有权限执行此操作")
        }
    }

    /// The metadata a client sends for this caller.
    public var metadata: [String: String] {
        var metadata = [
            MetadataKey.callerUserID: String(userID),
            MetadataKey.callerRoles: roles.joined(separator: ","),
            MetadataKey.callerPermissions: permissions.sorted().joined(separator: ","),
        ]
        if let orgID { metadata[MetadataKey.callerOrgID] = String(orgID) }
        return metadata
    }
}

extension CallContext {
    /// The caller the gateway forwarded.
    /// - Throws: UNAUTHENTICATED when there is none or it is malformed.
    public func requireCaller() throws -> Caller {
        guard let user = metadata[MetadataKey.callerUserID].flatMap({ Int64($0) }), user > 0 else {
            throw RPCError(.unauthenticated, "请先登录")
        }
        var org: Int64?
        if let text = metadata[MetadataKey.callerOrgID], !text.isEmpty {
            guard let value = Int64(text), value > 0 else { throw RPCError(.unauthenticated, "请先登录") }
            org = value
        }
        func list(_ key: String) -> [String] {
            (metadata[key] ?? "").split(separator: ",").map(String.init)
        }
        return Caller(userID: user, orgID: org, roles: list(MetadataKey.callerRoles),
                      permissions: Set(list(MetadataKey.callerPermissions)))
    }
}

extension CallContext {
    /// For calls one service makes to another with no end user behind them (docs/PROTOCOL.md,
    /// "Metadata"): the caller is the service its verified client certificate names.
    /// - Throws: PERMISSION_DENIED unless that name is one of `services`.
    public func requirePeer(in services: Set<String>) throws {
        guard let name = peer?.commonName, services.contains(name) else {
            throw RPCError(.permissionDenied, "仅限内部服务调用")
        }
    }
}
