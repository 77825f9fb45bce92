/// How proto fields become Swift properties: shared by the message and JSON emitters.
extension TypeIndex {
    /// The map-entry message behind a `map<K, V>` field; nil for other fields.
    func mapEntry(_ field: FieldDescriptor) -> MessageDescriptor? {
        guard field.label == .repeated, field.type == 11, let message = self[field.typeName].message,
              message.isMapEntry else { return nil }
        return message
    }

    /// The Swift type of one element of `field` (of one value, for a repeated field).
    func elementSwiftType(_ field: FieldDescriptor) -> String {
        switch field.type {
        case 1: "Double"
        case 2: "Float"
        case 3, 16, 18: "Int64"
        case 4, 6: "UInt64"
        case 5, 15, 17: "Int32"
        case 7, 13: "UInt32"
        case 8: "Bool"
        case 9: "String"
        case 12: "[UInt8]"
        case 11, 14: self[field.typeName].swiftName
        default: fatalError("unsupported field type \(field.type) for \(field.name)")
        }
    }

    /// The Swift type of a plain (non-oneof) field's property.
    func swiftType(_ field: FieldDescriptor) -> String {
        if let entry = mapEntry(field) {
            return "[\(elementSwiftType(entry.fields[0])): \(elementSwiftType(entry.fields[1]))]"
        }
        if field.label == .repeated { return "[\(elementSwiftType(field))]" }
        if field.type == 11 { return elementSwiftType(field) + "?" }
        return elementSwiftType(field)
    }

    /// The Swift expression for a plain field's default value.
    func defaultValue(_ field: FieldDescriptor) -> String {
        if mapEntry(field) != nil { return "[:]" }
        if field.label == .repeated { return "[]" }
        switch field.type {
        case 8: return "false"
        case 9: return "\"\""
        case 12: return "[]"
        case 11: return "nil"
        case 14:
            let descriptor = self[field.typeName].enumDescriptor!
            return "." + Naming.enumCase(descriptor.values[0].name, enumName: descriptor.name)
        default: return "0"
        }
    }
}
