import Foundation

/// B-2: a 64-bit perceptual hash of a photo (the DCT "pHash"): the image averaged down to
/// 32×32, its 2-D DCT-II, the 8×8 lowest frequencies without the DC term (63 values, plus the
/// DC term's place set to 0), and one bit per coefficient: above their median or not. A photo
/// re-encoded, resized or slightly brightened keeps almost every bit; a different photo differs
/// in about half. Compare with `distance` (the number of differing bits).
public enum PerceptualHash {
    static let size = 32
    static let kept = 8

    public static func of(_ image: GrayImage) -> UInt64 {
        let small = shrink(image)
        var coefficients: [Double] = []
        coefficients.reserveCapacity(kept * kept)
        for u in 0..<kept {
            for v in 0..<kept {
                var sum = 0.0
                for y in 0..<size {
                    var row = 0.0
                    for x in 0..<size { row += small[y * size + x] * cosines[v * size + x] }
                    sum += row * cosines[u * size + y]
                }
                coefficients.append(sum)
            }
        }
        let ac = Array(coefficients.dropFirst())
        let median = ac.sorted()[ac.count / 2]
        var hash: UInt64 = 0
        for (index, value) in ac.enumerated() where value > median { hash |= 1 << UInt64(index + 1) }
        return hash
    }

    /// The number of bits in which two hashes differ.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// cos((2x + 1) u π / 64) for u < 8, x < 32.
    static let cosines: [Double] = {
        var table: [Double] = []
        for u in 0..<kept {
            for x in 0..<size {
                let angle = Double(2 * x + 1) * Double(u) * Double.pi / Double(2 * size)
                table.append(cos(angle))
            }
        }
        return table
    }()

    /// Area average down to 32×32 (each output pixel the mean of the input pixels it covers).
    static func shrink(_ image: GrayImage) -> [Double] {
        var out = [Double](repeating: 0, count: size * size)
        for oy in 0..<size {
            let y0 = oy * image.height / size, y1 = max(y0 + 1, (oy + 1) * image.height / size)
            for ox in 0..<size {
                let x0 = ox * image.width / size, x1 = max(x0 + 1, (ox + 1) * image.width / size)
                var sum = 0
                for y in y0..<min(y1, image.height) {
                    let row = y * image.width
                    for x in x0..<min(x1, image.width) { sum += Int(image.pixels[row + x]) }
                }
                out[oy * size + ox] = Double(sum) / Double(max(1, (min(y1, image.height) - y0) * (min(x1, image.width) - x0)))
            }
        }
        return out
    }
}
