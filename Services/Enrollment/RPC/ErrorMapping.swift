import CommonRules
import EnrollmentDomain
import RPC

/// Enrollment rules' refusals as call statuses: a Chinese message for people, a code (and the
/// form field) for programs.
extension EnrollmentError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let what): RPCError(.notFound, "\(what)不存在")
        case .nameRequired: .invalidArgument("名称应为1至100个字符", field: "name")
        case .planKindRequired: .invalidArgument("请选择计划类型", field: "kind")
        case .postsRequired: .invalidArgument("请至少选择一个岗位", field: "posts")
        case .postOutsideScope(let code): .invalidArgument("岗位\(code)不在本机构的培训范围内", field: "posts")
        case .headcountInvalid: .invalidArgument("计划人数应为1至100000", field: "headcount")
        case .planWindow(.endNotAfterStart): .invalidArgument("报名结束时间须晚于开始时间", field: "endUnix")
        case .planWindow(.tooLong(let days)): .invalidArgument("报名时间不能超过\(days)天（一个月）", field: "endUnix")
        case .planStepNotAllowed: RPCError(.failedPrecondition, "计划当前状态不允许该操作")
        case .planNotEditable: RPCError(.failedPrecondition, "计划已上报或已生效，不能修改")
        case .planNotOpen: RPCError(.failedPrecondition, "该计划当前不在报名时间内")
        case .commentRequired: .invalidArgument("请填写审核意见", field: "comment")
        case .notAnInstitution: RPCError(.permissionDenied, "只有培训机构可以发布报名计划")
        case .upload(.empty): .invalidArgument("文件为空", field: "content")
        case .upload(.tooLarge(let bytes)): .invalidArgument("文件过大，不能超过\(Self.size(bytes))", field: "content")
        case .upload(.wrongType(let allowed)):
            .invalidArgument("文件格式不正确，只接受" + allowed.map(\.label).sorted().joined(separator: "、"), field: "content")
        case .fileKindRequired: .invalidArgument("请指定文件用途", field: "kind")
        case .uploadsExhausted(let count): RPCError(.resourceExhausted, "24小时内最多上传\(count)个文件，请稍后再试")
        case .fileMissing(let field): .invalidArgument("请上传所需的扫描件", field: field)
        case .commitmentRequired: .invalidArgument("请阅读并同意告知承诺书", field: "form.commitmentNoticeAccepted")
        case .employmentStatusRequired: .invalidArgument("请选择就业状态", field: "form.employmentStatus")
        case .divisionInvalid: .invalidArgument("工商注册所在地市无效，请选择本省的地市", field: "form.employerDivisionCode")
        case .employerNameRequired: .invalidArgument("请填写工作单位", field: "form.employerName")
        case .genderInvalid: .invalidArgument("性别应为男或女", field: "form.gender")
        case .planRequired: .invalidArgument("请选择培训机构的报名计划", field: "form.planId")
        case .postRequired: .invalidArgument("请选择专业及岗位", field: "form.post")
        case .personalCommitmentRequired: .invalidArgument("请填写个人报名承诺", field: "form.personalCommitment")
        case .workHistoryRequired: .invalidArgument("请填写工作简历", field: "form.workHistory")
        case .postNotInPlan: .invalidArgument("该计划不招收所选岗位", field: "form.post")
        case .realNameRequired: RPCError(.failedPrecondition, "请先完成实名认证")
        case .alreadyEnrolled: RPCError(.alreadyExists, "您已报名该岗位，不能重复报名")
        case .planFull: RPCError(.resourceExhausted, "该计划报名人数已满")
        case .enrollmentStepNotAllowed: RPCError(.failedPrecondition, "报名当前状态不允许该操作")
        case .reasonRequired: .invalidArgument("驳回须选择原因", field: "rejectReasons")
        case .reasonUnknown(let code): .invalidArgument("驳回原因\(code)无效", field: "rejectReasons")
        case .certificateNumberInvalid: .invalidArgument("证书编号格式不正确", field: "form.certificateNumber")
        case .certificateNotUsable: .invalidArgument("该证书不属于您本人或已失效，不能报名继续教育", field: "form.certificateNumber")
        case .planKindMismatch: .invalidArgument("所选计划不是该类型的报名", field: "form.planId")
        case .textTooLong(let field): .invalidArgument("内容过长", field: field)
        case .photoNotPending: RPCError(.failedPrecondition, "照片不在待确认状态")
        }
    }

    /// A size limit as people read it: whole megabytes as MB, else KB.
    static func size(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024))MB" : "\(bytes / 1024)KB"
    }
}

extension FileType {
    var label: String {
        switch self {
        case .jpeg: "JPG"
        case .png: "PNG"
        case .pdf: "PDF"
        }
    }
}
