// The reference catalog's names for codes (docs/CATALOG.md): posts and trades, cities.
// These are the shipped defaults; when the catalog API exists, call loadCatalog() to replace them.

const POSTS = ["施工员", "质量员", "安全员", "标准员", "材料员", "机械员", "劳务员", "资料员"];
const SPECIALTIES = ["", "土建", "装饰装修", "设备安装", "市政"];
const TRADES = ["砌筑工", "钢筋工", "焊工", "架子工", "油漆工", "涂装作业工", "线路架设工", "混凝土工", "木工", "防水工"];

const postNames = new Map();
for (let p = 1; p <= POSTS.length; p++) {
  for (let s = 0; s < SPECIALTIES.length; s++) {
    postNames.set(`0${p}${s}`, POSTS[p - 1] + (SPECIALTIES[s] ? `（${SPECIALTIES[s]}）` : ""));
  }
}
TRADES.forEach((t, i) => postNames.set("T" + String(i + 1).padStart(2, "0"), t));

const divisions = new Map([["34", "安徽省"], ...[
  ["3401", "合肥市"], ["3402", "芜湖市"], ["3403", "蚌埠市"], ["3404", "淮南市"], ["3405", "马鞍山市"],
  ["3406", "淮北市"], ["3407", "铜陵市"], ["3408", "安庆市"], ["3410", "黄山市"], ["3411", "滁州市"],
  ["3412", "阜阳市"], ["3413", "宿州市"], ["3415", "六安市"], ["3416", "亳州市"], ["3417", "池州市"],
  ["3418", "宣城市"]]]);

/** The name of a post or trade code ("011" → "施工员（土建）", "*" → "全部岗位"); unknown codes as given. */
export function postName(code) {
  if (code === "*") return "全部岗位";
  return postNames.get(code) || code;
}

/** Post codes to names joined with "、". */
export function postList(codes) {
  return (codes || []).map(postName).join("、") || "—";
}

/** [code, name] of the posts and trades a scope allows ("*" = all). */
export function postChoices(scope) {
  const all = [...postNames.entries()];
  if (!scope || scope.includes("*")) return all;
  return all.filter(([c]) => scope.includes(c));
}

/** The name of a division code ("3401" → "合肥市"). */
export function divisionName(code) {
  return divisions.get(code) || code || "—";
}

/** [code, name] of the province's cities. */
export function cityChoices() {
  return [...divisions.entries()].filter(([c]) => c.length === 4);
}

/** Replaces the names with the catalog the API serves: {posts: [{code, name}], divisions: [{code, name}]}. */
export function loadCatalog({ posts, divisions: divs } = {}) {
  if (posts && posts.length) { postNames.clear(); for (const p of posts) postNames.set(p.code, p.name); }
  if (divs && divs.length) { divisions.clear(); for (const d of divs) divisions.set(d.code, d.name); }
}

/** Reads GET /api/v1/catalog (when the API has it) into the names above; never fails. */
export async function fetchCatalog(get) {
  try {
    const r = await get("/api/v1/catalog", undefined, { quiet401: true });
    const entries = (r.entries || []).filter((e) => e.current);
    const named = (e) => ({ code: e.code, name: e.current.name + (e.current.specialty ? `（${e.current.specialty}）` : "") });
    loadCatalog({
      posts: entries.filter((e) => /POST|TRADE/.test(e.kind)).map(named),
      divisions: entries.filter((e) => /DIVISION/.test(e.kind)).map(named),
    });
  } catch { /* the shipped names stay */ }
}
