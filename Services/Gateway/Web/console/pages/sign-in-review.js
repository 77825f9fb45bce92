// 签到审核 (B-2): sign-ins that failed a check (stale code, outside the fence, a reused photo, one
// phone for several students, …) wait here with their photo and flags; accept (the lesson then
// counts) or reject, each with a reason.
import * as api from "/shared/api.js";
import { h } from "/shared/dom.js";
import { field, toast } from "/shared/forms.js";
import { dateTime } from "/shared/format.js";
import { listPage } from "../list.js";
import { button, formDialog } from "../common.js";
import { APPLY, REVIEW, signInPhoto, recordState } from "../class-ui.js";

function render(ctx) {
  let page;
  const decide = (r, accept) => async () => {
    const done = await formDialog(`${accept ? "认可签到" : "驳回签到"} — ${r.studentName}`, [
      h("p", null, accept ? "认可后该签到视为有效，签退在时段内即计学时。" : "驳回后该节课不计学时，学员将看到驳回原因。"),
      field(accept ? "认可理由" : "驳回原因", h("textarea", { name: "reason", maxlength: "200" }), { required: true,
        hint: accept ? "例如：经授课教师核实本人到课" : "例如：照片非本人" }),
    ], (v) => {
      if (!v.reason) throw { message: accept ? "请填写认可理由" : "请填写驳回原因", fields: [{ field: "reason", message: accept ? "请填写认可理由" : "请填写驳回原因" }] };
      return api.post(`/api/v1/sign-in-reviews/${r.id}`, { accept, reason: v.reason });
    }, { okText: accept ? "认可" : "驳回", danger: !accept });
    if (done) { toast(accept ? "已认可该签到" : "已驳回该签到"); page.reload(); }
  };
  page = listPage(ctx, {
    load: (q) => api.get("/api/v1/sign-in-reviews", { classId: ctx.query.classId, pageSize: q.pageSize, pageToken: q.pageToken }),
    key: "records", caption: "待审核签到",
    empty: "没有待审核的签到",
    columns: [
      { title: "照片", cell: (r) => signInPhoto(r) },
      { title: "学员", cell: (r) => [h("div", null, r.studentName), h("div", { class: "muted nowrap" }, r.idNumber)] },
      { title: "班级与课程", cell: (r) => [h("div", null, r.className), h("div", { class: "muted" }, `${dateTime(r.lessonStartUnix)} ${r.lessonContent}`)] },
      { title: "签到时间", cell: (r) => dateTime(r.signInUnix), class: "nowrap" },
      { title: "异常情况", cell: (r) => recordState(r) },
      { title: "操作", cell: (r) => h("div", { class: "actions" }, button("认可", decide(r, true), "primary"), button("驳回", decide(r, false), "danger")) },
    ],
  });
}

export default {
  menu: { group: "classes", title: "签到审核", order: 70, permission: [APPLY, REVIEW] },
  routes: [{ path: "/classes/sign-in-review", title: "签到审核", render }],
};
