import ClassesDomain
import CommonRules
import Proto
import RPC
import ServiceHost
import Storage

/// CL-4: the registry of teachers and assessors of an institution.
extension ClassesService {
    /// Creates (idempotent by `request_id`) or edits a teacher of the caller's institution.
    public func saveTeacher(_ request: Classes_V1_SaveTeacherRequest, context: CallContext) async throws -> Classes_V1_Teacher {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let form = try TeacherForm(name: request.name, idNumber: request.idNumber, role: TeacherRole(request.role),
                                   qualification: request.qualification, specialty: request.specialty, phone: request.phone,
                                   active: request.teacherID == 0 ? true : request.active, today: ShanghaiCalendar.date(atUnix: Self.now))
        return try await transaction(context) { tx in
            guard request.teacherID != 0 else {
                if let earlier = try OperationLog.earlierTarget("teacher.create", key: request.requestID, in: tx),
                   let created = try TeacherStore.load(earlier, tx) { return created }
                guard let id = try TeacherStore.insert(form, orgID: orgID, tx) else { throw ClassesError.teacherExists }
                try Self.log("teacher.create", "teacher", id, by: caller, key: request.requestID, context, tx)
                return try TeacherStore.load(id, tx)!
            }
            guard let current = try TeacherStore.load(request.teacherID, forUpdate: true, tx), current.orgID == orgID else {
                throw ClassesError.notFound("教师")
            }
            guard try TeacherStore.update(current.id, form, tx) else { throw ClassesError.teacherExists }
            try Self.log("teacher.update", "teacher", current.id, by: caller, context, tx)
            return try TeacherStore.load(current.id, tx)!
        }
    }

    /// One teacher with the full ID number and phone, for the institution's edit form.
    public func getTeacher(_ request: Classes_V1_TeacherRequest, context: CallContext) async throws -> Classes_V1_Teacher {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        return try await transaction(context) { tx in
            guard let teacher = try TeacherStore.load(request.teacherID, full: true, tx), teacher.orgID == orgID else {
                throw ClassesError.notFound("教师")
            }
            return teacher
        }
    }

    /// The registry of the caller's institution, or for authorities of every one below.
    public func listTeachers(_ request: Classes_V1_ListTeachersRequest, context: CallContext) async throws -> Classes_V1_ListTeachersResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        let window = try PageWindow(request.page)
        let role = TeacherRole(request.role)?.rawValue ?? ""
        return try await transaction(context) { tx in
            let page = try TeacherStore.list(window, orgs: orgs, role: role, specialty: request.specialty.trimmingSpaces,
                                             name: request.name.trimmingSpaces, activeOnly: request.activeOnly, tx)
            var response = Classes_V1_ListTeachersResponse()
            response.teachers = page.items
            response.page = page.info
            return response
        }
    }

    /// The certificate photo: JPEG or PNG by magic bytes, at most 2 MiB.
    public func setTeacherPhoto(_ request: Classes_V1_TeacherPhotoRequest, context: CallContext) async throws -> Classes_V1_Teacher {
        let (caller, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        guard let type = FileType(magic: request.content), type.isImage, request.content.count <= 2 << 20 else {
            throw RPCError.invalidArgument("请上传2MB以内的JPG或PNG图片", field: "content")
        }
        let content = request.content
        return try await transaction(context) { tx in
            guard let teacher = try TeacherStore.load(request.teacherID, forUpdate: true, tx), teacher.orgID == orgID else {
                throw ClassesError.notFound("教师")
            }
            try TeacherStore.setPhoto(teacher.id, content, type: type.contentType, tx)
            try Self.log("teacher.photo", "teacher", teacher.id, by: caller, context, tx)
            return try TeacherStore.load(teacher.id, tx)!
        }
    }

    public func getTeacherPhoto(_ request: Classes_V1_TeacherRequest, context: CallContext) async throws -> Classes_V1_Image {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply, Permission.classReview)
        let orgs = try await scope(orgID, context)
        return try await transaction(context) { tx in
            guard let teacher = try TeacherStore.load(request.teacherID, tx), orgs.contains(teacher.orgID),
                  let photo = try TeacherStore.photo(teacher.id, tx) else { throw ClassesError.notFound("证书照片") }
            var image = Classes_V1_Image()
            image.contentType = photo.type
            image.content = photo.content
            return image
        }
    }
}
