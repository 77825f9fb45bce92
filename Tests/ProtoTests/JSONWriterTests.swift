import Foundation
import Proto
import Testing

/// The generated `writeJSON(to:)` against the generated `Codable` path through `JSONEncoder`:
/// the same JSON, read back by the generated `Decodable` to the same message.
@Suite("JSON writer")
struct JSONWriterTests {
    /// Text that needs every kind of escape, and some that needs none.
    static let awkward = "quote \" backslash \\ slash / nul \u{0} bell \u{7} bs \u{8} tab \t nl \n ff \u{C} cr \r us \u{1F} del \u{7F} "
        + "住房和城乡建设厅 — ✓ é 👩‍👩‍👧 🇨🇳 \u{2028}\u{2029} \u{FEFF}end"

    static var everyKind: Testing_V1_AllKinds {
        var message = RoundTripTests.full
        message.text = awkward
        message.texts = [awkward, "", "\"", "\\", "\u{1}"]
        message.labels = [awkward: awkward, "\"key\"": "\\", "": "", "emoji 😀": "\n"]
        message.maybeNote = awkward
        message.nested = .with { $0.note = awkward; $0.points = [] }
        message.colors = [.red, .unrecognized(77), .unrecognized(-3), .green]
        message.color = .unrecognized(1_000_000)
        return message
    }

    static var me: Identity_V1_Me { .with {
        $0.user = .with {
            $0.id = 9_007_199_254_740_993; $0.orgID = 31; $0.username = "zhang.san"; $0.name = "张三 \"三哥\""
            $0.maskedPhone = "138****5678"; $0.roles = ["机构管理员", "审核员"]; $0.lastLoginUnix = 1_800_000_000
            $0.lastLoginIp = "10.0.0.1"; $0.createdAtUnix = -1; $0.superAdmin = true; $0.requireSmsSecondFactor = true
        }
        $0.organisation = .with {
            $0.id = Int64.max; $0.parentID = Int64.min; $0.kind = .cityAuthority; $0.name = "合肥市住房和城乡建设局"
            $0.code = "HF\\001"; $0.divisionCode = "340100"; $0.online = true; $0.postScope = ["安全员", "施工员"]
        }
        $0.maskedIDNumber = "3401**********1234"
        $0.realNameVerified = true
        $0.caller = .with {
            $0.userID = 9_007_199_254_740_993; $0.orgID = 31; $0.name = "张三"; $0.roles = ["机构管理员"]
            $0.permissions = Self.JSONWriterBenchmarkFixture.permissions
        }
    } }

    @Test("the writer's JSON is JSONEncoder's, and decodes back, for every field kind", arguments: [
        JSONWriterTests.everyKind, RoundTripTests.full, Testing_V1_AllKinds(),
        .with { $0.choice = .choiceText(JSONWriterTests.awkward) }, .with { $0.choice = .choiceNumber(Int64.min) },
        .with { $0.choice = .choiceNumber(-9_007_199_254_740_993) }, .with { $0.choice = .choicePoint(Testing_V1_Point()) },
        .with { $0.maybeCount = 0; $0.maybeNote = "" }, .with { $0.maybeCount = Int32.min },
        .with { $0.point = Testing_V1_Point(); $0.nested = Testing_V1_AllKinds.Nested() },
        .with { $0.blobs = [[], [0], [0, 1], [0, 1, 2], [255, 254, 253, 252]]; $0.blob = Array(0...255) },
        .with { $0.u64 = UInt64.max; $0.u32 = UInt32.max; $0.i32 = Int32.min; $0.i64 = Int64.max; $0.numbers = [Int64.min, 0, 9, 10, -10] },
    ] as [Testing_V1_AllKinds])
    func everyFieldKind(message: Testing_V1_AllKinds) throws {
        try expectSameJSON(message)
    }

    @Test("the writer's JSON is JSONEncoder's for identity, enrollment and envelope messages")
    func contractMessages() throws {
        try expectSameJSON(Self.me)
        try expectSameJSON(Identity_V1_Me.with { $0.student = true; $0.maskedIDNumber = Self.awkward })
        try expectSameJSON(Identity_V1_Me.with { $0.user = Identity_V1_User(); $0.caller = Identity_V1_Caller() })
        try expectSameJSON(Identity_V1_LoginResponse.with {
            $0.outcome = .session(.with { $0.token = "t0k3n"; $0.expiresAtUnix = 1_800_000_000; $0.caller = Self.me.caller })
        })
        try expectSameJSON(Identity_V1_LoginResponse.with { $0.outcome = .smsRequired(Identity_V1_SMSRequired()) })
        try expectSameJSON(Identity_V1_LoginResponse.with { $0.outcome = .smsRequired(.with { $0.maskedPhone = "138****5678"; $0.phoneBinding = true }) })
        try expectSameJSON(Identity_V1_UpdateUserRequest.with { $0.userID = 5; $0.disabled = false; $0.roleIds = [1, -2] })
        try expectSameJSON(Identity_V1_UpdateUserRequest.with { $0.name = ""; $0.requireSmsSecondFactor = true })
        try expectSameJSON(Rpc_V1_Request.with {
            $0.method = "identity.v1.Identity/GetMe"; $0.metadata = ["request-id": "r-1", "caller-roles": Self.awkward]
            $0.timeoutUs = UInt64.max; $0.payload = Array("payload".utf8)
        })
        try expectSameJSON(Enrollment_V1_Enrollment.with {
            $0.id = 1; $0.name = Self.awkward; $0.kind = .unrecognized(99); $0.state = .unrecognized(-1)
            $0.form = Enrollment_V1_EnrollmentForm(); $0.rejectReasons = ["照片不清晰", Self.awkward]
            $0.submittedAtUnix = Int64.min; $0.certificateVerified = true
        })
    }

    @Test("the writer's JSON is JSONEncoder's for every generated message at its defaults")
    func everyMessageAtDefaults() throws {
        let messages: [any Message] = [
        Certificates_V1_LookupCertificateRequest(),
        Certificates_V1_CertificateSummary(),
        Common_V1_PageRequest(),
        Common_V1_PageInfo(),
        Common_V1_Empty(),
        Common_V1_OperationLogEntry(),
        Common_V1_ListOperationLogRequest(),
        Common_V1_ListOperationLogResponse(),
        Enrollment_V1_Plan(),
        Enrollment_V1_SavePlanRequest(),
        Enrollment_V1_PlanActionRequest(),
        Enrollment_V1_PlanRequest(),
        Enrollment_V1_ListPlansRequest(),
        Enrollment_V1_ListPlansResponse(),
        Enrollment_V1_ListOpenPlansRequest(),
        Enrollment_V1_MarkClassApplicationRequest(),
        Enrollment_V1_MarkClassApplicationResponse(),
        Enrollment_V1_StudentOrganisationsRequest(),
        Enrollment_V1_StudentOrganisationsResponse(),
        Enrollment_V1_UploadRequest(),
        Enrollment_V1_UploadInfo(),
        Enrollment_V1_FileRequest(),
        Enrollment_V1_FileContent(),
        Enrollment_V1_EnrollmentForm(),
        Enrollment_V1_Enrollment(),
        Enrollment_V1_SubmitEnrollmentRequest(),
        Enrollment_V1_ResubmitEnrollmentRequest(),
        Enrollment_V1_EnrollmentRequest(),
        Enrollment_V1_ReviewEnrollmentRequest(),
        Enrollment_V1_RejectReason(),
        Enrollment_V1_RejectReasons(),
        Enrollment_V1_ListEnrollmentsRequest(),
        Enrollment_V1_ListEnrollmentsResponse(),
        Enrollment_V1_SearchPersonnelRequest(),
        Enrollment_V1_Profile(),
        Enrollment_V1_SetPhotoRequest(),
        Enrollment_V1_ReviewPhotoRequest(),
        Enrollment_V1_StudentProfileRequest(),
        Enrollment_V1_ExportResponse(),
        Enrollment_V1_Notification(),
        Enrollment_V1_ListNotificationsRequest(),
        Enrollment_V1_ListNotificationsResponse(),
        Health_V1_CheckRequest(),
        Health_V1_CheckResponse(),
        Identity_V1_LoginRequest(),
        Identity_V1_LoginResponse(),
        Identity_V1_SMSRequired(),
        Identity_V1_Session(),
        Identity_V1_Caller(),
        Identity_V1_AuthenticateRequest(),
        Identity_V1_Me(),
        Identity_V1_LogoutRequest(),
        Identity_V1_SendSMSCodeRequest(),
        Identity_V1_SendSMSCodeResponse(),
        Identity_V1_BindPhoneRequest(),
        Identity_V1_ChangePasswordRequest(),
        Identity_V1_ResetPasswordRequest(),
        Identity_V1_RegisterStudentRequest(),
        Identity_V1_RegisterStudentResponse(),
        Identity_V1_WeChatAccount(),
        Identity_V1_AbnormalAccount(),
        Identity_V1_SearchAbnormalAccountsRequest(),
        Identity_V1_SearchAbnormalAccountsResponse(),
        Identity_V1_BindWeChatRequest(),
        Identity_V1_Organisation(),
        Identity_V1_CreateOrganisationRequest(),
        Identity_V1_ListOrganisationsRequest(),
        Identity_V1_ListOrganisationsResponse(),
        Identity_V1_SetOrganisationOnlineRequest(),
        Identity_V1_User(),
        Identity_V1_CreateUserRequest(),
        Identity_V1_UpdateUserRequest(),
        Identity_V1_UserRequest(),
        Identity_V1_ResetUserPasswordRequest(),
        Identity_V1_TransferSuperAdminRequest(),
        Identity_V1_ListUsersRequest(),
        Identity_V1_ListUsersResponse(),
        Identity_V1_Role(),
        Identity_V1_SaveRoleRequest(),
        Identity_V1_ListRolesRequest(),
        Identity_V1_ListRolesResponse(),
        Identity_V1_EnterpriseApplication(),
        Identity_V1_EnterpriseApplicationRequest(),
        Identity_V1_EnterpriseQualificationRequest(),
        Identity_V1_LicenceImage(),
        Identity_V1_RegisterEnterpriseRequest(),
        Identity_V1_ReviewEnterpriseRequest(),
        Identity_V1_ListEnterpriseApplicationsRequest(),
        Identity_V1_ListEnterpriseApplicationsResponse(),
        Identity_V1_Notice(),
        Identity_V1_PublishNoticeRequest(),
        Identity_V1_NoticeRequest(),
        Identity_V1_ListNoticesRequest(),
        Identity_V1_ListNoticesResponse(),
        Identity_V1_OrganisationScopeRequest(),
        Identity_V1_OrganisationScope(),
        Identity_V1_StudentRequest(),
        Identity_V1_Student(),
        Identity_V1_ProvinceSetting(),
        Identity_V1_ProvinceSettings(),
        Rpc_V1_Envelope(),
        Rpc_V1_Request(),
        Rpc_V1_Response(),
        Rpc_V1_Cancel(),
        Rpc_V1_Ping(),
        Rpc_V1_Pong(),
        Rpc_V1_GoAway(),
        Rpc_V1_Status(),
        Rpc_V1_FieldError(),
        Testing_V1_Point(),
        Testing_V1_AllKinds(),
        Testing_V1_AllKinds.Nested(),
        Testing_V1_EchoRequest(),
        Testing_V1_EchoResponse(),
        ]
        for message in messages { try expectSameJSON(message) }
    }

    @Test("a string of every code point 0...0x7F is valid JSON and reads back")
    func asciiCodePoints() throws {
        let text = String(String.UnicodeScalarView((0...0x7F).map { Unicode.Scalar(UInt8($0)) }))
        #expect(text.unicodeScalars.count == 128)
        var writer = ProtoJSONWriter()
        writer.beginArray()
        writer.string(text)
        writer.endArray()
        let parsed = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String]
        #expect(parsed == [text])
        // Short escapes for \b \t \n \f \r, \u00XX for other controls, DEL raw.
        let json = String(decoding: writer.bytes, as: UTF8.self)
        #expect(json.hasPrefix(#"["\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e"#))
        #expect(json.hasSuffix("xyz{|}~\u{7F}\"]"))

        let point = Testing_V1_Point.with { $0.label = text }
        let bytes = point.jsonBytes()
        #expect(try JSONDecoder().decode(Testing_V1_Point.self, from: Data(bytes)) == point)
        try expectSameJSON(point)
    }

    @Test("integers are JSONEncoder's digits, 64-bit extremes included")
    func integers() throws {
        let signed: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 12345, Int64(Int32.min), Int64(Int32.max),
                               9_007_199_254_740_993, -9_007_199_254_740_993, Int64.max, Int64.min]
        var writer = ProtoJSONWriter()
        writer.beginArray()
        for value in signed { writer.integer(value) }
        writer.endArray()
        #expect(writer.bytes == Array(try JSONEncoder().encode(signed)))

        let unsigned: [UInt64] = [0, 7, 10, UInt64(UInt32.max), UInt64.max - 1, UInt64.max]
        writer = ProtoJSONWriter()
        writer.beginArray()
        for value in unsigned { writer.integer(value) }
        writer.endArray()
        #expect(writer.bytes == Array(try JSONEncoder().encode(unsigned)))
    }

    @Test("doubles and floats are JSONEncoder's text; NaN and the infinities are proto3's strings")
    func floatingPoint() throws {
        let doubles: [Double] = [0, -0.0, 1, -1, 0.1, 1.5, 1e100, 1e-7, 1.2345678901234568e20, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, -.leastNormalMagnitude, 1.0 / 3]
        var writer = ProtoJSONWriter()
        writer.beginArray()
        for value in doubles { writer.double(value) }
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: try JSONEncoder().encode(doubles), as: UTF8.self))

        let floats: [Float] = [0, 1, -2.5, 0.1, 3.4028235e38, .leastNonzeroMagnitude, 16_777_216]
        writer = ProtoJSONWriter()
        writer.beginArray()
        for value in floats { writer.float(value) }
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: try JSONEncoder().encode(floats), as: UTF8.self))

        // JSONEncoder (default nonConformingFloatEncodingStrategy) refuses these; the writer cannot
        // fail, so it writes proto3 JSON's spellings.
        #expect(throws: EncodingError.self) { try JSONEncoder().encode([Double.nan]) }
        writer = ProtoJSONWriter()
        writer.beginArray()
        writer.double(.nan); writer.double(.infinity); writer.float(-.infinity)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["NaN","Infinity","-Infinity"]"#)
    }

    @Test("bytes are Foundation's standard base64 with padding, every length mod 3")
    func base64() throws {
        var generator = SystemRandomNumberGenerator()
        for count in Array(0...10) + [255, 256, 257, 1000] {
            let value = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var writer = ProtoJSONWriter()
            writer.base64(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"" + Data(value).base64EncodedString() + "\"")
        }
    }

    @Test("commas and nesting: empty and nested objects and arrays")
    func structure() throws {
        var writer = ProtoJSONWriter()
        writer.beginObject()
        writer.key("a"); writer.beginArray(); writer.endArray()
        writer.key("b"); writer.beginObject(); writer.endObject()
        writer.key("c"); writer.beginArray()
        writer.beginArray(); writer.bool(true); writer.bool(false); writer.endArray()
        writer.beginObject(); writer.key(string: "\"k\""); writer.integer(-1); writer.endObject()
        writer.string("")
        writer.endArray()
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":[],"b":{},"c":[[true,false],{"\"k\"":-1},""]}"#)
    }

    // MARK: Helpers

    /// Fifteen permissions, as a console administrator's `Me` carries (the benchmark's too).
    enum JSONWriterBenchmarkFixture {
        static let permissions = [
            "account.self", "assessment.manage", "assessment.review", "certificate.business.apply",
            "certificate.business.review", "certificate.manage", "class.apply", "class.review",
            "enrollment.plan.approve", "enrollment.plan.manage", "enrollment.review", "enterprise.review",
            "log.read", "notice.publish", "organisation.manage",
        ]
    }

    typealias Message = Codable & ProtoJSONWritable & Equatable

    /// The writer's output and `JSONEncoder`'s parse to the same JSON value (compared as
    /// `JSONSerialization` re-writes each with sorted keys: key order, `\/` and number spelling
    /// aside, the same text), and the writer's output decodes back to `message`.
    private func expectSameJSON<M: Message>(_ message: M, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = Data(message.jsonBytes())
        let encoded = try JSONEncoder().encode(message)
        #expect(try canonical(written) == canonical(encoded), "\(M.self)", sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(M.self, from: written) == message, "\(M.self)", sourceLocation: sourceLocation)
    }

    private func canonical(_ json: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: json)
        let text = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: text, as: UTF8.self)
    }
}
