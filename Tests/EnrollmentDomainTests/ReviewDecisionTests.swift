import EnrollmentDomain
import Testing

@Suite("EN-4 an institution's review")
struct ReviewDecisionTests {
    static let known = ["photo_unclear": "照片不清晰", "id_mismatch": "身份证信息不一致"]

    @Test("EN-4: a rejection needs a reason; codes are kept once each, sorted; the comment is trimmed")
    func rejection() throws {
        #expect(throws: EnrollmentError.reasonRequired) { try ReviewDecision(approve: false, reasonCodes: [], comment: "不行") }
        let decision = try ReviewDecision(approve: false, reasonCodes: ["photo_unclear", "id_mismatch", "photo_unclear"],
                                          comment: "　请重新拍摄 ")
        #expect(decision.step == .reject)
        #expect(decision.reasonCodes == ["id_mismatch", "photo_unclear"])
        #expect(decision.storedComment == "请重新拍摄")
        let texts = try decision.reasonTexts(known: Self.known)
        #expect(texts == ["身份证信息不一致", "照片不清晰"])
        #expect(decision.notice(planName: "春季施工员培训", reasonTexts: texts)
                == "您报名的春季施工员培训被驳回：身份证信息不一致；照片不清晰；请重新拍摄。请修改后重新提交。")
    }

    @Test("EN-4: a comment that ends in a full stop gets no second one")
    func commentPunctuation() throws {
        let decision = try ReviewDecision(approve: false, reasonCodes: ["photo_unclear"], comment: "请重新拍摄。")
        #expect(decision.notice(planName: "春季施工员培训", reasonTexts: try decision.reasonTexts(known: Self.known))
                == "您报名的春季施工员培训被驳回：照片不清晰；请重新拍摄。请修改后重新提交。")
        #expect(NoticeText.clause("照片模糊；。 ") == "照片模糊")
        #expect(NoticeText.clause("。") == "")
    }

    @Test("EN-4: an unknown reason code is named")
    func unknownReason() throws {
        let decision = try ReviewDecision(approve: false, reasonCodes: ["photo_unclear", "made_up"], comment: "")
        #expect(throws: EnrollmentError.reasonUnknown("made_up")) { try decision.reasonTexts(known: Self.known) }
    }

    @Test("EN-4: an approval needs no reason and stores no comment, but a comment over 500 characters is refused either way")
    func approval() throws {
        let decision = try ReviewDecision(approve: true, reasonCodes: [], comment: "很好")
        #expect(decision.step == .approve)
        #expect(decision.storedComment == "")
        #expect(try decision.reasonTexts(known: [:]) == [])
        #expect(decision.notice(planName: "春季施工员培训", reasonTexts: []) == "您报名的春季施工员培训已通过培训机构审核。")
        for approve in [true, false] {
            #expect(throws: EnrollmentError.textTooLong("rejectComment")) {
                try ReviewDecision(approve: approve, reasonCodes: ["photo_unclear"], comment: String(repeating: "字", count: 501))
            }
        }
        _ = try ReviewDecision(approve: false, reasonCodes: ["photo_unclear"], comment: String(repeating: "字", count: 500))
    }
}
