import CertificatesDomain
import RPC

/// Certificate rules' refusals as call statuses: a Chinese message for people, a code (and the
/// form field) for programs (X-4).
extension CertificatesError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let what): RPCError(.notFound, "\(what)不存在")
        case .scoresNotApproved: RPCError(.failedPrecondition, "该考核计划的成绩尚未审核通过，不能生成证书")
        case .noPassedCandidates: RPCError(.failedPrecondition, "该考核计划没有合格的考生")
        case .candidatesRefused(let refusals):
            RPCError(.failedPrecondition, "以下考生的信息有误，未生成任何证书：" + refusals.prefix(5).map {
                "\($0.candidate.name.isEmpty ? "（无姓名）" : $0.candidate.name)：\($0.reason)"
            }.joined(separator: "；") + (refusals.count > 5 ? "等\(refusals.count)人" : ""))
        case .segmentExhausted(let prefix, let remaining, let wanted):
            RPCError(.resourceExhausted, "证书号段 \(prefix) 剩余\(remaining)个号码，本次需要\(wanted)个，请联系省级主管部门")
        case .noSigningKey(let issuer): RPCError(.failedPrecondition, "签发机关（\(issuer)）尚未配置电子签名密钥，不能生成证书")
        case .actionNotAllowed(let action, let state):
            RPCError(.failedPrecondition, "证书当前为“\(state.label)”，不能\(action.label)")
        case .invalid(let field, let message): .invalidArgument(message, field: field)
        }
    }
}

extension BusinessProblem: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notValid, .tooManyEmployerChanges: RPCError(.failedPrecondition, message)
        default: .invalidArgument(message, field: field)
        }
    }
}

extension CertificateState {
    var label: String {
        switch self {
        case .valid: "有效"
        case .cancelled: "已注销"
        case .voided: "已作废"
        }
    }
}

extension CertificateAction {
    var label: String {
        switch self {
        case .cancel: "注销"
        case .reactivate: "恢复"
        }
    }
}
