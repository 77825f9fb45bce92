import Hummingbird

/// `GET /healthz`: 200 when every backend answers SERVING, else 503; the body lists each.
struct HealthRoutes {
    let backends: Backends

    struct Report: Encodable {
        var status: String
        var backends: [String: String]
    }

    func register(on api: API) {
        let backends = self.backends
        api.route(Endpoint(method: .get, path: "/healthz", summary: "健康检查：每个后端服务均为 SERVING 时返回200",
                           tag: "operations", access: .open, response: "HealthReport", errorStatuses: [503: "HealthReport"])) { _, _ in
            let statuses = await backends.health()
            let healthy = statuses.values.allSatisfy { $0 == "SERVING" }
            return try Responses.json(encoding: Report(status: healthy ? "ok" : "degraded", backends: statuses),
                                status: healthy ? .ok : .serviceUnavailable)
        }
    }
}
