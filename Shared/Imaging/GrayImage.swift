import CJPEGGray

/// An 8-bit grayscale image, row by row.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "pixels must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public struct NotAJPEG: Error, Equatable {}

    /// Decodes a JPEG to grayscale with libjpeg, shrunk (by libjpeg's DCT scaling, 1/2 … 1/8)
    /// as far as keeps both sides at least `minimumSide`: a perceptual hash needs 32×32.
    /// - Throws: `NotAJPEG` for anything libjpeg cannot read.
    public init(jpeg: [UInt8], minimumSide: Int = 64) throws(NotAJPEG) {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0, height: UInt32 = 0
        let result = jpeg.withUnsafeBufferPointer { buffer in
            jpeg_gray_decode(buffer.baseAddress, buffer.count, UInt32(minimumSide), &pixels, &width, &height)
        }
        guard result == 0, let pixels, width > 0, height > 0 else { throw NotAJPEG() }
        defer { jpeg_gray_free(pixels) }
        self.init(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: pixels, count: Int(width) * Int(height))))
    }

    /// The image as a JPEG of `quality` (tests and fixtures).
    public func jpeg(quality: Int) -> [UInt8] {
        JPEG.encode(pixels, width: width, height: height, components: 1, quality: quality)
    }
}

/// JPEG encoding through libjpeg.
public enum JPEG {
    /// Grayscale (`components` 1) or RGB (3) pixels as a baseline JPEG.
    public static func encode(_ pixels: [UInt8], width: Int, height: Int, components: Int, quality: Int) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let result = pixels.withUnsafeBufferPointer { buffer in
            jpeg_gray_encode(buffer.baseAddress, UInt32(width), UInt32(height), Int32(components), Int32(quality), &out, &size)
        }
        guard result == 0, let out else { return [] }
        defer { jpeg_gray_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}
