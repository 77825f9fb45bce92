import ClassesDomain
import Proto
import ProtoServices
import RPC
import ServiceHost
import Storage

/// `classes.v1.ClassesDirectory`: what other services read of classes (assessors for test plans,
/// a finished class's eligible students, students' training for enrollment's rows), since no
/// service reads another's schema. Only the services in `directoryPeers` may call it.
public struct ClassesDirectory: Classes_V1_ClassesDirectoryService {
    let service: ClassesService

    public func countAssessors(_ request: Classes_V1_AssessorCountRequest, context: CallContext) async throws -> Classes_V1_AssessorCount {
        try context.requirePeer(in: service.directoryPeers)
        var answer = Classes_V1_AssessorCount()
        answer.assessors = UInt32(try await service.database.transaction(deadline: context.deadline) { tx in
            try TeacherStore.assessors(orgID: request.orgID, specialty: request.specialty, tx)
        })
        return answer
    }

    /// CL-6: the eligible students of a class; only a finished class with confirmed attendance has any.
    public func listEligibleStudents(_ request: Classes_V1_EligibleStudentsRequest, context: CallContext) async throws -> Classes_V1_EligibleStudents {
        try context.requirePeer(in: service.directoryPeers)
        return try await service.database.transaction(deadline: context.deadline) { tx in
            guard let item = try ClassStore.load(request.classID, tx) else { throw ClassesError.notFound("班级") }
            var answer = Classes_V1_EligibleStudents()
            answer.classID = item.id
            answer.orgID = item.orgID
            answer.post = item.post
            answer.attendanceConfirmed = item.attendanceConfirmedUnix != 0
            answer.className = item.name
            answer.state = item.state
            if item.state == .finished, answer.attendanceConfirmed {
                answer.students = try ClassStore.allStudents(classID: item.id, requiredHours: Int(item.requiredHours), tx).filter(\.eligible)
            }
            return answer
        }
    }

    /// EN-5: hours per student and class.
    public func getStudentTraining(_ request: Classes_V1_StudentTrainingRequest, context: CallContext) async throws -> Classes_V1_StudentTrainingResponse {
        try context.requirePeer(in: service.directoryPeers)
        guard request.studentUserIds.count <= 200 else { throw RPCError.invalidArgument("一次最多查询200名学员", field: "studentUserIds") }
        var answer = Classes_V1_StudentTrainingResponse()
        answer.training = try await service.database.transaction(deadline: context.deadline) { tx in
            try ClassStore.training(students: request.studentUserIds, orgID: request.orgID == 0 ? nil : request.orgID, tx)
        }
        return answer
    }
}

extension ClassesService {
    public var directory: ClassesDirectory { ClassesDirectory(service: self) }
}
