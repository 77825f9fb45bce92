import Hummingbird
import Proto
import ProtoServices
import RPC

/// ID-8: each service's operation log at `/api/v1/<path>/operation-log`, one declaration for
/// every service (each serves `common.v1.OperationLog` for its own schema). The path is the
/// service's name except for classes, whose `/api/v1/classes/{classId}` would overlap it:
/// `/api/v1/training/operation-log`.
struct OperationLogRoutes {
    /// The services whose logs the API shows, with the menu name of each.
    static let services: [(name: String, path: String, title: String)] = [
        ("identity", "identity", "账号与机构"), ("enrollment", "enrollment", "报名业务"), ("classes", "training", "培训与考勤"),
        ("assessment", "assessment", "考核业务"), ("certificates", "certification", "证书业务"),
    ]

    let backends: Backends

    func register(on api: API) {
        for (name, path, title) in Self.services {
            let log = Common_V1_OperationLogClient(backends.clients[name]!)
            api.add(.get, "/api/v1/\(path)/operation-log", "操作日志（\(title)）", tag: "operation-log",
                    query: Common_V1_ListOperationLogRequest.self) { call in
                try await log.listOperationLog(try call.query(Common_V1_ListOperationLogRequest.self), options: call.options)
            }
        }
    }
}
