// 企业注册 (ID-10), the public page reached from sign-in: name, unified social credit code,
// the city authority that reviews it, the licence and 1–5 qualification images, the commitment.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { input, select, field, onSubmit, setFieldError, notice } from "/shared/forms.js";

const CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const MAX_IMAGE = 2 * 1024 * 1024;
const MAX_TOTAL = 2.5 * 1024 * 1024;

/** GB 32100 check of a unified social credit code (a failing code is still accepted, and flagged). */
export function creditCodeValid(code) {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + CODE_CHARS.indexOf(code[i]) * w, 0);
  const check = (31 - (sum % 31)) % 31;
  return CODE_CHARS[check] === code[17];
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(",")[1] || "");
    r.onerror = () => reject(new Error("读取文件失败"));
    r.readAsDataURL(file);
  });
}

/** The online city authorities (the open list, no sign-in needed), as select pairs; `{ error }` when it could not be read. */
async function cityAuthorities() {
  try {
    const r = await api.get("/api/v1/authorities", null, { quiet401: true });
    return (r.authorities || []).map((o) => [String(o.id), o.name]);
  } catch (err) { return { error: err }; }
}

async function render(ctx) {
  ctx.setTitle("企业注册申请");
  const authorities = await cityAuthorities();
  const failed = !Array.isArray(authorities);
  const authorityField = select("所属地区主管部门", "cityAuthorityId", failed ? [] : authorities,
    { empty: "请选择", required: true, hint: "由企业工商注册所在地的住建主管部门审核" });
  const licence = field("营业执照", h("input", { type: "file", name: "licenceImage", accept: "image/jpeg,image/png" }), { required: true, hint: "jpg 或 png，不超过 2 MB" });
  const quals = field("企业资质证书", h("input", { type: "file", name: "qualificationImages", accept: "image/jpeg,image/png", multiple: true }), { required: true, hint: "1 至 5 张 jpg 或 png，每张不超过 2 MB，全部图片合计不超过 2.5 MB" });
  const codeField = input("统一社会信用代码", "creditCode", { maxlength: "18", autocapitalize: "characters", autocomplete: "off" }, { required: true, hint: "18 位，由数字和大写字母组成" });
  const codeInput = codeField.querySelector("input");
  const codeHint = codeField.querySelector(".hint");
  codeInput.addEventListener("blur", () => {
    const v = codeInput.value.trim().toUpperCase();
    codeInput.value = v;
    codeHint.textContent = !v ? "18 位，由数字和大写字母组成" : creditCodeValid(v) ? "代码校验通过" : "代码校验位不符：仍可提交，主管部门将人工核对";
  });
  const form = h("form", { "aria-label": "企业注册申请" },
    h("div", { class: "form-grid" }, input("企业名称", "name", { maxlength: "100" }, { required: true }), codeField, authorityField),
    licence, quals,
    h("fieldset", { class: "field", dataset: { field: "commitmentAccepted" } }, h("legend", null, "企业承诺书"),
      h("p", { class: "muted" }, "本企业承诺所填报的信息及上传的营业执照、资质证书真实、有效，如有虚假，愿承担相应的法律责任。"),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "commitmentAccepted" }), "我已阅读并同意以上承诺"),
      h("div", { class: "field-error", role: "alert" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "提交申请"), h("a", { href: "#/login" }, "返回登录")));
  onSubmit(form, async (v) => {
    if (!v.name) return setFieldError(form, "name", "请输入企业名称");
    if (!/^[0-9A-Z]{18}$/.test(v.creditCode.toUpperCase())) return setFieldError(form, "creditCode", "统一社会信用代码应为 18 位数字或大写字母");
    if (!v.cityAuthorityId) return setFieldError(form, "cityAuthorityId", "请选择主管部门");
    const lic = form.querySelector("[name=licenceImage]").files[0];
    const qs = [...form.querySelector("[name=qualificationImages]").files];
    if (!lic) return setFieldError(form, "licenceImage", "请上传营业执照");
    if (!qs.length || qs.length > 5) return setFieldError(form, "qualificationImages", "请上传 1 至 5 张资质证书");
    const all = [lic, ...qs];
    if (all.some((f) => f.size > MAX_IMAGE)) return setFieldError(form, all[0].size > MAX_IMAGE ? "licenceImage" : "qualificationImages", "每张图片不能超过 2 MB");
    if (all.reduce((s, f) => s + f.size, 0) > MAX_TOTAL) return setFieldError(form, "qualificationImages", "全部图片合计不能超过 2.5 MB，请压缩后再上传");
    if (!v.commitmentAccepted) return setFieldError(form, "commitmentAccepted", "请阅读并同意企业承诺书");
    const r = await api.post("/api/v1/enterprise-applications", {
      name: v.name, creditCode: v.creditCode.toUpperCase(), cityAuthorityId: Number(v.cityAuthorityId), commitmentAccepted: true,
      licenceImage: await base64(lic), qualificationImages: await Promise.all(qs.map(base64)),
    });
    replace(ctx.el, h("h1", null, "申请已提交"),
      notice(`「${r.name}」的注册申请已提交，请等待主管部门审核。`, "success"),
      r.creditCodeFlagged ? notice("统一社会信用代码校验未通过，主管部门将人工核对营业执照。", "warning") : null,
      h("a", { class: "btn primary", href: "#/login" }, "返回登录"));
  });
  replace(ctx.el, h("h1", null, "企业注册申请"),
    failed ? notice("主管部门列表加载失败，请稍后刷新页面再填写。", "error") : null,
    h("p", { class: "muted" }, "企业注册后，由所属地区的住建主管部门审核营业执照和资质证书；审核通过的企业才可以为职工报名培训计划。"), form);
}

export default {
  routes: [{ path: "/enterprise/register", title: "企业注册申请", public: true, wide: true, render }],
};
