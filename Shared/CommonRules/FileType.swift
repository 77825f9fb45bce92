/// An uploaded file's type, recognised by its first bytes (magic numbers), never by a declared
/// type or file name (ID-10, EN-3, CE-5).
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

    /// Whether it is a picture (licences, qualification images, photos accept only these).
    public var isImage: Bool { self != .pdf }

    /// The media type it is served with.
    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .pdf: "application/pdf"
        }
    }
}
