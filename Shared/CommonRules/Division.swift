/// Administrative divisions (行政区划, GB/T 2260) the product ships: the province and its cities
/// (SPEC §0, docs/CATALOG.md). One table for every service: identity checks a new city
/// authority's code against it (ID-5), enrollment the employer's city on a form (EN-3). The
/// `divisions` table of identity's migration 0101 holds the same rows (a test compares them).
public struct Division: Hashable, Sendable {
    /// 2 digits for a province, 4 for a city.
    public let code: String
    public let name: String

    /// The province this deployment serves.
    public static let province = Division(code: "34", name: "安徽省")

    /// The province's cities. 3409 and 3414 no longer exist (巢湖 was dissolved in 2011).
    public static let cities: [Division] = [
        ("3401", "合肥市"), ("3402", "芜湖市"), ("3403", "蚌埠市"), ("3404", "淮南市"), ("3405", "马鞍山市"),
        ("3406", "淮北市"), ("3407", "铜陵市"), ("3408", "安庆市"), ("3410", "黄山市"), ("3411", "滁州市"),
        ("3412", "阜阳市"), ("3413", "宿州市"), ("3415", "六安市"), ("3416", "亳州市"), ("3417", "池州市"),
        ("3418", "宣城市"),
    ].map { Division(code: $0.0, name: $0.1) }

    private static let cityCodes = Set(cities.map(\.code))

    /// The city with this code under `provinceCode`, or nil (`0000`, `9999`, a dissolved city,
    /// another province's city, anything not four digits).
    public static func city(_ code: String, in provinceCode: String = province.code) -> Division? {
        guard code.count == 4, code.hasPrefix(provinceCode), cityCodes.contains(code) else { return nil }
        return cities.first { $0.code == code }
    }
}
