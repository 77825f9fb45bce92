import CommonRules

/// The kinds of file a student uploads, each with the types it accepts.
public enum UploadPurpose: String, Sendable, CaseIterable {
    case idFront = "id_front", idBack = "id_back", education, photo

    public var allowedTypes: Set<FileType> {
        self == .education ? [.jpeg, .png, .pdf] : [.jpeg, .png]
    }

    /// Checks content against the purpose and the size limit of its type (`limit`, bytes). Content
    /// larger than every allowed type's limit is refused as too large before its type is looked at.
    /// - Returns: the detected type.
    public func check(_ content: [UInt8], limit: (FileType) -> Int) throws(UploadError) -> FileType {
        guard !content.isEmpty else { throw .empty }
        let largest = allowedTypes.map(limit).max() ?? 0
        guard content.count <= largest else { throw .tooLarge(maximumBytes: largest) }
        guard let type = FileType(magic: content), allowedTypes.contains(type) else {
            throw .wrongType(allowed: allowedTypes)
        }
        guard content.count <= limit(type) else { throw .tooLarge(maximumBytes: limit(type)) }
        return type
    }
}

public enum UploadError: Error, Equatable, Sendable {
    case empty
    case tooLarge(maximumBytes: Int)
    case wrongType(allowed: Set<FileType>)
}
