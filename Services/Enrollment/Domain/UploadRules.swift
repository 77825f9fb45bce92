/// EN-3 and EN-6: what may be uploaded. The type comes from the first bytes of the content,
/// never from a declared type or file name.
public enum FileType: String, Sendable {
    case jpeg, png, pdf

    public init?(magic bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            self = .png
        } else if head.starts(with: Array("%PDF-".utf8)) {
            self = .pdf
        } else {
            return nil
        }
    }

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }
}

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
