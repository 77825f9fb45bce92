#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A generated message or enum with a JSON form (`Codable`) and an OpenAPI schema
/// (docs/PROTOCOL.md, "JSON mapping").
public protocol ProtoJSONDescribed {
    /// The full proto name, e.g. "identity.v1.LoginRequest": the type's key in
    /// `ProtoJSONSchemas.all`, and so its name under `#/components/schemas/`.
    static var protoName: String { get }
}

/// A generated enum's JSON form: its value name, or its number when this build does not know it.
public protocol ProtoJSONEnum: ProtoJSONDescribed, Codable {
    init(rawValue: Int32)
    var rawValue: Int32 { get }
    /// The proto value name, e.g. "ORG_KIND_CITY_AUTHORITY"; nil for `.unrecognized`.
    var protoValueName: String? { get }
    /// The value with this proto name; nil for a name this build does not know.
    init?(protoValueName: String)
}

extension ProtoJSONEnum {
    /// Reads a value name or a number (the generated `init(from:)`).
    /// - Throws: `DecodingError.dataCorrupted` for an unknown name, `typeMismatch` for other JSON.
    public init(protoJSONFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let name = try? container.decode(String.self) else {
            self.init(rawValue: try ProtoJSON.decodeNumber(Int32.self, from: container))
            return
        }
        guard let value = Self(protoValueName: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown \(Self.protoName) value \"\(name)\"")
        }
        self = value
    }

    /// Writes the value name, or the number for `.unrecognized` (the generated `encode(to:)`).
    public func encodeProtoJSON(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let name = protoValueName { try container.encode(name) } else { try container.encode(rawValue) }
    }
}

/// The JSON forms of field kinds that `Codable` does not give as the mapping wants, and other
/// helpers of the generated `init(from:)` / `encode(to:)`.
public enum ProtoJSON {
    /// An integer field: a JSON number on output (64-bit ones too: ids stay below 2^53), a number
    /// or a decimal string on input.
    public struct Integer<Value: FixedWidthInteger & Codable & Sendable>: Codable, Sendable {
        public var value: Value

        public init(_ value: Value) { self.value = value }

        /// - Throws: `DecodingError` for a string that is not a decimal `Value`, a number out of
        ///   range or with a fraction, or other JSON.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            guard let text = try? container.decode(String.self) else {
                value = try ProtoJSON.decodeNumber(Value.self, from: container)
                return
            }
            guard let value = Value(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal \(Value.self)")
            }
            self.value = value
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    /// A `bytes` field: a standard base64 string, with padding.
    public struct Bytes: Codable, Sendable {
        public var value: [UInt8]

        public init(_ value: [UInt8]) { self.value = value }

        /// - Throws: `DecodingError.dataCorrupted` for a string that is not base64.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            guard let data = Data(base64Encoded: try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid base64")
            }
            value = Array(data)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(Data(value).base64EncodedString())
        }
    }

    /// `container.decode(type)`, but a number out of range or with a fraction is a
    /// `DecodingError` at the container's coding path. (`JSONDecoder` throws its internal
    /// `JSONError` here and reports it as invalid JSON with an empty path:
    /// swiftlang/swift-foundation#1604.)
    static func decodeNumber<Number: FixedWidthInteger & Decodable>(
        _ type: Number.Type, from container: any SingleValueDecodingContainer
    ) throws -> Number {
        do {
            return try container.decode(type)
        } catch let error as DecodingError {
            throw error
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a \(Number.self)")
        }
    }

    /// Sets a oneof from its member at `key`.
    /// - Throws: `DecodingError.dataCorrupted` at `key` when another member is already set.
    public static func setOneof<Value, Key>(
        _ oneof: inout Value?, to value: Value, forKey key: Key, in container: KeyedDecodingContainer<Key>
    ) throws {
        guard oneof == nil else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "more than one member of a oneof is set")
        }
        oneof = value
    }
}

/// OpenAPI 3.0 Schema Objects of the generated messages and enums, as JSON text keyed by proto
/// name: one dictionary per .proto file (`identity_v1_identity`, …) and `all`, their union,
/// ready to serve as an OpenAPI document's `components.schemas`.
public enum ProtoJSONSchemas {}
