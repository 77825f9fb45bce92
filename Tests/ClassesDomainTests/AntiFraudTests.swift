import ClassesDomain
import Foundation
import Imaging
import OpenSSLCrypto
import Testing

@Suite("B-2: rotating venue code, photo hashes, the checks together")
struct AntiFraudTests {
    let code = VenueCode(secret: Array("class-secret-of-test".utf8), classID: 7, lessonID: 42) { Crypto.hmacSHA256(key: $0, message: $1) }
    let t: Int64 = 1_800_000_015   // 15 s into a step

    @Test("accepted for the current and the previous step only")
    func steps() {
        let current = code.code(at: t)
        #expect(current.count == 8 && current.allSatisfy(\.isNumber))
        #expect(code.accepts(current, at: t))
        #expect(code.accepts(code.code(at: t - 30), at: t), "the previous step")
        #expect(!code.accepts(code.code(at: t - 60), at: t), "two steps back")
        #expect(!code.accepts(code.code(at: t + 30), at: t), "the next step")
        #expect(code.accepts(current, at: t + 44) && !code.accepts(current, at: t + 45), "good until the end of the next step")
        let other = VenueCode(secret: Array("class-secret-of-test".utf8), classID: 7, lessonID: 43) { Crypto.hmacSHA256(key: $0, message: $1) }
        #expect(!other.accepts(current, at: t), "another lesson's code")
        #expect(!code.accepts("", at: t) && !code.accepts(current + "0", at: t))
        #expect(VenueCode.step(at: 59) == 1 && VenueCode.step(at: 60) == 2 && VenueCode.step(at: -1) == -1)
    }

    /// A photo-like grayscale picture from a seed: smooth shading and shapes, a little noise.
    static func picture(seed: UInt64, width: Int = 480, height: Int = 640) -> GrayImage {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let fx = Double(next() % 8 + 1) / 200, fy = Double(next() % 8 + 1) / 200, phase = Double(next() % 628) / 100
        let circles = (0..<5).map { _ in (Double(next() % UInt64(width)), Double(next() % UInt64(height)), Double(next() % 120 + 30), Double(next() % 256)) }
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let wave: Double = sin(Double(x) * fx + phase) * cos(Double(y) * fy)
                var value: Double = 128 + 90 * wave
                for (cx, cy, r, shade) in circles {
                    let dx: Double = Double(x) - cx, dy: Double = Double(y) - cy
                    if dx * dx + dy * dy < r * r { value = shade }
                }
                value += Double(next() % 9) - 4
                pixels[y * width + x] = UInt8(max(0, min(255, value)))
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    /// The image at half its size (2×2 averages), as a phone's resize would give it.
    static func halved(_ image: GrayImage) -> GrayImage {
        let width = image.width / 2, height = image.height / 2
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let a = Int(image.pixels[2 * y * image.width + 2 * x]) + Int(image.pixels[2 * y * image.width + 2 * x + 1])
                let b = Int(image.pixels[(2 * y + 1) * image.width + 2 * x]) + Int(image.pixels[(2 * y + 1) * image.width + 2 * x + 1])
                pixels[y * width + x] = UInt8((a + b) / 4)
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }

    @Test("perceptual-hash distance: small for a re-encoded, resized photo; large for a different one")
    func perceptualHash() throws {
        let original = Self.picture(seed: 1)
        let first = try GrayImage(jpeg: original.jpeg(quality: 92))
        let reencoded = try GrayImage(jpeg: first.jpeg(quality: 55))
        let smaller = Self.halved(original)
        let other = try GrayImage(jpeg: Self.picture(seed: 2).jpeg(quality: 92))
        let hash = PerceptualHash.of(first)
        #expect(PerceptualHash.distance(hash, PerceptualHash.of(reencoded)) <= 6)
        #expect(PerceptualHash.distance(hash, PerceptualHash.of(try GrayImage(jpeg: smaller.jpeg(quality: 80)))) <= 6)
        #expect(PerceptualHash.distance(hash, PerceptualHash.of(other)) >= 20)
        #expect(PhotoMatch.reused(hash, among: [PerceptualHash.of(other), PerceptualHash.of(reencoded)], maximumBits: 6))
        #expect(!PhotoMatch.reused(hash, among: [PerceptualHash.of(other)], maximumBits: 6))
    }

    @Test("a file that is not a JPEG, or a cut one, throws instead of crashing")
    func corrupt() throws {
        #expect(throws: GrayImage.NotAJPEG.self) { try GrayImage(jpeg: Array("not a picture".utf8)) }
        let jpeg = Self.picture(seed: 3, width: 64, height: 64).jpeg(quality: 80)
        #expect(throws: GrayImage.NotAJPEG.self) { try GrayImage(jpeg: Array(jpeg.prefix(20))) }
        #expect(throws: GrayImage.NotAJPEG.self) { try GrayImage(jpeg: []) }
        // Decoded small: a 640-pixel photo is read at 1/8 when that keeps 64 pixels a side.
        let decoded = try GrayImage(jpeg: Self.picture(seed: 4).jpeg(quality: 80))
        #expect(decoded.width == 60 || decoded.width == 120, "\(decoded.width)")
    }

    @Test("each failed check gives its flag; none switched on gives none")
    func checks() {
        let fence = Geofence(center: GeoPoint(latitude: 31.82, longitude: 117.22), radiusMeters: 200)
        let inside = GeoPoint(latitude: 31.8201, longitude: 117.22), outside = GeoPoint(latitude: 31.83, longitude: 117.22)
        func facts(code: Bool = true, at position: GeoPoint? = inside, photo: UInt64? = 0xF0F0, others: [UInt64] = [0x0F0F_0F0F_0F0F],
                   previous: (GeoPoint, Int64)? = nil, shared: Bool = false, own: Bool = true) -> SignInFacts {
            SignInFacts(codeAccepted: code, position: position, fence: fence, photoHash: photo, otherPhotoHashes: others,
                        previous: previous.map { (position: $0.0, at: $0.1) }, now: 1000, deviceUsedByOthers: shared, deviceIsStudents: own)
        }
        let on = CheckSwitches()
        #expect(facts().flags(on, maximumKmh: 300, photoMatchBits: 6).isEmpty)
        #expect(facts(code: false).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.staleCode])
        #expect(facts(at: outside).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.outsideFence])
        #expect(facts(at: nil).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.noLocation])
        #expect(facts(photo: nil).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.noPhoto])
        #expect(facts(others: [0xF0F1]).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.photoReused])
        #expect(facts(previous: (GeoPoint(latitude: 31.73, longitude: 116.51), 400)).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.impossibleTravel])
        #expect(facts(shared: true).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.sharedDevice])
        #expect(facts(own: false).flags(on, maximumKmh: 300, photoMatchBits: 6) == [.otherDevice])
        let off = CheckSwitches(venueCode: false, geofence: false, photo: false, device: false, travel: false)
        #expect(facts(code: false, at: outside, photo: nil, shared: true).flags(off, maximumKmh: 300, photoMatchBits: 6).isEmpty)
        #expect(SignInFlag.allCases.allSatisfy { !$0.label.isEmpty })
    }
}
