import Hummingbird

/// `GET /healthz`: 200 when every backend answers SERVING, else 503; the body lists each.
struct HealthRoutes {
    let backends: Backends

    struct Report: ResponseEncodable {
        var status: String
        var backends: [String: String]
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ -> EditedResponse<Report> in
            let statuses = await backends.health()
            let healthy = statuses.values.allSatisfy { $0 == "SERVING" }
            return EditedResponse(
                status: healthy ? .ok : .serviceUnavailable,
                response: Report(status: healthy ? "ok" : "degraded", backends: statuses))
        }
    }
}
