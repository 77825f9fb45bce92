import EnrollmentDomain
import Proto
import RPC

/// EN-5, AS-4: enrollment rows with what the other services know of them — the class with its
/// hours (classes), the latest test (assessment) — and the progress words computed from both.
/// Both are asked at once; a service that does not answer leaves its part out, with a warning.
extension EnrollmentService {
    func withProgress(_ rows: [Enrollment_V1_Enrollment], _ context: CallContext) async -> [Enrollment_V1_Enrollment] {
        guard !rows.isEmpty else { return rows }
        async let training = trainingByStudentPlan(rows, context)
        async let tests = assessmentsByEnrollment(rows, context)
        let (byStudentPlan, byEnrollment) = await (training, tests)
        return rows.map { row in
            var row = row
            if let item = byStudentPlan["\(row.studentUserID):\(row.planID)"] {
                var training = Enrollment_V1_EnrollmentTraining()
                training.classID = item.classID
                training.className = item.className
                training.classState = item.classState.protoValueName ?? ""
                training.hoursCompleted = item.creditedHours
                training.hoursRequired = item.requiredHours
                training.lessonsAttended = item.attendedLessons
                training.lessonsTotal = item.lessons
                training.eligible = item.eligible
                row.training = training
            }
            if let item = byEnrollment[row.id] {
                var test = Enrollment_V1_EnrollmentAssessment()
                test.testPlanID = item.testPlanID
                test.testPlanName = item.testPlanName
                test.testPlanState = item.testPlanState.protoValueName ?? ""
                test.scoreState = item.scoreState.protoValueName ?? ""
                test.examStartUnix = item.examStartUnix
                test.place = item.place
                test.ticketNumber = item.ticketNumber
                test.result = item.result == .unspecified ? "" : item.result.protoValueName ?? ""
                test.theoryTenths = item.theoryTenths
                test.practiceTenths = item.practiceTenths
                row.assessment = test
            }
            let progress = Progress(classState: row.training?.classState ?? "", testPlanState: row.assessment?.testPlanState ?? "",
                                    scoreState: row.assessment?.scoreState ?? "")
            var words = Enrollment_V1_Progress()
            words.plan = progress.plan
            words.testPlan = progress.testPlan
            words.scores = progress.scores
            words.certificate = progress.certificate
            row.progress = words
            return row
        }
    }

    private func trainingByStudentPlan(_ rows: [Enrollment_V1_Enrollment], _ context: CallContext) async -> [String: Classes_V1_StudentTraining] {
        do {
            let found = try await classTraining.training(students: Array(Set(rows.map(\.studentUserID))), orgID: nil, options: context.forwarded)
            return Dictionary(found.map { ("\($0.studentUserID):\($0.planID)", $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            logger.warning("training unavailable for enrollment rows", metadata: ["error": "\(error)"])
            return [:]
        }
    }

    private func assessmentsByEnrollment(_ rows: [Enrollment_V1_Enrollment], _ context: CallContext) async -> [Int64: Assessment_V1_EnrollmentAssessment] {
        do {
            let found = try await assessments.assessments(enrollmentIDs: rows.map(\.id), options: context.forwarded)
            return Dictionary(found.map { ($0.enrollmentID, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            logger.warning("assessments unavailable for enrollment rows", metadata: ["error": "\(error)"])
            return [:]
        }
    }
}
