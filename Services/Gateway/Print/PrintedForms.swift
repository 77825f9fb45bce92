import CommonRules
import Proto

/// EN-8: the printable enrollment form (报名表) and personal commitment (个人承诺书) as HTML
/// pages for the browser's print dialog, rendered here from the enrollment service's data: the
/// service returns data, and the pages that name this gateway's own URLs (the photo's
/// `/api/v1/files/…`) belong to the gateway until the console renders them (docs/GATEWAY.md).
/// Every value is escaped.
enum PrintedForms {
    static func enrollment(_ e: Enrollment_V1_Enrollment, photoFileID: Int64) -> String {
        let f = e.form ?? Enrollment_V1_EnrollmentForm()
        let rows: [(String, String)] = [
            ("报名编号", String(e.id)), ("姓名", e.name), ("性别", f.gender), ("身份证号", e.idNumber), ("手机号", e.phone),
            ("培训机构", e.orgName), ("报名计划", e.planName), ("专业及岗位", f.post),
            ("就业状态", f.employmentStatus == .employed ? "在职" : "待业"), ("工作单位", f.employerName),
            ("工商注册地", f.employerDivisionCode), ("学历", f.education), ("毕业院校", f.school), ("所学专业", f.major),
            ("工作简历", f.workHistory), ("工作业绩", f.achievements),
            ("证书编号", f.certificateNumber), ("提交时间", ShanghaiCalendar.text(atUnix: e.submittedAtUnix)),
            ("审核状态", stateLabel(e.state)),
        ]
        let table = rows.filter { !$0.1.isEmpty }.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined()
        let photo = photoFileID > 0 ? "<img class=\"photo\" src=\"/api/v1/files/\(photoFileID)\" alt=\"证件照\">" : ""
        return page(title: "住房和城乡建设领域施工现场专业人员培训报名表", body: photo + "<table>\(table)</table>"
                    + "<p class=\"sign\">本人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿</p>")
    }

    static func commitment(_ e: Enrollment_V1_Enrollment) -> String {
        let form = e.form ?? Enrollment_V1_EnrollmentForm()
        let text = form.personalCommitment.isEmpty ? "本人承诺所填报信息真实、准确、完整，如有虚假，愿承担相应责任。" : form.personalCommitment
        return page(title: "个人报名承诺书", body: """
            <p>承诺人：\(escape(e.name))　身份证号：\(escape(e.idNumber))</p>
            <p>报考岗位：\(escape(form.post))　培训机构：\(escape(e.orgName))</p>
            <p class="text">\(escape(text))</p>
            <p class="sign">承诺人签名：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿</p>
            """)
    }

    /// The enrollment state as the institution's lists name it.
    static func stateLabel(_ state: Enrollment_V1_EnrollmentState) -> String {
        switch state {
        case .approved: "已确认"
        case .rejected: "已驳回"
        case .withdrawn: "已删除"
        default: "待审核"
        }
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:"SimSun",serif;margin:2em}h1{text-align:center;font-size:20px}table{border-collapse:collapse;width:100%}
        th,td{border:1px solid #000;padding:6px;text-align:left;white-space:pre-wrap}th{width:8em}.photo{float:right;width:90px;height:120px}
        .sign{margin-top:3em;text-align:right}.text{white-space:pre-wrap;line-height:2}</style></head>
        <body><h1>\(escape(title))</h1>\(body)</body></html>
        """
    }

    /// HTML text escaping.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
