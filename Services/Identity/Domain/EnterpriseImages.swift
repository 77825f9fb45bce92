import CommonRules

/// ID-10: the images an enterprise registers with: its business licence (营业执照) and the pages
/// of its qualification certificate (企业资质证书), which the city authority compares with the
/// application (seed 004). All travel in one registration request, so together they must fit
/// the gateway's 4 MiB JSON body in base64 (4/3 larger) with room for the other fields.
public struct EnterpriseImages: Sendable {
    /// Largest single image (licence or qualification page).
    public static let maximumImageBytes = 2 * 1024 * 1024
    /// Qualification pages: at least one (the review compares it), at most this many.
    public static let maximumQualificationImages = 5
    /// All images of one registration together (2.5 MiB: ≈ 3.4 MiB in base64).
    public static let maximumTotalBytes = 5 * 512 * 1024

    public enum Problem: Error, Hashable, Sendable {
        case licenceInvalid
        case qualificationMissing
        case tooManyQualifications(maximum: Int)
        /// The page at this position (0-based) is not a JPG/PNG of at most `maximumImageBytes`.
        case qualificationInvalid(index: Int)
        case totalTooLarge(maximumBytes: Int)
    }

    /// Checks the images of a registration by their bytes (type from the magic bytes).
    public static func check(licence: [UInt8], qualifications: [[UInt8]]) throws(Problem) {
        func valid(_ image: [UInt8]) -> Bool { image.count <= maximumImageBytes && FileType(magic: image)?.isImage == true }
        guard valid(licence) else { throw .licenceInvalid }
        guard !qualifications.isEmpty else { throw .qualificationMissing }
        guard qualifications.count <= maximumQualificationImages else {
            throw .tooManyQualifications(maximum: maximumQualificationImages)
        }
        if let index = qualifications.firstIndex(where: { !valid($0) }) { throw .qualificationInvalid(index: index) }
        guard licence.count + qualifications.reduce(0, { $0 + $1.count }) <= maximumTotalBytes else {
            throw .totalTooLarge(maximumBytes: maximumTotalBytes)
        }
    }
}
