/// The parts of protoc's descriptors (google/protobuf/descriptor.proto) the generator uses,
/// read with the field numbers that file defines.

struct FileDescriptor {
    var name = ""
    var package = ""
    var messages: [MessageDescriptor] = []
    var enums: [EnumDescriptor] = []
    var services: [ServiceDescriptor] = []

    init(_ bytes: ArraySlice<UInt8>) throws {
        try WireReader.forEachField(in: bytes) { number, value in
            switch number {
            case 1: name = value.string
            case 2: package = value.string
            case 4: messages.append(try MessageDescriptor(value.slice))
            case 5: enums.append(try EnumDescriptor(value.slice))
            case 6: services.append(try ServiceDescriptor(value.slice))
            default: break
            }
        }
    }
}

struct MessageDescriptor {
    var name = ""
    var fields: [FieldDescriptor] = []
    var nested: [MessageDescriptor] = []
    var enums: [EnumDescriptor] = []
    var oneofNames: [String] = []
    var isMapEntry = false

    init(_ bytes: ArraySlice<UInt8>) throws {
        try WireReader.forEachField(in: bytes) { number, value in
            switch number {
            case 1: name = value.string
            case 2: fields.append(try FieldDescriptor(value.slice))
            case 3: nested.append(try MessageDescriptor(value.slice))
            case 4: enums.append(try EnumDescriptor(value.slice))
            case 7:
                try WireReader.forEachField(in: value.slice) { option, optionValue in
                    if option == 7 { isMapEntry = optionValue.int != 0 }
                }
            case 8:
                try WireReader.forEachField(in: value.slice) { field, fieldValue in
                    if field == 1 { oneofNames.append(fieldValue.string) }
                }
            default: break
            }
        }
    }
}

extension MessageDescriptor {
    struct OneofGroup {
        var name: String
        var fields: [FieldDescriptor]
        /// A one-field oneof is how we write proto3 `optional` (protoc-c 1.4 lacks it): Swift `T?`.
        var single: FieldDescriptor? { fields.count == 1 ? fields[0] : nil }
    }

    /// The fields outside any oneof, in declaration order.
    var plainFields: [FieldDescriptor] { fields.filter { $0.oneofIndex == nil } }

    /// The oneofs with their fields, in declaration order.
    var oneofGroups: [OneofGroup] {
        oneofNames.enumerated().map { index, name in
            OneofGroup(name: name, fields: fields.filter { $0.oneofIndex == index })
        }
    }
}

struct FieldDescriptor {
    enum Label: Int { case optional = 1, required = 2, repeated = 3 }

    var name = ""
    /// protoc's lowerCamelCase `json_name` ("page_size" → "pageSize"), the field's JSON key.
    var jsonName = ""
    var number = 0
    var label = Label.optional
    var type = 0
    var typeName = ""
    var oneofIndex: Int?
    var isProto3Optional = false

    init(_ bytes: ArraySlice<UInt8>) throws {
        try WireReader.forEachField(in: bytes) { number, value in
            switch number {
            case 1: name = value.string
            case 3: self.number = value.int
            case 4: label = Label(rawValue: value.int) ?? .optional
            case 5: type = value.int
            case 6: typeName = value.string
            case 9: oneofIndex = value.int
            case 10: jsonName = value.string
            case 17: isProto3Optional = value.int != 0
            default: break
            }
        }
    }
}

struct EnumDescriptor {
    var name = ""
    var values: [(name: String, number: Int32)] = []

    init(_ bytes: ArraySlice<UInt8>) throws {
        try WireReader.forEachField(in: bytes) { number, value in
            switch number {
            case 1: name = value.string
            case 2:
                var valueName = ""
                var valueNumber: Int32 = 0
                try WireReader.forEachField(in: value.slice) { field, fieldValue in
                    if field == 1 { valueName = fieldValue.string }
                    if field == 2 { valueNumber = Int32(truncatingIfNeeded: fieldValue.int) }
                }
                values.append((valueName, valueNumber))
            default: break
            }
        }
    }
}

struct ServiceDescriptor {
    struct Method {
        var name = ""
        var inputType = ""
        var outputType = ""
        /// MethodOptions.idempotency_level: NO_SIDE_EFFECTS (1) or IDEMPOTENT (2).
        var idempotent = false
        var streaming = false
    }

    var name = ""
    var methods: [Method] = []

    init(_ bytes: ArraySlice<UInt8>) throws {
        try WireReader.forEachField(in: bytes) { number, value in
            switch number {
            case 1: name = value.string
            case 2:
                var method = Method()
                try WireReader.forEachField(in: value.slice) { field, fieldValue in
                    switch field {
                    case 1: method.name = fieldValue.string
                    case 2: method.inputType = fieldValue.string
                    case 3: method.outputType = fieldValue.string
                    case 4:
                        try WireReader.forEachField(in: fieldValue.slice) { option, optionValue in
                            if option == 34 { method.idempotent = optionValue.int == 1 || optionValue.int == 2 }
                        }
                    case 5, 6: method.streaming = method.streaming || fieldValue.int != 0
                    default: break
                    }
                }
                methods.append(method)
            default: break
            }
        }
    }
}

/// protoc's CodeGeneratorRequest: the files to generate and every file they import.
struct CodeGeneratorRequest {
    var filesToGenerate: [String] = []
    var parameter = ""
    var files: [FileDescriptor] = []

    init(_ bytes: [UInt8]) throws {
        try WireReader.forEachField(in: bytes[...]) { number, value in
            switch number {
            case 1: filesToGenerate.append(value.string)
            case 2: parameter = value.string
            case 15: files.append(try FileDescriptor(value.slice))
            default: break
            }
        }
    }
}

/// protoc's CodeGeneratorResponse, written by hand: field 1 error, field 15 repeated File{1 name, 15 content}.
enum CodeGeneratorResponse {
    static func encode(files: [(name: String, content: String)], error: String?) -> [UInt8] {
        var out: [UInt8] = []
        if let error { appendLengthDelimited(1, Array(error.utf8), to: &out) }
        for file in files {
            var entry: [UInt8] = []
            appendLengthDelimited(1, Array(file.name.utf8), to: &entry)
            appendLengthDelimited(15, Array(file.content.utf8), to: &entry)
            appendLengthDelimited(15, entry, to: &out)
        }
        return out
    }

    private static func appendLengthDelimited(_ field: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
        appendVarint(UInt64(field << 3 | 2), to: &out)
        appendVarint(UInt64(bytes.count), to: &out)
        out += bytes
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}
