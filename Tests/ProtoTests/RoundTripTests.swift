import Foundation
import Proto
import RPCTestSupport
import Testing

/// Every proto3 field kind the services use survives Swift → protobuf-c → bytes → protobuf-c → Swift.
@Suite("Generated messages")
struct RoundTripTests {
    static var full: Testing_V1_AllKinds { .with {
        $0.text = "住房和城乡建设厅 — ✓"
        $0.blob = [0, 1, 2, 255, 0]
        $0.flag = true
        $0.i32 = -42
        $0.i64 = Int64.min
        $0.u32 = UInt32.max
        $0.u64 = UInt64.max
        $0.color = .green
        $0.point = .with { $0.x = 1; $0.y = -1; $0.label = "合肥" }
        $0.texts = ["安全员", "", "施工员（土建）"]
        $0.numbers = [0, -1, Int64.max]
        $0.points = [.with { $0.x = 3 }, Testing_V1_Point(), .with { $0.label = "六安" }]
        $0.blobs = [[], [9], [UInt8](repeating: 0xAB, count: 1000)]
        $0.maybeCount = 7
        $0.maybeNote = "备注"
        $0.labels = ["省": "安徽", "city": "合肥", "": "empty key"]
        $0.choice = .choicePoint(.with { $0.x = 99; $0.label = "选择" })
        $0.nested = .with { $0.note = "嵌套"; $0.points = [.with { $0.y = 5 }] }
        $0.colors = [.red, .unspecified, .green]
    } }

    @Test("every field kind round-trips, Chinese text included")
    func everyKind() throws {
        let bytes = Self.full.serializedBytes()
        #expect(bytes.count > 1000)
        #expect(try Testing_V1_AllKinds(protobuf: bytes) == Self.full)
    }

    @Test("an empty message encodes to no bytes and decodes to defaults")
    func empty() throws {
        #expect(Testing_V1_AllKinds().serializedBytes() == [])
        let decoded = try Testing_V1_AllKinds(protobuf: [UInt8]())
        #expect(decoded == Testing_V1_AllKinds())
        #expect(decoded.point == nil)
        #expect(decoded.maybeCount == nil)
        #expect(decoded.choice == nil)
        #expect(decoded.color == .unspecified)
    }

    @Test("optional fields tell absent from present-but-zero")
    func optionalPresence() throws {
        let zero = Testing_V1_AllKinds.with { $0.maybeCount = 0; $0.maybeNote = "" }
        let decoded = try Testing_V1_AllKinds(protobuf: zero.serializedBytes())
        #expect(decoded.maybeCount == 0)
        #expect(decoded.maybeNote == "")
        #expect(try Testing_V1_AllKinds(protobuf: Testing_V1_AllKinds().serializedBytes()).maybeCount == nil)
    }

    @Test("each oneof member round-trips", arguments: [
        Testing_V1_AllKinds.Choice.choiceText("文本"), .choiceText(""), .choiceNumber(-5), .choicePoint(Testing_V1_Point()),
    ])
    func oneofMembers(choice: Testing_V1_AllKinds.Choice) throws {
        let message = Testing_V1_AllKinds.with { $0.choice = choice }
        #expect(try Testing_V1_AllKinds(protobuf: message.serializedBytes()).choice == choice)
    }

    @Test("enum values this build does not know survive as unrecognized")
    func unknownEnum() throws {
        let message = Testing_V1_AllKinds.with { $0.color = .unrecognized(77); $0.colors = [.unrecognized(5)] }
        let decoded = try Testing_V1_AllKinds(protobuf: message.serializedBytes())
        #expect(decoded.color == .unrecognized(77))
        #expect(decoded.colors == [.unrecognized(5)])
    }

    @Test("bytes that are not protobuf are refused with ProtoDecodingError", arguments: [
        [0xFF, 0xFF, 0xFF], [0x0A, 0x10, 0x41], [0x08], [0x52, 0x05, 0x08],
    ] as [[UInt8]])
    func garbage(bytes: [UInt8]) {
        #expect(throws: ProtoDecodingError.self) { try Testing_V1_AllKinds(protobuf: bytes) }
    }

    @Test("bytes from Google's protoc decode to the same values (wire compatibility)")
    func protocCompatibility() throws {
        let text = """
            text: "安全员" flag: true i32: -3 u64: 18446744073709551615 color: COLOR_RED
            point { x: 4 label: "标签" } texts: "a" texts: "b" numbers: 1 numbers: -2
            maybe_count: 0 labels { key: "k" value: "值" } choice_number: 12 colors: COLOR_GREEN
            """
        let expected = Testing_V1_AllKinds.with {
            $0.text = "安全员"; $0.flag = true; $0.i32 = -3; $0.u64 = UInt64.max; $0.color = .red
            $0.point = .with { $0.x = 4; $0.label = "标签" }; $0.texts = ["a", "b"]; $0.numbers = [1, -2]
            $0.maybeCount = 0; $0.labels = ["k": "值"]; $0.choice = .choiceNumber(12); $0.colors = [.green]
        }
        let encoded = try protoc(["--encode=testing.v1.AllKinds"], input: Array(text.utf8))
        #expect(try Testing_V1_AllKinds(protobuf: encoded) == expected)
        let decoded = try protoc(["--decode=testing.v1.AllKinds"], input: expected.serializedBytes())
        #expect(String(decoding: decoded, as: UTF8.self).contains("choice_number: 12"))
    }

    /// Runs Google's protoc with files, not pipes, through `Subprocess` (see its note).
    private func protoc(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let root = URL(fileURLWithPath: DevCertificates.repositoryRoot())
        let base = Subprocess.temporaryDirectory + "protoc-\(UUID().uuidString)"
        try Data(input).write(to: URL(fileURLWithPath: base + ".in"))
        defer { try? FileManager.default.removeItem(atPath: base + ".in"); try? FileManager.default.removeItem(atPath: base + ".out") }
        let command = "protoc -I '\(root.appendingPathComponent("proto").path)' \(arguments.joined(separator: " ")) "
            + "testing/v1/testing.proto < '\(base).in' > '\(base).out'"
        try #require(Subprocess.run(["/bin/sh", "-c", command]) == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: base + ".out")))
    }
}

@Suite("Identity contract messages")
struct IdentityMessageTests {
    @Test("a login answer with a session and caller round-trips")
    func loginResponse() throws {
        let response = Identity_V1_LoginResponse.with {
            $0.outcome = .session(.with {
                $0.token = "t0k3n"
                $0.expiresAtUnix = 1_800_000_000
                $0.caller = .with {
                    $0.userID = 7; $0.orgID = 3; $0.name = "张三"
                    $0.roles = ["机构管理员"]; $0.permissions = ["enrollment.review", "certificate.business.apply"]
                }
            })
        }
        #expect(try Identity_V1_LoginResponse(protobuf: response.serializedBytes()) == response)
    }

    @Test("an update that sets an optional flag to false keeps it present")
    func optionalFalse() throws {
        let update = Identity_V1_UpdateUserRequest.with { $0.userID = 5; $0.disabled = false }
        let decoded = try Identity_V1_UpdateUserRequest(protobuf: update.serializedBytes())
        #expect(decoded.disabled == false)
        #expect(decoded.name == nil)
    }
}
