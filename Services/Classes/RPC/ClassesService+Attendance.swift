import ClassesDomain
import CommonRules
import Imaging
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

/// CL-5 attendance with B-2's checks, all decided on the server with the server's clock: the
/// rotating venue code, the geofence, the photo and its perceptual hash, the device, and travel
/// since the last sign-in. A failed check never refuses silently: the sign-in is recorded as
/// pending and waits in the review queue; only accepted sign-ins credit hours.
extension ClassesService {
    /// B-2: the venue QR's current code, for the projector page of the class's institution.
    public func getVenueCode(_ request: Classes_V1_VenueCodeRequest, context: CallContext) async throws -> Classes_V1_VenueCode {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.classApply)
        let now = Self.now
        let secret = try await transaction(context) { tx in
            let item = try ClassStore.load(request.classID, tx)
            guard let item, item.orgID == orgID, item.lessons.contains(where: { $0.id == request.lessonID }) else {
                throw ClassesError.notFound("课程")
            }
            return try ClassStore.secret(item.id, tx) ?? []
        }
        let code = Self.venueCode(secret, request.classID, request.lessonID)
        let step = VenueCode.step(at: now)
        var answer = Classes_V1_VenueCode()
        answer.code = code.code(step: step)
        answer.validFromUnix = step * VenueCode.stepSeconds
        answer.nextChangeUnix = (step + 1) * VenueCode.stepSeconds
        answer.stepSeconds = UInt32(VenueCode.stepSeconds)
        return answer
    }

    static func venueCode(_ secret: [UInt8], _ classID: Int64, _ lessonID: Int64) -> VenueCode {
        VenueCode(secret: secret, classID: classID, lessonID: lessonID) { key, message in Crypto.hmacSHA256(key: key, message: message) }
    }

    /// CL-5: a student signs in to a lesson inside its window. A repeat (or a second device at
    /// the same moment) answers the one record there is. Three statements besides the
    /// transaction's own: the context, the B-2 facts, the record (binding a first device) with its
    /// log row (the sign-in burst of docs/BENCHMARKS.md).
    public func signIn(_ request: Classes_V1_SignRequest, context: CallContext) async throws -> Classes_V1_SignResponse {
        let caller = try Self.student(context)
        let settings = try await settings(context)
        let photo = request.photo.isEmpty ? nil : request.photo
        let photoHash = try photo.map { photo in
            guard photo.count <= 1 << 20, FileType(magic: photo) == .jpeg, let image = try? GrayImage(jpeg: photo) else { throw ClassesError.photoInvalid }
            return PerceptualHash.of(image)
        }
        let position = Self.position(request)
        let deviceID = String(request.deviceID.trimmingSpaces.prefix(100))
        let now = Self.now
        return try await transaction(context) { tx in
            let lesson = try Self.signContext(request, caller.userID, forUpdate: false, tx)
            if let existing = lesson.record { return Self.signResponse(existing, repeated: true) }
            let window = AttendanceWindow(lessonStart: lesson.lessonStart, lessonEnd: lesson.lessonEnd, settings: settings.attendance)
            guard window.signIn.contains(now) else { throw ClassesError.outsideWindow(opens: window.signIn.lowerBound, closes: window.signIn.upperBound) }
            let fence = Geofence(center: lesson.venue, radiusMeters: lesson.radius)
            let known = try AttendanceStore.signInFacts(classID: request.classID, lessonID: request.lessonID, studentUserID: caller.userID,
                                                        deviceID: deviceID, photo: photoHash != nil, tx)
            let facts = SignInFacts(
                codeAccepted: Self.venueCode(lesson.secret, request.classID, request.lessonID).accepts(request.venueCode.trimmingSpaces, at: now),
                position: position, fence: fence, photoHash: photoHash, otherPhotoHashes: known.hashes, previous: known.previous, now: now,
                deviceUsedByOthers: known.deviceShared, deviceIsStudents: !deviceID.isEmpty && (known.boundDevice ?? deviceID) == deviceID)
            let flags = facts.flags(settings.checks, maximumKmh: Double(settings.maximumTravelKmh), photoMatchBits: settings.photoMatchBits)
            let distance = position.map { Geo.distance(fence.center, $0) }
            guard let id = try AttendanceStore.insertSignIn(classID: request.classID, lessonID: request.lessonID, studentUserID: caller.userID,
                                                            at: now, state: flags.isEmpty ? .accepted : .pending, flags: flags, position: position,
                                                            distance: distance, deviceID: deviceID, bindDevice: known.boundDevice == nil,
                                                            photo: photo, photoHash: photoHash, tx)
            else {
                // The student's other sign-in committed first: its record is the one.
                return Self.signResponse(try AttendanceStore.find(lessonID: request.lessonID, studentUserID: caller.userID, tx)!, repeated: true)
            }
            try Self.log("attendance.sign_in", "attendance", id, by: caller, outcome: flags.isEmpty ? "success" : "pending", context, tx)
            var record = Classes_V1_AttendanceRecord()
            record.id = id
            record.classID = request.classID
            record.lessonID = request.lessonID
            record.studentUserID = caller.userID
            record.studentName = lesson.studentName ?? ""
            record.idNumber = lesson.studentIDNumber
            record.signInUnix = now
            record.state = flags.isEmpty ? .accepted : .pending
            record.flags = flags.map(\.rawValue)
            record.flagLabels = flags.map(\.label)
            record.hasPhoto = photo != nil
            record.distanceMeters = distance ?? -1
            record.lessonContent = lesson.lessonContent
            record.lessonStartUnix = lesson.lessonStart
            record.className = lesson.className
            return Self.signResponse(record, repeated: false)
        }
    }

    /// CL-5: sign-out inside its window; the venue code and the fence are checked again, and a
    /// failure sends the record to review.
    public func signOut(_ request: Classes_V1_SignRequest, context: CallContext) async throws -> Classes_V1_SignResponse {
        let caller = try Self.student(context)
        let settings = try await settings(context)
        let position = Self.position(request)
        let now = Self.now
        return try await transaction(context) { tx in
            let lesson = try Self.signContext(request, caller.userID, forUpdate: true, tx)
            guard let record = lesson.record, record.signInUnix != 0 else { throw ClassesError.notSignedIn }
            guard record.signOutUnix == 0 else { return Self.signResponse(record, repeated: true) }
            let window = AttendanceWindow(lessonStart: lesson.lessonStart, lessonEnd: lesson.lessonEnd, settings: settings.attendance)
            guard window.signOut.contains(now) else { throw ClassesError.outsideWindow(opens: window.signOut.lowerBound, closes: window.signOut.upperBound) }
            var flags: [SignInFlag] = []
            if settings.checks.venueCode, !Self.venueCode(lesson.secret, request.classID, request.lessonID).accepts(request.venueCode.trimmingSpaces, at: now) {
                flags.append(.staleCode)
            }
            if settings.checks.geofence {
                let fence = Geofence(center: lesson.venue, radiusMeters: lesson.radius)
                if let position { if !fence.contains(position) { flags.append(.outsideFence) } } else { flags.append(.noLocation) }
            }
            let accepted = record.state == .accepted && flags.isEmpty
            try AttendanceStore.setSignOut(record.id, at: now, flags: flags, credited: accepted && window.credits(signIn: record.signInUnix, signOut: now), tx)
            if !flags.isEmpty, record.state == .accepted {
                try AttendanceStore.review(record.id, state: .pending, reason: "", credited: false, by: caller.userID, tx)
            }
            try Self.log("attendance.sign_out", "attendance", record.id, by: caller, outcome: flags.isEmpty ? "success" : "pending", context, tx)
            return Self.signResponse(try AttendanceStore.load(record.id, tx)!, repeated: false)
        }
    }

    /// The lesson of a class that takes attendance now (approved or in training, not confirmed),
    /// for a student on its roster.
    static func signContext(_ request: Classes_V1_SignRequest, _ studentUserID: Int64, forUpdate: Bool,
                            _ tx: Transaction) throws -> AttendanceStore.SignContext {
        guard let lesson = try AttendanceStore.signContext(classID: request.classID, lessonID: request.lessonID,
                                                           studentUserID: studentUserID, forUpdate: forUpdate, tx) else {
            throw ClassesError.notFound("课程")
        }
        guard lesson.studentName != nil else { throw ClassesError.notOnRoster }
        guard lesson.state == .approved || lesson.state == .inTraining, !lesson.confirmed else { throw ClassesError.stepNotAllowed(lesson.state) }
        return lesson
    }

    static func position(_ request: Classes_V1_SignRequest) -> GeoPoint? {
        guard request.hasLocation, (-90...90).contains(request.latitude), (-180...180).contains(request.longitude) else { return nil }
        return Geo.wgs84(GeoPoint(latitude: request.latitude, longitude: request.longitude),
                         from: request.coordinateSystem == .gcj02 ? .gcj02 : .wgs84)
    }

    static func signResponse(_ record: Classes_V1_AttendanceRecord, repeated: Bool) -> Classes_V1_SignResponse {
        var response = Classes_V1_SignResponse()
        response.record = record
        if record.state == .pending {
            response.message = "已提交，需机构审核：" + record.flagLabels.joined(separator: "、")
        } else if record.signOutUnix != 0 {
            response.message = repeated ? "本节课已签退" : "签退成功"
        } else {
            response.message = repeated ? "本节课已签到" : "签到成功"
        }
        return response
    }
}
