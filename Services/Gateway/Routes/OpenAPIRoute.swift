import Foundation
import Hummingbird
import Proto

/// `GET /openapi.json`: the OpenAPI 3 document of every route registered through `API`
/// (itself included), with the request and response schemas generated from `proto/` (GW-1).
enum OpenAPIRoute {
    static let path = "/openapi.json"

    static func register(on api: API) {
        api.route(Endpoint(method: .get, path: path, summary: "本接口文档（OpenAPI 3）", tag: "operations", access: .open,
                           requestBody: nil, queryParameters: [], response: "OpenAPIDocument", rateLimit: nil)) { [registry = api.registry] _, _ in
            let document = try document(registry.endpoints)
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
            var parameters: [[String: Any]] = pathParameters(endpoint.path).map {
                ["name": $0, "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]
            }
            parameters += endpoint.queryParameters.map { ["name": $0, "in": "query", "required": false, "schema": ["type": "string"]] }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = endpoint.requestBody {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            if let media = endpoint.rawRequest {
                operation["requestBody"] = ["required": true, "content": [media: ["schema": ["type": "string", "format": "binary"]]]]
            }
            if endpoint.access == .session { operation["security"] = [["bearer": [String]()], ["cookie": [String]()]] }
            paths[endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation
        }
        var schemas: [String: Any] = [:]
        for (name, text) in ProtoJSONSchemas.all {
            schemas[name] = try JSONSerialization.jsonObject(with: Data(text.utf8))
        }
        schemas["Error"] = [
            "type": "object", "required": ["code", "message"],
            "properties": [
                "code": ["type": "string", "description": "RPC status name, e.g. INVALID_ARGUMENT"],
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
                    "cookie": ["type": "apiKey", "in": "cookie", "name": API.sessionCookie],
                ],
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func responses(_ endpoint: Endpoint) -> [String: Any] {
        let error: [String: Any] = ["description": "错误", "content": ["application/json": ["schema": ref("Error")]]]
        let success: [String: Any] = endpoint.rawResponse.map { media in [media: ["schema": ["type": "string", "format": "binary"]]] }
            ?? ["application/json": ["schema": ref(endpoint.response)]]
        var responses: [String: Any] = [
            "200": ["description": "成功", "content": success],
            "400": error, "500": error, "503": error,
        ]
        if endpoint.access == .session { responses["401"] = error; responses["403"] = error; responses["404"] = error }
        if endpoint.rateLimit != nil { responses["429"] = error }
        return responses
    }
}
