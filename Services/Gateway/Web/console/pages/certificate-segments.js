// 证书号段 (CE-1, docs/CERTIFICATES.md): the number segments of the authorities the caller sees,
// with what each has used and has left. Segments are made by the first generation of a year.
import * as api from "/shared/api.js";
import { input, notice } from "/shared/forms.js";
import { dateTime, number, skillLevel } from "/shared/format.js";
import { listPage } from "../list.js";
import { MANAGE } from "./certificates.js";

function segments(ctx) {
  listPage(ctx, {
    filters: [input("年份", "year", { type: "number", min: "2000", max: "2099" }), input("岗位/工种代码", "code", { maxlength: "3" })],
    load: (q) => api.get("/api/v1/certificate-segments", q), key: "segments",
    empty: "还没有证书号段。生成第一批证书时自动建立当年的号段",
    before: notice("证书编号 = 年份(2) + 发证机关区划(4) + 岗位/工种代码(3) + 等级(1，专业人员岗位为 9) + 顺序号(4) + 校验位(1)。每个号段 0001–9999，用完后不能继续发证。", "info"),
    columns: [
      { title: "年份", cell: (s) => String(s.year) },
      { title: "号段前缀", class: "nowrap", cell: (s) => s.prefix },
      { title: "岗位/工种", cell: (s) => `${s.codeName}（${s.code}）` },
      { title: "等级", cell: (s) => skillLevel(s.level) },
      { title: "发证机关", cell: (s) => s.issuerName },
      { title: "已使用", class: "num", cell: (s) => number(s.current) },
      { title: "剩余", class: "num", cell: (s) => number(Number(s.capacity) - Number(s.current)) },
      { title: "最近发证", class: "nowrap", cell: (s) => dateTime(s.updatedAtUnix) },
    ],
  });
}

export default {
  menu: { group: "certificates", title: "证书号段", order: 20, permission: MANAGE },
  routes: [{ path: "/certificates/segments", title: "证书号段", permission: MANAGE, render: segments }],
};
