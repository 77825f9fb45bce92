/// B-2: why a sign-in waits for review instead of counting at once.
public enum SignInFlag: String, Sendable, CaseIterable {
    /// The venue code was missing, wrong or older than the previous step.
    case staleCode = "stale_code"
    case outsideFence = "outside_fence"
    case noLocation = "no_location"
    case noPhoto = "no_photo"
    /// The photo's perceptual hash is near another student's, or the student's own from another lesson.
    case photoReused = "photo_reused"
    /// Faster than the province's limit (300 km/h) from the student's previous sign-in.
    case impossibleTravel = "impossible_travel"
    /// The device signed in another student in this lesson, or belongs to another student.
    case sharedDevice = "shared_device"
    /// Not the device the student first signed in with.
    case otherDevice = "other_device"
    /// Recorded by the institution by hand (a correction), not by the phone.
    case manual

    public var label: String {
        switch self {
        case .staleCode: "现场二维码无效或已过期"
        case .outsideFence: "不在培训场地范围内"
        case .noLocation: "未提供位置"
        case .noPhoto: "未拍照"
        case .photoReused: "照片与他人或其他课次重复"
        case .impossibleTravel: "与上次签到地点相距过远"
        case .sharedDevice: "同一设备为多名学员签到"
        case .otherDevice: "非本人常用设备"
        case .manual: "人工补录"
        }
    }
}

/// B-2: each check can be switched off by a province setting.
public struct CheckSwitches: Sendable, Equatable {
    public var venueCode, geofence, photo, device, travel: Bool

    public init(venueCode: Bool = true, geofence: Bool = true, photo: Bool = true, device: Bool = true, travel: Bool = true) {
        self.venueCode = venueCode
        self.geofence = geofence
        self.photo = photo
        self.device = device
        self.travel = travel
    }
}

/// B-2: what the server knows about one sign-in, decided entirely on the server.
public struct SignInFacts: Sendable {
    public var codeAccepted: Bool
    /// The phone's position in WGS-84, nil when it gave none.
    public var position: GeoPoint?
    public var fence: Geofence
    /// The photo's perceptual hash, nil when it sent none.
    public var photoHash: UInt64?
    /// Hashes of the class's other sign-in photos (other students, or this student's other lessons).
    public var otherPhotoHashes: [UInt64]
    /// The student's previous sign-in with a position, anywhere.
    public var previous: (position: GeoPoint, at: Int64)?
    public var now: Int64
    public var deviceUsedByOthers: Bool
    public var deviceIsStudents: Bool

    public init(codeAccepted: Bool, position: GeoPoint?, fence: Geofence, photoHash: UInt64?, otherPhotoHashes: [UInt64],
                previous: (position: GeoPoint, at: Int64)?, now: Int64, deviceUsedByOthers: Bool, deviceIsStudents: Bool) {
        self.codeAccepted = codeAccepted
        self.position = position
        self.fence = fence
        self.photoHash = photoHash
        self.otherPhotoHashes = otherPhotoHashes
        self.previous = previous
        self.now = now
        self.deviceUsedByOthers = deviceUsedByOthers
        self.deviceIsStudents = deviceIsStudents
    }

    /// The flags of the checks switched on that fail; none: the sign-in counts at once.
    public func flags(_ switches: CheckSwitches, maximumKmh: Double, photoMatchBits: Int) -> [SignInFlag] {
        var flags: [SignInFlag] = []
        if switches.venueCode, !codeAccepted { flags.append(.staleCode) }
        if switches.geofence {
            if let position { if !fence.contains(position) { flags.append(.outsideFence) } } else { flags.append(.noLocation) }
        }
        if switches.photo {
            if let photoHash {
                if PhotoMatch.reused(photoHash, among: otherPhotoHashes, maximumBits: photoMatchBits) { flags.append(.photoReused) }
            } else {
                flags.append(.noPhoto)
            }
        }
        if switches.travel, let position, let previous,
           Travel.impossible(from: previous.position, at: previous.at, to: position, at: now, maximumKmh: maximumKmh) {
            flags.append(.impossibleTravel)
        }
        if switches.device {
            if deviceUsedByOthers { flags.append(.sharedDevice) } else if !deviceIsStudents { flags.append(.otherDevice) }
        }
        return flags
    }
}

/// B-2 "impossible travel".
public enum Travel {
    /// Whether going from one sign-in to the next needs more than `maximumKmh`. Positions less
    /// than 1 km apart never count (a phone's fix wanders), nor does the same second.
    public static func impossible(from a: GeoPoint, at t1: Int64, to b: GeoPoint, at t2: Int64, maximumKmh: Double) -> Bool {
        let meters = Geo.distance(a, b)
        guard meters >= 1000 else { return false }
        let seconds = Double(max(abs(t2 - t1), 1))
        return meters / seconds * 3.6 > maximumKmh
    }
}

/// B-2 "a photo reused": perceptual hashes within a few bits are the same picture.
public enum PhotoMatch {
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    public static func reused(_ hash: UInt64, among others: [UInt64], maximumBits: Int) -> Bool {
        others.contains { distance(hash, $0) <= maximumBits }
    }
}
