// 照片确认 (EN-6): the ID photos of my students by state (GET /api/v1/student-photos, paged);
// confirm one, or return it with a reason (the student uploads again until it is confirmed).
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, toast } from "/shared/forms.js";
import { label, enumValue, dateTime } from "/shared/format.js";
import { tag } from "/shared/ui.js";
import { listPage, tabs } from "../list.js";
import { button, formDialog } from "../common.js";

const KIND = { PENDING: "warning", CONFIRMED: "success", RETURNED: "danger" };

async function render(ctx) {
  const want = ctx.query.state || "pending";
  let page;
  const review = (x, confirm) => async () => {
    const ok = confirm
      ? await api.post(`/api/v1/students/${x.studentUserId}/photo/review`, { confirm: true })
      : await formDialog(`退回照片 — ${x.name}`, [field("退回原因", h("textarea", { name: "comment", maxlength: "200" }), { required: true, hint: "例如：背景不是白色、面部不清晰、不是近期免冠照" })],
        (v) => {
          if (!v.comment) throw { message: "请填写退回原因", fields: [{ field: "comment", message: "请填写退回原因" }] };
          return api.post(`/api/v1/students/${x.studentUserId}/photo/review`, { confirm: false, comment: v.comment });
        }, { okText: "退回", danger: true });
    if (ok) { toast(confirm ? "照片已确认" : "照片已退回，学员将收到通知"); page.reload(); }
  };
  page = listPage(ctx, {
    before: tabs(ctx, "state", [["pending", "待确认"], ["returned", "已退回"], ["confirmed", "已确认"]]),
    load: (q) => api.get("/api/v1/student-photos", { state: want, pageSize: q.pageSize, pageToken: q.pageToken }),
    key: "photos", caption: "学员照片",
    empty: { pending: "没有待确认的照片", returned: "没有已退回的照片", confirmed: "没有已确认的照片" }[want],
    columns: [
      { title: "照片", cell: (x) => h("div", { class: "photo-cell" }, h("img", { src: `/api/v1/files/${x.photoFileId}`, alt: `${x.name}的证件照` })) },
      { title: "姓名", cell: (x) => x.name },
      { title: "身份证号", cell: (x) => x.idNumber },
      { title: "报名计划", cell: (x) => x.planName },
      { title: want === "pending" ? "上传时间" : "审核时间", cell: (x) => dateTime(x.updatedAtUnix), class: "nowrap" },
      { title: "状态", cell: (x) => [tag(label("PhotoState", x.photoState), KIND[enumValue("PhotoState", x.photoState)] || "muted"), x.photoComment ? h("div", { class: "muted" }, x.photoComment) : null] },
      { title: "操作", cell: (x) => enumValue("PhotoState", x.photoState) === "PENDING"
        ? h("div", { class: "actions" }, button("确认", review(x, true), "primary"), button("退回", review(x, false), "danger")) : "—" },
    ],
  });
}

export default {
  menu: { group: "enrollment", title: "照片确认", order: 50, permission: "enrollment.review" },
  routes: [{ path: "/enrollment/photos", title: "照片确认", render }],
};
