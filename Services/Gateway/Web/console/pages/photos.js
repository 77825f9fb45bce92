// 照片确认 (EN-6): the ID photos of my students; confirm one, or return it with a reason (the
// student uploads again until it is confirmed).
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, toast, progress } from "/shared/forms.js";
import { label, enumValue } from "/shared/format.js";
import { table, tag } from "/shared/ui.js";
import { tabs } from "../list.js";
import { button, formDialog } from "../common.js";

const KIND = { PENDING: "warning", CONFIRMED: "success", RETURNED: "danger" };

// There is no "photos waiting" list in the API: the students are those with an enrollment here
// (approved or waiting), and each one's profile says the photo's state.
async function students(bar) {
  const [approved, waiting] = await Promise.all([
    api.getAll("/api/v1/my-students", {}, "enrollments", 1000),
    api.getAll("/api/v1/enrollments", { state: "submitted" }, "enrollments", 1000),
  ]);
  const byStudent = new Map();
  for (const e of [...approved, ...waiting]) if (!byStudent.has(e.studentUserId)) byStudent.set(e.studentUserId, e);
  const list = [...byStudent.values()];
  const out = [];
  let done = 0;
  for (let i = 0; i < list.length; i += 6) {
    const part = await Promise.all(list.slice(i, i + 6).map((e) => api.get(`/api/v1/students/${e.studentUserId}/profile`).then((p) => ({ e, p }), () => null)));
    out.push(...part.filter(Boolean));
    done += part.length;
    bar.set(done / list.length, `正在读取学员照片 ${done}/${list.length}`);
  }
  return out.filter((x) => Number(x.p.photoFileId));
}

async function render(ctx) {
  const want = ctx.query.state || "pending";
  const bar = progress("正在读取学员照片…");
  const results = h("div", null, bar.el);
  replace(ctx.el, tabs(ctx, "state", [["pending", "待确认"], ["returned", "已退回"], ["confirmed", "已确认"]]), results);
  const rows = (await students(bar)).filter((x) => enumValue("PhotoState", x.p.photoState).toLowerCase() === want);
  bar.done();
  const review = (x, confirm) => async () => {
    const ok = confirm
      ? await api.post(`/api/v1/students/${x.e.studentUserId}/photo/review`, { confirm: true })
      : await formDialog(`退回照片 — ${x.e.name}`, [field("退回原因", h("textarea", { name: "comment", maxlength: "200" }), { required: true, hint: "例如：背景不是白色、面部不清晰、不是近期免冠照" })],
        (v) => {
          if (!v.comment) throw { message: "请填写退回原因", fields: [{ field: "comment", message: "请填写退回原因" }] };
          return api.post(`/api/v1/students/${x.e.studentUserId}/photo/review`, { confirm: false, comment: v.comment });
        }, { okText: "退回", danger: true });
    if (ok) { toast(confirm ? "照片已确认" : "照片已退回，学员将收到通知"); render(ctx); }
  };
  replace(results, table([
    { title: "照片", cell: (x) => h("div", { class: "photo-cell" }, h("img", { src: `/api/v1/files/${x.p.photoFileId}`, alt: `${x.e.name}的证件照` })) },
    { title: "姓名", cell: (x) => x.e.name },
    { title: "身份证号", cell: (x) => x.e.idNumber },
    { title: "报名计划", cell: (x) => x.e.planName },
    { title: "状态", cell: (x) => [tag(label("PhotoState", x.p.photoState), KIND[enumValue("PhotoState", x.p.photoState)] || "muted"), x.p.photoComment ? h("div", { class: "muted" }, x.p.photoComment) : null] },
    { title: "操作", cell: (x) => enumValue("PhotoState", x.p.photoState) === "PENDING"
      ? h("div", { class: "actions" }, button("确认", review(x, true), "primary"), button("退回", review(x, false), "danger")) : "—" },
  ], rows, { empty: { pending: "没有待确认的照片", returned: "没有已退回的照片", confirmed: "没有已确认的照片" }[want], caption: "学员照片" }));
}

export default {
  menu: { group: "enrollment", title: "照片确认", order: 50, permission: "enrollment.review" },
  routes: [{ path: "/enrollment/photos", title: "照片确认", render }],
};
