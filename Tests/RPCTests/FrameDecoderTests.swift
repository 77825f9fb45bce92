import NIOCore
import NIOEmbedded
import NIOTestUtils
import Proto
@testable import RPC
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    private func frame(_ body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test("frames split at every byte and many frames in one read decode the same")
    func splitsAndBatches() throws {
        let bodies: [[UInt8]] = [[], [1], Array("帧".utf8), [UInt8](repeating: 0xAA, count: 300)]
        let pairs = bodies.map { (frame($0), [ByteBuffer(bytes: $0)]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { FrameDecoder() }
    }

    @Test("a prefix over the limit is refused from the 4 header bytes alone",
          arguments: [UInt32(4 * 1024 * 1024 + 1), UInt32.max])
    func oversizedPrefix(prefix: UInt32) {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        buffer.writeInteger(prefix)
        #expect(throws: FrameDecoder.Failure.frameTooLarge(length: prefix, maximum: 4 * 1024 * 1024)) {
            _ = try decoder.nextFrame(&buffer)
        }
    }

    @Test("a frame of exactly the limit is accepted")
    func exactLimit() throws {
        var decoder = FrameDecoder(maximumFrameSize: 16)
        var buffer = frame([UInt8](repeating: 1, count: 16))
        #expect(try decoder.nextFrame(&buffer)?.readableBytes == 16)
    }

    @Test("an oversized prefix through the pipeline raises the error and buffers nothing")
    func pipelineRefusal() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder()))
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32.max)
        #expect(throws: FrameDecoder.Failure.self) { try channel.writeInbound(buffer) }
        _ = try? channel.finish()
    }
}

/// Seeded random bytes through the frame decoder and envelope parser: nothing may crash,
/// and every frame either decodes or is refused. The seed is printed so a failure can be replayed.
@Suite("Fuzz")
struct FuzzTests {
    /// SplitMix64: small, fast, reproducible.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random and mutated bytes never crash the decoder or the envelope parser")
    func fuzz() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("fuzz seed \(seed)")
        var random = SeededGenerator(state: seed)
        let valid = Rpc_V1_Envelope.with {
            $0.callID = 9
            $0.kind = .request(.with { $0.method = "a.B/C"; $0.metadata = ["k": "值"]; $0.payload = [1, 2, 3]; $0.timeoutUs = 5 })
        }.serializedBytes()
        let end = ContinuousClock.now + .seconds(3)
        var iterations = 0
        while ContinuousClock.now < end {
            iterations += 1
            var bytes: [UInt8]
            if Bool.random(using: &random) {
                bytes = (0..<Int.random(in: 0..<256, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] ^= UInt8.random(in: 1...255, using: &random)
                }
            }
            _ = try? Rpc_V1_Envelope(protobuf: bytes)
            var decoder = FrameDecoder(maximumFrameSize: 1024)
            var buffer = ByteBuffer(bytes: bytes)
            while let frame = try? decoder.nextFrame(&buffer) {
                _ = try? frame.withUnsafeReadableBytes { try Rpc_V1_Envelope(protobuf: $0) }
            }
        }
        #expect(iterations > 1000)
        print("fuzz iterations \(iterations)")
    }
}
