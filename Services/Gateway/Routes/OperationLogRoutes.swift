import Hummingbird
import Proto
import ProtoServices
import RPC

/// ID-8: each service's operation log at `/api/v1/<service>/operation-log`, one declaration for
/// every service (each serves `common.v1.OperationLog` for its own schema).
struct OperationLogRoutes {
    /// The services whose logs the API shows, with the menu name of each.
    static let services: [(name: String, title: String)] = [("identity", "账号与机构"), ("enrollment", "报名业务"), ("classes", "培训与考勤")]

    let backends: Backends

    func register(on api: API) {
        for (name, title) in Self.services {
            let log = Common_V1_OperationLogClient(backends.clients[name]!)
            api.add(.get, "/api/v1/\(name)/operation-log", "操作日志（\(title)）", tag: "operation-log",
                    query: Common_V1_ListOperationLogRequest.self) { call in
                try await log.listOperationLog(try call.query(Common_V1_ListOperationLogRequest.self), options: call.options)
            }
        }
    }
}
