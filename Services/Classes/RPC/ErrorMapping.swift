import ClassesDomain
import CommonRules
import RPC

/// Classes rules' refusals as call statuses: a Chinese message for people, a code (and the form
/// field) for programs.
extension ClassesError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let what): RPCError(.notFound, "\(what)不存在")
        case .teacherInvalid(let field): .invalidArgument(Self.teacherMessages[field] ?? "信息不正确", field: field)
        case .teacherExists: RPCError(.alreadyExists, "该人员已登记为此身份")
        case .templateInvalid(let field): .invalidArgument(field == "name" ? "模板名称应为1至100个字符" : "请选择岗位", field: field)
        case .lessonInvalid(let index, let field):
            .invalidArgument("第\(index + 1)节课：" + (Self.lessonMessages[field] ?? "信息不正确"), field: "lessons[\(index)].\(field)")
        case .lessonsOverlap(let index): .invalidArgument("第\(index + 1)节课与其他课程时间重叠", field: "lessons[\(index)].startUnix")
        case .lessonsRequired: .invalidArgument("请至少安排一节课", field: "lessons")
        case .nameInvalid: .invalidArgument("班级名称应为1至100个字符", field: "name")
        case .venueInvalid(let field): .invalidArgument(Self.venueMessages[field] ?? "培训场地信息不正确", field: field)
        case .stepNotAllowed(let state): RPCError(.failedPrecondition, "班级当前为“\(state.label)”，不允许该操作")
        case .planNotClosed: RPCError(.failedPrecondition, "报名计划尚未结束报名，不能开班")
        case .postNotInPlan: .invalidArgument("该报名计划不含所选岗位", field: "post")
        case .classExists: RPCError(.alreadyExists, "该计划的此岗位已有班级")
        case .applicationTooLate(let deadline):
            RPCError(.failedPrecondition, "开班申请须在报名结束后3个自然日内提交（截止\(ShanghaiCalendar.text(atUnix: deadline))）")
        case .startTooEarly(let earliest):
            .invalidArgument("开训时间不得早于\(ShanghaiCalendar.text(atUnix: earliest).prefix(10))（申请创建后第7日）", field: "lessons")
        case .hoursShort(let scheduled, let required): .invalidArgument("课程安排共\(scheduled)学时，少于规定的\(required)学时", field: "lessons")
        case .teachersShort(let safety, let theory, let minimumSafety, let minimumTheory):
            RPCError(.failedPrecondition, "须至少\(minimumSafety)名安全知识教师和\(minimumTheory)名本工种理论教师授课（当前\(safety)名、\(theory)名）")
        case .noStudents: RPCError(.failedPrecondition, "该计划此岗位没有已确认的学员，不能开班")
        case .teacherNotUsable(let index): .invalidArgument("第\(index + 1)节课的教师不是本机构在岗教师", field: "lessons[\(index)].teacherId")
        case .lessonsNotOver: RPCError(.failedPrecondition, "还有课程未结束，不能结业")
        case .reviewsPending(let count): RPCError(.failedPrecondition, "还有\(count)条签到待审核，请先处理")
        case .attendanceNotConfirmed: RPCError(.failedPrecondition, "请先确认考勤")
        case .attendanceFrozen: RPCError(.failedPrecondition, "考勤已确认，不能再修改")
        case .reasonRequired: .invalidArgument("请填写原因", field: "reason")
        case .photoInvalid: .invalidArgument("照片无法识别，请重新拍照（JPEG格式）", field: "photo")
        case .notOnRoster: RPCError(.permissionDenied, "您不在该班级的学员名单中")
        case .outsideWindow(let opens, let closes):
            RPCError(.failedPrecondition, "不在签到时间内（\(ShanghaiCalendar.clockTime(atUnix: opens))至\(ShanghaiCalendar.clockTime(atUnix: closes))）")
        case .notSignedIn: RPCError(.failedPrecondition, "本节课尚未签到，不能签退")
        case .alreadySignedOut: RPCError(.failedPrecondition, "本节课已签退")
        case .notPending: RPCError(.failedPrecondition, "该签到已审核")
        }
    }

    static let teacherMessages = [
        "name": "姓名应为1至50个字符", "idNumber": "身份证号码不正确", "role": "请选择人员类别",
        "qualification": "资格证书信息不能超过200个字符", "specialty": "专业不正确", "phone": "手机号码应为11位数字",
    ]
    static let lessonMessages = [
        "content": "请填写授课内容（不超过200字）", "teacherId": "请选择授课教师", "endUnix": "下课时间须晚于上课时间且不超过12小时",
        "place": "授课地点不能超过100字", "hours": "学时应为1至12", "day": "第几天应在0至365之间", "startMinute": "时间不正确",
        "lessons": "课程不能超过200节",
    ]
    static let venueMessages = [
        "venue.name": "请填写培训场地名称", "venue.address": "场地地址不能超过200字",
        "venue.latitude": "请填写正确的场地经纬度", "venue.radiusMeters": "签到范围应为10至5000米",
    ]
}
