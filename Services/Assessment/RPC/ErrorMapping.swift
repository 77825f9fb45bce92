import AssessmentDomain
import CommonRules
import RPC

/// Assessment rules' refusals as call statuses: a Chinese message for people, a code (and the
/// form field) for programs.
extension AssessmentError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let what): RPCError(.notFound, "\(what)不存在")
        case .formInvalid(let field, let message): .invalidArgument(message, field: field)
        case .testPlanStepNotAllowed(let state): RPCError(.failedPrecondition, "考核计划当前为“\(state.label)”，不允许该操作")
        case .scoreStepNotAllowed(let state): RPCError(.failedPrecondition, "成绩当前为“\(state.progressLabel)”，不允许该操作")
        case .examInPast: .invalidArgument("考核开始时间已过，请修改考核时间后再上报", field: "examStartUnix")
        case .classNotFinished: RPCError(.failedPrecondition, "该班级尚未结业并确认考勤，不能创建考核计划")
        case .noCandidates: RPCError(.failedPrecondition, "该班级没有可参加考核的学员（学时未满、已合格、已在其他考核计划中或被禁考）")
        case .assessorsShort(let have, let need): RPCError(.failedPrecondition, "本机构该专业考评员不足\(need)名（当前\(have)名），不能上报考核计划")
        case .testPlanNotApproved: RPCError(.failedPrecondition, "考核计划尚未审核通过")
        case .scoresIncomplete(let missing): RPCError(.failedPrecondition, "还有\(missing)名考生未录入成绩或考试情况，不能上报")
        case .notACandidate: RPCError(.notFound, "该考生不在本考核计划中")
        case .ticketsExhausted: RPCError(.resourceExhausted, "本年度该地区的考核计划编号已用完，请联系省级主管部门")
        case .sheet(let message): .invalidArgument(message, field: "content")
        }
    }
}

extension TestPlanStatus {
    /// 未上报, 待受理, 待审核, 已审核, 未通过.
    var label: String {
        switch self {
        case .draft: "未上报"
        case .submitted: "待受理"
        case .accepted: "待审核"
        case .approved: "已审核"
        case .rejected: "未通过"
        }
    }
}
