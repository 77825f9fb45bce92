import CommonRules
import IdentityDomain
import RPC
import ServiceHost

/// Identity rules' refusals as call statuses: a Chinese message for people, a code for programs.
extension IdentityError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .badCredentials: RPCError(.unauthenticated, "用户名或密码错误")
        case .sessionInvalid: RPCError(.unauthenticated, "登录已失效，请重新登录")
        case .accountLocked(let until):
            RPCError(.resourceExhausted, "密码错误次数过多，账户已锁定，请于\(ShanghaiCalendar.clockTime(atUnix: until))后重试")
        case .accountDisabled: RPCError(.permissionDenied, "账户已停用，请联系管理员")
        case .organisationOffline: RPCError(.permissionDenied, "所属机构已下线，无法登录")
        case .wechatAccountNotBound: RPCError(.permissionDenied, "该身份证号已绑定其他微信账号，请联系培训机构处理")
        case .smsCodeInvalid: .invalidArgument("验证码错误或已失效", field: "smsCode")
        case .smsRateLimited(let retryAt):
            RPCError(.resourceExhausted, "验证码发送过于频繁，请于\(ShanghaiCalendar.clockTime(atUnix: retryAt))后重试")
        case .phoneInvalid: .invalidArgument("请输入正确的11位手机号", field: "phone")
        case .idNumber(let problem):
            switch problem {
            case .wrongLength: .invalidArgument("身份证号应为18位", field: "idNumber")
            case .badCharacters: .invalidArgument("身份证号只能包含数字和末位X", field: "idNumber")
            case .unknownRegion: .invalidArgument("身份证号地区码无效", field: "idNumber")
            case .badBirthDate: .invalidArgument("身份证号出生日期无效", field: "idNumber")
            case .wrongCheckCharacter: .invalidArgument("身份证号校验位错误", field: "idNumber")
            }
        case .idNumberTaken: RPCError(.alreadyExists, "该身份证号已被注册，请联系客服")
        case .realNameRejected(let reason): .invalidArgument("实名验证未通过：\(reason)", field: "name")
        case .password(let problem):
            switch problem {
            case .tooShort(let minimum): .invalidArgument("密码至少\(minimum)位", field: "password")
            case .needsLettersAndDigits: .invalidArgument("密码须同时包含字母和数字", field: "password")
            }
        case .wrongOldPassword: .invalidArgument("原密码错误", field: "oldPassword")
        case .usernameInvalid: .invalidArgument("用户名为3至32位字母、数字或 _ . -，以字母开头", field: "username")
        case .usernameTaken: RPCError(.alreadyExists, "用户名已存在")
        case .nameInvalid: .invalidArgument("姓名格式不正确", field: "name")
        case .creditCode(let problem):
            switch problem {
            case .wrongLength: .invalidArgument("统一社会信用代码应为18位", field: "creditCode")
            case .badCharacters: .invalidArgument("统一社会信用代码含有无效字符", field: "creditCode")
            }
        case .creditCodeTaken: RPCError(.alreadyExists, "该统一社会信用代码已注册或正在审核")
        case .enterpriseImages(let problem):
            switch problem {
            case .licenceInvalid: .invalidArgument("营业执照图片须为JPG或PNG格式，且不超过2MB", field: "licenceImage")
            case .qualificationMissing: .invalidArgument("请上传企业资质证书图片", field: "qualificationImages")
            case .tooManyQualifications(let maximum):
                .invalidArgument("企业资质证书图片最多\(maximum)张", field: "qualificationImages")
            case .qualificationInvalid(let index):
                .invalidArgument("第\(index + 1)张企业资质证书图片须为JPG或PNG格式，且不超过2MB", field: "qualificationImages[\(index)]")
            case .totalTooLarge(let maximum):
                .invalidArgument("营业执照和资质证书图片合计不能超过\(Double(maximum) / 1_048_576)MB", field: "qualificationImages")
            }
        case .commitmentRequired: .invalidArgument("请阅读并同意承诺书", field: "commitmentAccepted")
        case .reasonRequired: .invalidArgument("驳回需填写原因", field: "reason")
        case .alreadyReviewed: RPCError(.failedPrecondition, "该申请已审核")
        case .roleNameTaken: RPCError(.alreadyExists, "角色名称已存在")
        case .unknownPermission(let name): .invalidArgument("权限\(name)不适用于该机构", field: "permissions")
        case .permissionNotGrantable(let name): RPCError(.permissionDenied, "不能授予自己没有的权限：\(name)")
        case .childKindNotAllowed: .invalidArgument("不能在本机构下创建该类型的机构", field: "kind")
        case .divisionUnknown: .invalidArgument("行政区划代码无效或不属于本省", field: "divisionCode")
        case .postScopeInvalid(let code): .invalidArgument("职业范围\(code)无效或超出上级机构范围", field: "postScope")
        case .institutionCodesExhausted: RPCError(.resourceExhausted, "本地区该类机构编号已用完")
        case .superAdminRequired: RPCError(.permissionDenied, "只有继续教育基地的超级管理员可以转让")
        case .notFound(let what): RPCError(.notFound, "\(what)不存在")
        case .titleRequired: .invalidArgument("标题应为1至200个字符", field: "title")
        case .smsCodeUnavailable: RPCError(.unavailable, "验证码生成失败，请稍后重试")
        case .enrollmentsUnavailable: RPCError(.unavailable, "暂时无法核实学员的报名机构，请稍后重试")
        case .organisationRequired: RPCError(.permissionDenied, "没有权限执行此操作")
        case .organisationNotVisible: RPCError(.permissionDenied, "无权查看该机构的数据")
        case .parentNotVisible: RPCError(.permissionDenied, "无权查看该机构")
        case .organisationKindInvalid: .invalidArgument("机构类型无效", field: "kind")
        case .organisationNameInvalid: .invalidArgument("机构名称应为2至100个字符", field: "name")
        case .enterpriseNameInvalid: .invalidArgument("企业名称应为2至100个字符", field: "name")
        case .cityAuthorityExists: RPCError(.alreadyExists, "该地区的主管部门已存在")
        case .ownOnlineStatus: RPCError(.failedPrecondition, "不能更改本机构的上线状态")
        case .cannotDisableSelf: RPCError(.failedPrecondition, "不能停用自己的账号")
        case .roleNameInvalid: .invalidArgument("角色名称应为1至30个字符，且不含逗号", field: "name")
        case .noticeBodyTooLarge: .invalidArgument("正文不能超过200KB", field: "bodyHtml")
        case .applicationStateInvalid: .invalidArgument("状态应为 submitted、approved 或 rejected", field: "state")
        case .idNumberRequired: .invalidArgument("请输入身份证号", field: "idNumber")
        case .smsPurposeInvalid: .invalidArgument("验证码用途无效", field: "purpose")
        case .passwordAlsoRequired: .invalidArgument("该账号须同时输入密码和短信验证码登录", field: "password")
        case .effectiveDateInvalid:
            .invalidArgument("生效日期应为YYYY-MM-DD格式的有效日期，且不晚于\(EffectiveDate.maximumYearsAhead)年后", field: "effectiveFrom")
        case .effectiveDateInPast: .invalidArgument("生效日期不能早于今天", field: "effectiveFrom")
        case .changeAlreadyInForce: RPCError(.failedPrecondition, "该设置已生效，不能撤销；如需调整请设置新值")
        case .settingUnknown: .invalidArgument("没有这项设置", field: "key")
        case .settingOutOfRange(let minimum, let maximum, let unit):
            .invalidArgument("取值应在\(minimum)至\(maximum)\(unit)之间", field: "value")
        case .settingsConflict(let rule): .invalidArgument(rule, field: "value")
        case .provinceOnly: RPCError(.permissionDenied, "只有省级主管部门可以修改省级设置和基础目录")
        case .catalogKindInvalid: .invalidArgument("目录类别无效", field: "kind")
        case .divisionNotEditable:
            RPCError(.failedPrecondition, "行政区划按国家标准（GB/T 2260）随系统版本更新，不能在此修改",
                     fieldErrors: [FieldError(field: "kind", message: "行政区划不能在此修改")])
        case .catalogCodeInvalid(let kind):
            switch kind {
            case .post: .invalidArgument("岗位代码应为0开头的3位数字，如011", field: "code")
            case .trade: .invalidArgument("工种代码应为T加2位数字，如T11", field: "code")
            case .level: .invalidArgument("等级代码应为1位数字", field: "code")
            case .division: .invalidArgument("行政区划代码无效", field: "code")
            }
        case .catalogNameInvalid: .invalidArgument("名称应为1至\(CatalogChange.nameLengths.upperBound)个字符", field: "name")
        case .specialtyInvalid(let required):
            required ? .invalidArgument("代码末位不为0的岗位须填写专业方向（1至\(CatalogChange.specialtyLengths.upperBound)个字符）", field: "specialty")
                : .invalidArgument("该条目没有专业方向（岗位代码末位为0的岗位、工种和等级不填）", field: "specialty")
        case .passMarkInvalid: .invalidArgument("合格分数线应为0至100（0表示按省级参数），技能等级不设分数线", field: "passTheory")
        case .requiredHoursInvalid(let allowed):
            allowed ? .invalidArgument("规定学时应在\(CatalogChange.requiredHours.lowerBound)至\(CatalogChange.requiredHours.upperBound)之间", field: "requiredHours")
                : .invalidArgument("技能等级不设规定学时", field: "requiredHours")
        case .catalogEntryUnknown: .invalidArgument("目录中没有该代码，不能停用", field: "code")
        }
    }
}
