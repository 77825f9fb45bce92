import Foundation
import Hummingbird
import Proto
import RPC
import ServiceHost

/// Query strings as proto request messages: a GET route names the request message whose
/// fields its query carries, and both the decoding and the OpenAPI parameters come from that
/// message's generated schema, so the types, ranges and enum values are the proto's (GW-1).
///
/// The mapping: a scalar field is a parameter of the same (JSON) name; integers are decimal
/// text, booleans `true`/`false`; an enum takes its proto value name without the enum's prefix,
/// lower-cased (`EnrollmentState.ENROLLMENT_STATE_SUBMITTED` is `state=submitted`), and an absent
/// enum is its UNSPECIFIED value; a repeated scalar repeats the parameter; the paging message
/// `page` is flattened to `pageSize` and `pageToken`. Other message fields are not query
/// parameters. Unknown parameters are ignored, as HTTP clients expect.
enum ProtoQuery {
    /// The request message a route's query carries, less the fields the route fills itself
    /// (path parameters, or the caller's own organisation).
    struct Shape: Sendable {
        let message: String
        let omitted: Set<String>
    }

    /// One query parameter.
    struct Parameter: Sendable {
        enum Kind: Sendable {
            case scalar(isBoolean: Bool)
            /// Short value name → proto value name.
            case enumeration([String: String])
        }

        /// The parameter's name in the query.
        let name: String
        /// Where the value goes in the message's JSON: `["state"]`, `["page", "pageSize"]`.
        let path: [String]
        let kind: Kind
        let repeated: Bool
        /// The OpenAPI schema of one value, as JSON text.
        let schema: String
    }

    /// The parameters of `shape`'s message.
    static func parameters(_ shape: Shape) -> [Parameter] {
        (catalogue[shape.message] ?? []).filter { !shape.omitted.contains($0.path[0]) }
    }

    /// Decodes the query of `request` as the message `T` described by `shape`.
    /// - Throws: `APIError` 400 naming the parameter whose value does not fit its field.
    static func decode<T: Decodable>(_ type: T.Type, _ shape: Shape, from request: Request) throws -> T {
        let query = request.uri.queryParameters
        var object: [String: Any] = [:]
        for parameter in parameters(shape) {
            let values = query.getAll(parameter.name).map { value(String($0), parameter.kind) }
            guard let first = values.first else { continue }
            let json: Any = parameter.repeated ? values : first
            if parameter.path.count == 2 {
                var nested = object[parameter.path[0]] as? [String: Any] ?? [:]
                nested[parameter.path[1]] = json
                object[parameter.path[0]] = nested
            } else {
                object[parameter.path[0]] = json
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: try JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw invalid(error, shape)
        }
    }

    private static func value(_ text: String, _ kind: Parameter.Kind) -> Any {
        switch kind {
        case .scalar(isBoolean: true) where text == "true" || text == "false": text == "true"
        case .scalar: text
        case .enumeration(let names): names[text] ?? text
        }
    }

    /// The 400 for a value that does not decode, named by its query parameter.
    private static func invalid(_ error: DecodingError, _ shape: Shape) -> APIError {
        let path: [any CodingKey] = switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        case .keyNotFound(let key, let context): context.codingPath + [key]
        @unknown default: []
        }
        let keys = path.filter { $0.intValue == nil }.map(\.stringValue)
        let parameter = parameters(shape).first { $0.path == Array(keys.prefix($0.path.count)) }
        guard let parameter else { return APIError(.badRequest, code: .invalidArgument, message: "查询参数无效") }
        let hint: String = switch parameter.kind {
        case .enumeration(let names): "可选值：" + names.keys.sorted().joined(separator: "、")
        case .scalar(isBoolean: true): "应为true或false"
        case .scalar where parameter.schema.contains("\"integer\""): parameter.schema.contains("\"minimum\":0") ? "应为非负整数" : "应为整数"
        case .scalar: "格式不正确"
        }
        return APIError(.badRequest, code: .invalidArgument, message: "查询参数\(parameter.name)无效",
                        fields: [.init(field: parameter.name, message: hint)])
    }

    /// Every message's query parameters, read once from the generated schemas.
    private static let catalogue: [String: [Parameter]] = {
        let schemas = ProtoJSONSchemas.all.compactMapValues {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        return schemas.compactMapValues { schema in
            guard let properties = schema["properties"] as? [String: Any] else { return nil }
            return properties.keys.sorted().flatMap { name in
                parameters(name, properties[name] as? [String: Any] ?? [:], schemas)
            }
        }
    }()

    private static func parameters(_ name: String, _ property: [String: Any], _ schemas: [String: [String: Any]]) -> [Parameter] {
        // A reference comes wrapped as {"allOf": [{"$ref": …}], "nullable": true}.
        let property = (property["allOf"] as? [[String: Any]])?.first ?? property
        let repeated = property["type"] as? String == "array"
        let item = repeated ? property["items"] as? [String: Any] ?? [:] : property
        if let reference = item["$ref"] as? String {
            let target = String(reference.split(separator: "/").last ?? "")
            guard let schema = schemas[target] else { return [] }
            if let values = schema["enum"] as? [String] {
                let names = shortNames(values)
                let shown = values.filter { !$0.hasSuffix("_UNSPECIFIED") }.compactMap { value in names.first { $0.value == value }?.key }
                return [Parameter(name: name, path: [name], kind: .enumeration(names), repeated: repeated,
                                  schema: json(["type": "string", "enum": shown]))]
            }
            // The paging message, flattened; other nested messages are not query parameters.
            guard name == "page", !repeated, let fields = schema["properties"] as? [String: Any] else { return [] }
            return fields.keys.sorted().compactMap { field in
                guard var fieldSchema = fields[field] as? [String: Any] else { return nil }
                fieldSchema["nullable"] = nil  // a query parameter is absent, never null
                // Every list takes at most PageWindow.maximumSize rows a page.
                if field == "pageSize" { fieldSchema["maximum"] = PageWindow.maximumSize }
                return Parameter(name: field, path: [name, field], kind: .scalar(isBoolean: false), repeated: false,
                                 schema: json(fieldSchema))
            }
        }
        guard let type = item["type"] as? String, ["integer", "string", "boolean"].contains(type),
              item["format"] as? String != "byte" else { return [] }
        var schema = item
        schema["nullable"] = nil  // a query parameter is absent, never null
        return [Parameter(name: name, path: [name], kind: .scalar(isBoolean: type == "boolean"), repeated: repeated,
                          schema: json(schema))]
    }

    /// `PLAN_STATE_DRAFT` → `draft`: each value less the prefix all values share, lower-cased.
    static func shortNames(_ values: [String]) -> [String: String] {
        var prefix = values.first.map { Substring($0) } ?? ""
        for value in values.dropFirst() {
            while !value.hasPrefix(prefix) { prefix = prefix.dropLast() }
        }
        if let underscore = prefix.lastIndex(of: "_") { prefix = prefix[...underscore] } else { prefix = "" }
        return Dictionary(uniqueKeysWithValues: values.map { (String($0.dropFirst(prefix.count)).lowercased(), $0) })
    }

    private static func json(_ object: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
