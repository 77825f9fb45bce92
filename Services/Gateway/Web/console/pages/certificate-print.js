// 证书打印 (CE-6, docs/CERTIFICATES.md): one certificate on its issuer's paper, printed from the
// browser at the layout's millimetres; after printing the clerk confirms and the print is counted
// (补N from the second). 打印版式 sets the issuer's layout, with a preview.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, notice, onSubmit, toast } from "/shared/forms.js";
import { certificateSheet, sheetValues, setPrintedPageSize } from "/shared/certificate-sheet.js";
import { confirm } from "/shared/ui.js";
import { MANAGE } from "./certificates.js";

const FIELDS = [
  ["title", "证书名称"], ["holderName", "姓名"], ["idNumber", "身份证号码"], ["postName", "岗位/工种"], ["level", "等级"],
  ["number", "证书编号"], ["issuedOn", "发证日期"], ["validUntil", "有效期至"], ["issuerName", "发证机关"], ["qr", "二维码"],
];

async function printPage(ctx) {
  const c = await api.get(`/api/v1/certificates/${ctx.params.id}`);
  const layout = await api.get("/api/v1/certificate-print-layout", { issuerOrgId: c.issuerOrgId });
  ctx.setTitle(`打印证书 ${c.number}`);
  setPrintedPageSize(layout);
  const print = h("button", { type: "button", class: "primary" }, "打印");
  print.addEventListener("click", async () => {
    window.print();
    const next = Number(c.printCount) + 1;
    if (!(await confirm("登记打印", `证书是否已正确打印？确认后登记为${next > 1 ? `第 ${next} 次打印（补${next - 1}）` : "已打印"}。`, { okText: "已打印" }))) return;
    await api.post(`/api/v1/certificates/${c.id}/print`, { printed: true });
    toast("已登记打印");
    ctx.go(`/certificates/${c.id}`);
  });
  ctx.actions.append(print, h("a", { class: "btn", href: `#/certificates/${c.id}` }, "返回证书详情"));
  replace(ctx.el,
    h("div", { class: "no-print" },
      c.status === "CERTIFICATE_STATUS_CANCELLED" ? notice("该证书已注销，不能打印。", "error") : null,
      notice(`按发证机关“${layout.issuerName || c.issuerName}”的${layout.isDefault ? "默认" : ""}版式打印（${layout.pageWidthMm}×${layout.pageHeightMm} 毫米）。请在打印设置中选择“实际大小”、无页边距。${Number(c.printCount) ? `本证书已打印 ${c.printCount} 次，再次打印为补${c.printCount}。` : ""}`, "info")),
    h("div", { class: "sheet-scroll" }, certificateSheet(layout, sheetValues(c), `/api/v1/certificates/${c.id}/qr.svg`)));
  if (c.status === "CERTIFICATE_STATUS_CANCELLED") print.disabled = true;
}

const SAMPLE = {
  number: "263400011900013", holderName: "张三", idNumber: "340101199003071236", postName: "施工员（土建）", level: "—",
  issuerName: "安徽省住房和城乡建设厅", issuedOn: "2026-12-03", validUntil: "2029-12-02",
};

async function layoutPage(ctx) {
  const layout = await api.get("/api/v1/certificate-print-layout");
  const byField = Object.fromEntries((layout.elements || []).map((e) => [e.field, e]));
  const num = (name, value, attrs = {}) => h("input", { type: "number", name, value: String(value ?? ""), step: "0.5", min: "0", ...attrs });
  const rows = FIELDS.map(([id, label]) => {
    const e = byField[id];
    return h("tr", null,
      h("td", null, h("label", { class: "check" }, h("input", { type: "checkbox", name: `${id}.on`, checked: Boolean(e) }), label)),
      h("td", null, num(`${id}.x`, e ? e.xMm : 20, { "aria-label": `${label} 横向位置（毫米）` })),
      h("td", null, num(`${id}.y`, e ? e.yMm : 20, { "aria-label": `${label} 纵向位置（毫米）` })),
      h("td", null, num(`${id}.size`, e ? e.size : (id === "qr" ? 40 : 14), { "aria-label": id === "qr" ? "二维码边长（毫米）" : `${label} 字号（磅）` })),
      h("td", null, id === "qr" || id === "title" ? "—" : h("input", { name: `${id}.caption`, class: "caption", value: e ? e.caption : "", maxlength: "12", "aria-label": `${label} 前缀文字` })));
  });
  const preview = h("div", { class: "layout-preview sheet-scroll" });
  const form = h("form", { class: "card", "aria-label": "打印版式" },
    h("div", { class: "form-grid" },
      field("证书名称", h("input", { name: "title", value: layout.title, maxlength: "40" }), { required: true, wide: true }),
      field("纸张宽度（毫米）", num("pageWidthMm", layout.pageWidthMm, { min: "50", max: "500" }), { required: true }),
      field("纸张高度（毫米）", num("pageHeightMm", layout.pageHeightMm, { min: "50", max: "500" }), { required: true })),
    h("div", { class: "table-wrap" }, h("table", null,
      h("caption", { class: "visually-hidden" }, "各项内容的位置"),
      h("thead", null, h("tr", null, ["内容", "距左边（毫米）", "距上边（毫米）", "字号（磅）/ 边长（毫米）", "前缀文字"].map((t) => h("th", null, t)))),
      h("tbody", null, rows))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "保存版式"),
      h("button", { type: "button", class: "preview-button" }, "预览")));
  const read = () => {
    const data = new FormData(form);
    const elements = FIELDS.filter(([id]) => data.get(`${id}.on`)).map(([id]) => ({
      field: id, xMm: Number(data.get(`${id}.x`)), yMm: Number(data.get(`${id}.y`)), size: Number(data.get(`${id}.size`)),
      caption: String(data.get(`${id}.caption`) || ""),
    }));
    return { title: String(data.get("title") || ""), pageWidthMm: Number(data.get("pageWidthMm")), pageHeightMm: Number(data.get("pageHeightMm")), elements };
  };
  const draw = () => replace(preview, certificateSheet(read(), SAMPLE, "/console/sample-qr.svg"));
  form.querySelector(".preview-button").addEventListener("click", draw);
  form.addEventListener("change", draw);
  onSubmit(form, async () => {
    await api.put("/api/v1/certificate-print-layout", read());
    toast("打印版式已保存");
    await layoutPage(ctx);
  });
  replace(ctx.el,
    notice(`${layout.issuerName || "本机关"}的证书打印版式${layout.isDefault ? "（尚未设置，当前为默认 A4 横向版式）" : ""}。位置从纸张左上角量起；电子证书（PDF）使用同一版式。`, "info"),
    h("div", { class: "layout-editor" }, form, h("section", { class: "card" }, h("h2", null, "预览（示例数据）"), preview)));
  draw();
}

export default {
  menu: { group: "certificates", title: "打印版式", order: 25, permission: MANAGE },
  routes: [
    { path: "/certificates/print-layout", title: "打印版式", permission: MANAGE, render: layoutPage },
    { path: "/certificates/:id/print", title: "打印证书", parent: "/certificates", permission: MANAGE, render: printPage },
  ],
};
