/// Uploaded images are recognised by their first bytes, never by a declared type or file name
/// (ID-10, EN-3, CE-5).
public enum ImageKind: String, Sendable {
    case jpeg, png

    public init?(magic bytes: [UInt8]) {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            self = .jpeg
        } else if bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }
}
