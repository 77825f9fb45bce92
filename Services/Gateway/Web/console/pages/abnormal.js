// 异常学员账号 (ID-9): a student whose ID number was used from several WeChat accounts; search
// by ID number, see the accounts, bind the one allowed to act.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, onSubmit, setFieldError, toast } from "/shared/forms.js";
import { dateTime } from "/shared/format.js";
import { table, tag, confirm } from "/shared/ui.js";
import { button } from "../common.js";

function render(ctx) {
  const results = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "filters", role: "search" },
    input("证件号码", "idNumber", { maxlength: "18", autocomplete: "off", value: ctx.query.idNumber || "" }, { required: true }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询")));
  const search = async (idNumber) => {
    const r = await api.post("/api/v1/abnormal-accounts/search", { idNumber });
    const rows = (r.accounts || []).flatMap((a) => (a.wechat && a.wechat.length ? a.wechat : [null]).map((w) => ({ a, w })));
    replace(results, table([
      { title: "学员姓名", cell: (x) => x.a.name },
      { title: "证件号码", cell: (x) => x.a.maskedIdNumber },
      { title: "微信账号", cell: (x) => x.w ? x.w.openid : "—" },
      { title: "首次使用", cell: (x) => x.w ? dateTime(x.w.firstSeenUnix) : "—" },
      { title: "关联状态", cell: (x) => !x.w ? "—" : x.w.bound ? tag("已绑定", "success") : tag("未绑定", "warning") },
      { title: "操作", cell: (x) => x.w && !x.w.bound ? button("绑定此微信", async () => {
        if (!(await confirm("绑定微信", `绑定后只有该微信账号可以操作 ${x.a.name} 的信息，其他微信账号将无法登录。确定绑定吗？`, { okText: "绑定" }))) return;
        await api.put(`/api/v1/abnormal-accounts/${x.a.userId}/wechat`, { openid: x.w.openid });
        toast("已绑定"); await search(idNumber);
      }) : "—" },
    ], rows, { empty: "暂无相关数据", caption: "异常学员账号" }));
  };
  onSubmit(form, async (v) => {
    if (!v.idNumber) return setFieldError(form, "idNumber", "请输入证件号码");
    await search(v.idNumber);
  });
  replace(ctx.el, h("p", { class: "muted" }, "同一身份证号被不同微信账号使用时，请核实后绑定可用的微信；绑定后只允许该微信操作相关信息。"), form, results);
}

export default {
  menu: { group: "system", title: "异常学员账号", order: 40, permission: "student.account.manage" },
  routes: [{ path: "/system/abnormal-accounts", title: "异常学员账号", render }],
};
