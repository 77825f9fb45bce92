import Foundation

/// A position in degrees.
public struct GeoPoint: Sendable, Equatable {
    public let latitude: Double
    public let longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Which datum a position is in.
public enum CoordinateSystem: Sendable {
    /// GPS and the browser's Geolocation API.
    case wgs84
    /// China's GCJ-02 ("火星坐标"): what Chinese map SDKs and `wx.getLocation({type: 'gcj02'})`
    /// report, WGS-84 shifted by up to several hundred metres by a published formula.
    case gcj02
}

/// B-2: the geometry of the venue check.
///
/// **GCJ-02 → WGS-84.** GCJ-02 is WGS-84 moved by an offset `f(p)` that the published formula
/// gives as a function of the WGS-84 position (a sum of sines over the distance from 105°E,
/// 35°N on the Krasovsky ellipsoid), and only inside China. The inverse has no closed form, but
/// the offset changes slowly (well under a metre across a few hundred metres), so fixed-point
/// iteration converges fast: start at `w = g`, then `w ← w − (gcj(w) − g)` until the step is under
/// 1e-9° (a tenth of a millimetre); 3–5 steps. Outside the bounding box the formula is not
/// applied by anybody, so the two datums are the same there.
public enum Geo {
    /// Mean Earth radius (IUGG), metres.
    public static let earthRadius = 6_371_008.8

    /// Great-circle distance in metres (haversine).
    public static func distance(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let φ1 = a.latitude * .pi / 180, φ2 = b.latitude * .pi / 180
        let dφ = φ2 - φ1, dλ = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * earthRadius * asin(min(1, sqrt(h)))
    }

    /// Whether GCJ-02 applies at a position (the box that implementations use for China).
    public static func inChina(_ p: GeoPoint) -> Bool {
        (72.004...137.8347).contains(p.longitude) && (0.8293...55.8271).contains(p.latitude)
    }

    /// The published WGS-84 → GCJ-02 transform.
    public static func gcj02(fromWGS84 p: GeoPoint) -> GeoPoint {
        guard inChina(p) else { return p }
        let a = 6_378_245.0, ee = 0.006_693_421_622_965_943_23
        let x = p.longitude - 105, y = p.latitude - 35
        var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLat += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        dLat += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLon += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        dLon += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let radLat = p.latitude / 180 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180) / (a / sqrtMagic * cos(radLat) * .pi)
        return GeoPoint(latitude: p.latitude + dLat, longitude: p.longitude + dLon)
    }

    /// GCJ-02 → WGS-84 by fixed-point iteration (see the type's comment).
    public static func wgs84(fromGCJ02 g: GeoPoint) -> GeoPoint {
        guard inChina(g) else { return g }
        var w = g
        for _ in 0..<30 {
            let shifted = gcj02(fromWGS84: w)
            let dLat = shifted.latitude - g.latitude, dLon = shifted.longitude - g.longitude
            w = GeoPoint(latitude: w.latitude - dLat, longitude: w.longitude - dLon)
            if abs(dLat) < 1e-9, abs(dLon) < 1e-9 { break }
        }
        return w
    }

    /// The position in WGS-84, whatever it came in.
    public static func wgs84(_ p: GeoPoint, from system: CoordinateSystem) -> GeoPoint {
        system == .gcj02 ? wgs84(fromGCJ02: p) : p
    }
}

/// B-2: a venue's fence: a circle around its WGS-84 centre, its edge inside.
public struct Geofence: Sendable, Equatable {
    public let center: GeoPoint
    public let radiusMeters: Double

    public init(center: GeoPoint, radiusMeters: Double) {
        self.center = center
        self.radiusMeters = radiusMeters
    }

    public func contains(_ p: GeoPoint) -> Bool { Geo.distance(center, p) <= radiusMeters }
}
