import Foundation
import Proto
import Testing

/// The gateway's HTTP JSON form of the generated types and their OpenAPI schemas
/// (docs/PROTOCOL.md, "JSON mapping").
@Suite("JSON mapping")
struct JSONMappingTests {
    @Test("GW-1: every field kind round-trips through JSON, Chinese text included")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(RoundTripTests.full)
        #expect(try JSONDecoder().decode(Testing_V1_AllKinds.self, from: data) == RoundTripTests.full)
        #expect(String(decoding: data, as: UTF8.self).contains("住房和城乡建设厅"))

        let object = try jsonObject(RoundTripTests.full)
        #expect(object["text"] as? String == "住房和城乡建设厅 — ✓")
        #expect(object["blob"] as? String == "AAEC/wA=")
        #expect((object["i64"] as? NSNumber)?.int64Value == Int64.min)
        #expect(object["color"] as? String == "COLOR_GREEN")
        #expect(object["colors"] as? [String] == ["COLOR_RED", "COLOR_UNSPECIFIED", "COLOR_GREEN"])
        #expect(object["labels"] as? [String: String] == ["省": "安徽", "city": "合肥", "": "empty key"])
        #expect(object["maybeCount"] as? Int == 7)
        #expect((object["choicePoint"] as? [String: Any])?["label"] as? String == "选择")
        #expect(object["choiceText"] == nil && object["choiceNumber"] == nil)
    }

    @Test("GW-1: JSON keys are the proto JSON names; unknown keys are ignored")
    func names() throws {
        let caller = try decode(Identity_V1_Caller.self, #"{"userId":7,"orgId":"3","name":"张三","user_id":9,"extra":[1]}"#)
        #expect(caller.userID == 7 && caller.orgID == 3 && caller.name == "张三")
        #expect(try jsonObject(caller)["userId"] as? Int == 7)
    }

    @Test("GW-1: int64 and uint64 decode from numbers and decimal strings")
    func integersFromStrings() throws {
        let message = try decode(Testing_V1_AllKinds.self, """
            {"i64":"-9007199254740993","u64":"18446744073709551615","numbers":["1",-2],"choiceNumber":"12"}
            """)
        #expect(message.i64 == -9_007_199_254_740_993)
        #expect(message.u64 == UInt64.max)
        #expect(message.numbers == [1, -2])
        #expect(message.choice == .choiceNumber(12))
        let error = try #require(throws: DecodingError.self) {
            try decode(Testing_V1_AllKinds.self, #"{"u64":"-1"}"#)
        }
        #expect(isDataCorrupted(error) && path(error) == ["u64"])
    }

    @Test("GW-1: bytes are standard base64; invalid base64 is refused")
    func base64() throws {
        let message = try decode(Testing_V1_AllKinds.self, #"{"blob":"AAEC/wA=","blobs":["","CQ=="]}"#)
        #expect(message.blob == [0, 1, 2, 255, 0])
        #expect(message.blobs == [[], [9]])
        let error = try #require(throws: DecodingError.self) {
            try decode(Testing_V1_EchoRequest.self, #"{"payload":"not base64!"}"#)
        }
        #expect(isDataCorrupted(error) && path(error) == ["payload"])
    }

    @Test("GW-1: enums decode by name or number; unknown numbers survive as numbers")
    func enums() throws {
        let message = try decode(Testing_V1_AllKinds.self, #"{"color":2,"colors":["COLOR_RED",0,77]}"#)
        #expect(message.color == .green)
        #expect(message.colors == [.red, .unspecified, .unrecognized(77)])
        let organisation = try decode(Identity_V1_Organisation.self, #"{"kind":"ORG_KIND_CITY_AUTHORITY"}"#)
        #expect(organisation.kind == .cityAuthority)
        #expect(try jsonObject(Testing_V1_AllKinds.with { $0.color = .unrecognized(77) })["color"] as? Int == 77)
    }

    @Test("GW-1: an unknown enum name, or a number that is no Int32, is dataCorrupted at that field", arguments: [
        (#"{"kind":"ORG_KIND_VILLAGE"}"#, ["kind"]),
        (#"{"kind":2.5}"#, ["kind"]),
        (#"{"page":{"pageSize":5},"kind":"org_kind_province"}"#, ["kind"]),
    ])
    func unknownEnumName(json: String, expected: [String]) throws {
        let error = try #require(throws: DecodingError.self) {
            try decode(Identity_V1_ListOrganisationsRequest.self, json)
        }
        #expect(isDataCorrupted(error))
        #expect(path(error) == expected)
    }

    @Test("GW-1: a wrong JSON type names the field's path, nested ones included", arguments: [
        (#"{"page":{"pageSize":"twenty"}}"#, ["page", "pageSize"]),
        (#"{"page":{"pageSize":-1}}"#, ["page", "pageSize"]),
        (#"{"page":{"pageSize":2.5}}"#, ["page", "pageSize"]),
        (#"{"page":[]}"#, ["page"]),
        (#"{"parentId":true}"#, ["parentId"]),
        (#"{"nameContains":5}"#, ["nameContains"]),
    ])
    func wrongType(json: String, expected: [String]) throws {
        let error = try #require(throws: DecodingError.self) {
            try decode(Identity_V1_ListOrganisationsRequest.self, json)
        }
        #expect(path(error) == expected)
    }

    @Test("GW-1: a wrong type inside a repeated message names the element")
    func wrongTypeInArray() throws {
        let error = try #require(throws: DecodingError.self) {
            try decode(Testing_V1_AllKinds.self, #"{"nested":{"points":[{"x":1},{"x":"one"}]}}"#)
        }
        #expect(path(error) == ["nested", "points", "Index 1", "x"])
    }

    @Test("GW-1: two members of one oneof are refused")
    func twoOneofMembers() throws {
        let error = try #require(throws: DecodingError.self) {
            try decode(Testing_V1_AllKinds.self, #"{"choiceText":"a","choiceNumber":1}"#)
        }
        #expect(isDataCorrupted(error) && path(error) == ["choiceNumber"])
        #expect(throws: DecodingError.self) {
            try decode(Identity_V1_LoginResponse.self, #"{"session":{"token":"t"},"smsRequired":{}}"#)
        }
        let one = try decode(Testing_V1_AllKinds.self, #"{"choiceText":"a","choicePoint":null}"#)
        #expect(one.choice == .choiceText("a"))
    }

    @Test("GW-1: an absent optional stays nil and is not emitted; defaults are")
    func absentOptional() throws {
        let empty = try decode(Testing_V1_AllKinds.self, #"{"maybeCount":null,"point":null}"#)
        #expect(empty == Testing_V1_AllKinds())
        #expect(empty.maybeCount == nil && empty.maybeNote == nil)
        let object = try jsonObject(empty)
        for absent in ["maybeCount", "maybeNote", "point", "nested", "choiceText", "choicePoint", "choiceNumber"] {
            #expect(object[absent] == nil, "\(absent)")
        }
        #expect(object["text"] as? String == "" && object["i64"] as? Int == 0 && object["flag"] as? Bool == false)
        #expect(object["color"] as? String == "COLOR_UNSPECIFIED" && object["labels"] as? [String: String] == [:])

        let update = try decode(Identity_V1_UpdateUserRequest.self, #"{"userId":5,"disabled":false}"#)
        #expect(update.disabled == false && update.name == nil)
        let encoded = try jsonObject(update)
        #expect(encoded["disabled"] as? Bool == false && encoded["name"] == nil)
    }

    @Test("GW-1: every schema is JSON and every $ref names a schema")
    func schemas() throws {
        let all = ProtoJSONSchemas.all
        #expect(all.count == ProtoJSONSchemas.identity_v1_identity.count + ProtoJSONSchemas.rpc_v1_envelope.count
            + ProtoJSONSchemas.health_v1_health.count + ProtoJSONSchemas.testing_v1_testing.count
            + ProtoJSONSchemas.enrollment_v1_enrollment.count + ProtoJSONSchemas.certificates_v1_lookup.count
            + ProtoJSONSchemas.common_v1_common.count + ProtoJSONSchemas.classes_v1_classes.count
            + ProtoJSONSchemas.assessment_v1_assessment.count + ProtoJSONSchemas.certificates_v1_certificates.count)
        for (name, text) in all {
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(name)")
            for reference in references(in: schema) {
                let prefix = "#/components/schemas/"
                #expect(reference.hasPrefix(prefix) && all[String(reference.dropFirst(prefix.count))] != nil,
                        "\(name) → \(reference)")
            }
        }
        #expect(all[Identity_V1_LoginRequest.protoName] != nil)
        #expect(all[Identity_V1_OrgKind.protoName]?.contains(#""ORG_KIND_CITY_AUTHORITY""#) == true)
    }

    @Test("GW-1: a message's schema lists exactly the keys its JSON can hold")
    func schemaMatchesEncoding() throws {
        let text = try #require(ProtoJSONSchemas.all[Testing_V1_AllKinds.protoName])
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let encoded = Set(try jsonObject(RoundTripTests.full).keys)
        #expect(Set(properties.keys) == encoded.union(["choiceText", "choiceNumber"]))
        // Every field also takes null, read as its default (proto3 JSON); a reference says so in allOf.
        let i64 = try #require(properties["i64"] as? [String: Any])
        #expect(i64["type"] as? String == "integer" && i64["format"] as? String == "int64" && i64["nullable"] as? Bool == true)
        let blob = try #require(properties["blob"] as? [String: Any])
        #expect(blob["type"] as? String == "string" && blob["format"] as? String == "byte" && blob["nullable"] as? Bool == true)
        let point = try #require(properties["point"] as? [String: Any])
        #expect(point["nullable"] as? Bool == true && (point["allOf"] as? [[String: String]])?.first?["$ref"] != nil)
    }

    // MARK: Helpers

    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    private func jsonObject(_ value: some Encodable) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    private func path(_ error: DecodingError) -> [String] {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
             .dataCorrupted(let context): context
        @unknown default: nil
        }
        return context?.codingPath.map(\.stringValue) ?? []
    }

    private func isDataCorrupted(_ error: DecodingError) -> Bool {
        if case .dataCorrupted = error { return true }
        return false
    }

    /// Every `$ref` value anywhere in a parsed schema.
    private func references(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return (object["$ref"] as? String).map { [$0] } ?? object.values.flatMap(references(in:))
        }
        return (value as? [Any])?.flatMap(references(in:)) ?? []
    }
}
