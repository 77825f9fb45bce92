import AssessmentDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Spreadsheet
import Storage

/// AS-3: the score template, import with preview, entry one by one, and the scores' review.
extension AssessmentService {
    /// The largest score file accepted (10,000 rows of CSV are about 700 KB).
    static let maximumImportBytes = 3 * 1024 * 1024

    /// The template of an approved plan: its candidates with tickets, and the scores entered so far.
    public func getScoreTemplate(_ request: Assessment_V1_ScoreTemplateRequest, context: CallContext) async throws -> Assessment_V1_FileContent {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        let (plan, candidates) = try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, tx), plan.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
            guard plan.state == .approved else { throw AssessmentError.testPlanNotApproved }
            return (plan, try CandidateStore.all(planID: plan.id, tx))
        }
        let rows = [ScoreSheet.headers] + candidates.map { c -> [String] in
            let sitting = Sitting(c.sitting)
            return [c.ticketNumber, c.name, c.idNumber, sitting == .present ? Score.text(Int(c.theoryTenths)) : "",
                    sitting == .present ? Score.text(Int(c.practiceTenths)) : "", sitting.map { $0 == .present ? "" : $0.sheetText } ?? ""]
        }
        var file = Assessment_V1_FileContent()
        let base = "成绩导入模板-\(plan.id)"
        if request.format == .xlsx {
            file.filename = base + ".xlsx"
            file.contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            do {
                file.content = try XLSXWriter.workbook(sheetName: "成绩", columns: zip(ScoreSheet.headers, ScoreSheet.widths).map { XLSXWriter.Column($0, width: $1) },
                                                       rows: Array(rows.dropFirst()))
            } catch { throw AssessmentError.sheet(error.message) }
        } else {
            file.filename = base + ".csv"
            file.contentType = "text/csv; charset=utf-8"
            file.content = CSV.bytes(rows)
        }
        return file
    }

    /// Reads a CSV or XLSX score file and checks every row; with `commit`, and only when no row
    /// failed, saves them all in one transaction.
    public func importScores(_ request: Assessment_V1_ImportScoresRequest, context: CallContext) async throws -> Assessment_V1_ImportScoresResponse {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        guard !request.content.isEmpty else { throw RPCError.invalidArgument("请选择成绩文件", field: "content") }
        guard request.content.count <= Self.maximumImportBytes else { throw RPCError.invalidArgument("成绩文件不能超过3MB", field: "content") }
        let rows: SheetRows
        do {
            rows = try SheetFile.rows(request.content, filename: request.filename)
        } catch {
            throw AssessmentError.sheet(error.message)
        }
        let today = ShanghaiCalendar.date(atUnix: Self.now)
        let (plan, candidates) = try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, tx), plan.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
            return (plan, try CandidateStore.all(planID: plan.id, tx))
        }
        try Self.checkScoresEditable(plan)
        let byStudent = Dictionary(uniqueKeysWithValues: candidates.map { ($0.studentUserID, $0) })
        let checked = ScoreSheet.validate(rows, candidates: candidates.map {
            ScoreSheet.Candidate(studentUserID: $0.studentUserID, name: $0.name, idNumber: $0.idNumber, ticketNumber: $0.ticketNumber)
        }, today: today)
        let rule = PassRule(theory: Int(plan.passTheory), practice: Int(plan.passPractice))
        var response = Assessment_V1_ImportScoresResponse()
        response.rows = UInt32(max(0, rows.count - 1))
        response.errorCount = UInt32(checked.errors.count)
        response.errors = checked.errors.prefix(200).map { error in
            var item = Assessment_V1_RowError()
            item.row = UInt32(error.row)
            item.column = error.column
            item.message = error.message
            return item
        }
        guard checked.errors.isEmpty else { return response }
        for entry in checked.entries {
            let result = rule.result(entry.sitting, theoryTenths: entry.theoryTenths, practiceTenths: entry.practiceTenths)
            switch entry.sitting {
            case .present: response.present += 1
            case .absent: response.absent += 1
            case .cheated: response.cheated += 1
            }
            if result == .passed { response.passed += 1 } else if result == .failed || result == .cheated { response.failed += 1 }
            if response.preview.count < 50, var candidate = byStudent[entry.studentUserID] {
                candidate.idNumber = Masking.idNumber(candidate.idNumber)
                Self.apply(entry, result, to: &candidate)
                response.preview.append(candidate)
            }
        }
        guard request.commit else { return response }
        let entries = checked.entries
        try await transaction(context) { tx in
            let locked = try Self.ownPlan(plan.id, orgID, tx)
            try Self.checkScoresEditable(locked)
            try CandidateStore.saveScores(planID: locked.id, entries, rule: rule, by: caller.userID, tx)
            try Self.log("scores.import", "test_plan", locked.id, by: caller, context, tx)
        }
        response.committed = true
        return response
    }

    /// One candidate's sitting and scores.
    public func enterScore(_ request: Assessment_V1_EnterScoreRequest, context: CallContext) async throws -> Assessment_V1_Candidate {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.assessmentManage)
        guard let sitting = Sitting(request.sitting) else { throw RPCError.invalidArgument("请选择考试情况", field: "sitting") }
        if sitting == .present {
            guard request.theoryTenths <= 1000 else { throw RPCError.invalidArgument("理论成绩应为0–100之间的数字，最多一位小数", field: "theoryTenths") }
            guard request.practiceTenths <= 1000 else { throw RPCError.invalidArgument("实操成绩应为0–100之间的数字，最多一位小数", field: "practiceTenths") }
        } else if request.theoryTenths != 0 || request.practiceTenths != 0 {
            throw RPCError.invalidArgument("\(sitting.sheetText)考生不填写成绩", field: "theoryTenths")
        }
        return try await transaction(context) { tx in
            let plan = try Self.ownPlan(request.testPlanID, orgID, tx)
            try Self.checkScoresEditable(plan)
            let entry = ScoreSheet.Entry(row: 0, studentUserID: request.studentUserID, sitting: sitting,
                                         theoryTenths: Int(request.theoryTenths), practiceTenths: Int(request.practiceTenths))
            guard try CandidateStore.one(planID: plan.id, studentUserID: request.studentUserID, tx) != nil else {
                throw AssessmentError.notACandidate
            }
            try CandidateStore.saveScores(planID: plan.id, [entry], rule: PassRule(theory: Int(plan.passTheory), practice: Int(plan.passPractice)),
                                          by: caller.userID, tx)
            try Self.log("scores.enter", "test_plan", plan.id, by: caller, context, tx)
            guard let candidate = try CandidateStore.one(planID: plan.id, studentUserID: request.studentUserID, tx) else {
                throw AssessmentError.notACandidate
            }
            return candidate
        }
    }

    /// The scores' report: the institution reports (every candidate entered) or withdraws; the
    /// reviewer of the test plan accepts, approves (the discipline record is written) or rejects.
    public func actOnScores(_ request: Assessment_V1_ScoreActionRequest, context: CallContext) async throws -> Assessment_V1_TestPlan {
        let comment = request.comment.trimmingSpaces
        guard comment.count <= 500 else { throw RPCError.invalidArgument("审核意见不能超过500字", field: "comment") }
        let step: ScoreStep
        switch request.action {
        case .report: step = .report
        case .withdraw: step = .withdraw
        case .accept: step = .accept
        case .approve: step = .approve
        case .reject: step = .reject
        default: throw RPCError.invalidArgument("未知的操作", field: "action")
        }
        let byAuthority = step.approvalAction?.byAuthority ?? false
        let (caller, orgID) = try Self.orgCaller(context, anyOf: byAuthority ? Permission.assessmentReview : Permission.assessmentManage)
        let orgs = byAuthority ? try await scope(orgID, context) : [orgID]
        let settings = try await settings(context)
        let now = Self.now
        return try await transaction(context) { tx in
            guard let plan = try TestPlanStore.load(request.testPlanID, forUpdate: true, tx), orgs.contains(plan.orgID),
                  byAuthority ? plan.orgID != orgID : plan.orgID == orgID else { throw AssessmentError.notFound("考核计划") }
            guard plan.state == .approved else { throw AssessmentError.testPlanNotApproved }
            let from = ScoreStatus(plan.scoreState) ?? .notReported
            guard let next = step.next(from: from), let action = step.approvalAction else { throw AssessmentError.scoreStepNotAllowed(from) }
            if step == .report {
                let missing = try CandidateStore.missingScores(planID: plan.id, tx)
                guard missing == 0 else { throw AssessmentError.scoresIncomplete(missing: missing) }
            }
            let route = try Approvals.load(TestPlanStatus.flow(reviewDays: 0), plan.id, tx)?.route ?? []
            try Approvals.apply(action, flow: ScoreStatus.flow(reviewDays: settings.reviewDays), itemID: plan.id, applicantOrgID: plan.orgID,
                                current: from.stage, route: route, actorUserID: caller.userID, reviewerOrgID: byAuthority ? orgID : nil,
                                reason: comment, now: now, tx)
            try TestPlanStore.setScoreState(plan.id, next, comment: step == .reject ? comment : (step == .report ? "" : nil), tx)
            try Self.log("scores.\(step.rawValue)", "test_plan", plan.id, by: caller, context, tx)
            if step == .approve, try DisciplineStore.record(planID: plan.id, tx) > 0 {
                try Self.log("discipline.record", "test_plan", plan.id, by: caller, context, tx)
            }
            return try TestPlanStore.load(plan.id, tx)!
        }
    }

    static func checkScoresEditable(_ plan: Assessment_V1_TestPlan) throws {
        guard plan.state == .approved else { throw AssessmentError.testPlanNotApproved }
        let scores = ScoreStatus(plan.scoreState) ?? .notReported
        guard ScoreStep.enter.next(from: scores) != nil else { throw AssessmentError.scoreStepNotAllowed(scores) }
    }

    static func apply(_ entry: ScoreSheet.Entry, _ result: AssessmentResult, to candidate: inout Assessment_V1_Candidate) {
        candidate.sitting = entry.sitting.proto
        candidate.theoryTenths = UInt32(entry.theoryTenths)
        candidate.practiceTenths = UInt32(entry.practiceTenths)
        candidate.result = result.proto
    }
}
