import Foundation
import Hummingbird
import Proto
import RPC

/// `GET /openapi.json`: the OpenAPI 3 document of every route registered through `API`
/// (itself included), with the request and response schemas generated from `proto/` (GW-1).
enum OpenAPIRoute {
    static let path = "/openapi.json"

    static func register(on api: API) {
        api.route(Endpoint(method: .get, path: path, summary: "本接口文档（OpenAPI 3）", tag: "operations", access: .open,
                           response: "OpenAPIDocument", errorStatuses: [:])) { [registry = api.registry] _, _ in
            let document = try document(registry.all)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }

    /// The document as JSON bytes.
    static func document(_ endpoints: [Endpoint]) throws -> [UInt8] {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            var operation: [String: Any] = [
                "summary": endpoint.summary,
                "tags": [endpoint.tag],
                "operationId": endpoint.method.rawValue.lowercased() + endpoint.path,
                "responses": responses(endpoint),
            ]
            var parameters: [[String: Any]] = endpoint.pathParameters.map {
                ["name": $0, "in": "path", "required": true,
                 "schema": ["type": "integer", "format": "int64", "minimum": 1, "maximum": Int64.max]]
            }
            for parameter in endpoint.query.map(ProtoQuery.parameters) ?? [] {
                let schema = try JSONSerialization.jsonObject(with: Data(parameter.schema.utf8))
                parameters.append(["name": parameter.name, "in": "query", "required": false,
                                   "schema": parameter.repeated ? ["type": "array", "items": schema] : schema,
                                   "explode": true, "style": "form"])
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = endpoint.requestBody {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            if let media = endpoint.rawRequest {
                operation["requestBody"] = ["required": true, "content": [media: ["schema": ["type": "string", "format": "binary"]]]]
            }
            if endpoint.access != .open { operation["security"] = [["bearer": [String]()], ["cookie": [String]()]] }
            paths[endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation
        }
        var schemas: [String: Any] = [:]
        for (name, text) in ProtoJSONSchemas.all {
            schemas[name] = try JSONSerialization.jsonObject(with: Data(text.utf8))
        }
        schemas["Error"] = [
            "type": "object", "required": ["code", "message"],
            "properties": [
                "code": ref("rpc.v1.Code"),
                "message": ["type": "string", "description": "说明（中文）"],
                "fields": ["type": "array", "items": [
                    "type": "object", "properties": ["field": ["type": "string"], "message": ["type": "string"]],
                ]],
            ],
        ]
        schemas["HealthReport"] = [
            "type": "object",
            "properties": ["status": ["type": "string"], "backends": ["type": "object", "additionalProperties": ["type": "string"]]],
        ]
        schemas["OpenAPIDocument"] = ["type": "object"]
        let document: [String: Any] = [
            "openapi": "3.0.3",
            "info": ["title": "住房和城乡建设领域施工现场专业人员职业培训信息管理系统 API", "version": "1"],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": Authenticator.sessionCookie],
                ],
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    /// The statuses a backend call can end in: every one `APIError.status(for:)` gives.
    /// (gRPC codes are 0…16; 499, a client that went away, is never seen by that client.)
    static let backendStatuses: [Int: String] = Dictionary(
        (1...16).map { (APIError.status(for: RPCCode(rawValue: $0)).code, "Error") }.filter { $0.0 != 499 }) { first, _ in first }

    private static func responses(_ endpoint: Endpoint) -> [String: Any] {
        // A raw response may be one of several media types, listed with commas.
        let success: [String: Any] = endpoint.rawResponse.map { list in
            Dictionary(uniqueKeysWithValues: list.split(separator: ",").map {
                (String($0.trimmingCharacters(in: .whitespaces)), ["schema": ["type": "string", "format": "binary"]] as [String: Any])
            })
        }
            ?? ["application/json": ["schema": ref(endpoint.response)]]
        var statuses = endpoint.errorStatuses ?? backendStatuses
        if endpoint.requestBody != nil || endpoint.rawRequest != nil { statuses[413] = "Error" }
        var responses: [String: Any] = ["200": ["description": "成功", "content": success]]
        for (status, schema) in statuses {
            responses[String(status)] = ["description": schema == "Error" ? "错误" : "失败",
                                         "content": ["application/json": ["schema": ref(schema)]]]
        }
        return responses
    }
}
