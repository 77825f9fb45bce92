// 个人信息 (EN-6): personal data as identity holds it and the ID photo with its confirmation
// state (待确认 / 已确认 / 已退回 + reason); a returned photo is uploaded again until 已确认.
import { get, put } from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { notice, toast } from "/shared/forms.js";
import { enumValue } from "/shared/format.js";
import { certificateTag } from "/shared/ui.js";
import { card, photoTag } from "../ui.js";
import { uploadField } from "../upload.js";

/** EN-6: the certificates the student holds, each linking to 我的证书. */
async function heldCertificates() {
  const r = await get("/api/v1/me/certificates").catch(() => ({ certificates: [] }));
  const all = r.certificates || [];
  return card("我的证书", all.length
    ? h("ul", { class: "m-list" }, all.map((c) => h("li", null, h("a", { href: "#/certificates" }, h("span", null, `${c.postName} ${c.number}`), certificateTag(c.status)))))
    : h("p", { class: "muted" }, "暂无证书"));
}

export default async function render(ctx) {
  const { me, query } = ctx;
  const profile = await get("/api/v1/me/profile");
  const state = enumValue("PhotoState", profile.photoState);
  const out = [];
  if (query.welcome === "1") out.push(notice("注册成功！请上传本人证件照，完善个人资料，以便后续报名。", "success"));
  if (query.welcome === "unverified") out.push(notice("注册成功，但实名验证暂未通过，暂不能报名。请核对姓名与身份证号，或联系培训机构。", "warning"));

  out.push(card("基本信息", h("dl", { class: "details m-dl" },
    h("dt", null, "姓名"), h("dd", null, me.user.name),
    h("dt", null, "身份证号"), h("dd", null, me.maskedIdNumber, h("div", { class: "hint muted" }, "身份证号为登录账号，不可修改")),
    h("dt", null, "手机号"), h("dd", null, me.user.maskedPhone || "未绑定", " ", h("a", { href: "#/me/phone" }, "更换")),
    h("dt", null, "实名验证"), h("dd", null, me.realNameVerified ? "已通过" : "未通过"))));

  const statusBox = h("div");
  const showState = (s, comment) => {
    replace(statusBox, h("p", null, "确认状态：", photoTag(s)),
      s === "RETURNED" ? notice("照片被退回：" + (comment || "不符合要求") + "。请重新上传，直至状态为“已确认”。", "error") : null,
      s === "PENDING" ? h("p", { class: "muted" }, "照片已提交，等待培训机构确认。") : null);
  };
  showState(state, profile.photoComment);
  const up = uploadField({
    kind: "photo", name: "fileId", title: "证件照",
    hint: "近期免冠正面彩色照片，白色或浅色背景，不戴帽子和墨镜。过大的照片会自动压缩后上传。",
    fileId: Number(profile.photoFileId) || 0,
    onChange: async (fileId) => {
      try {
        const p = await put("/api/v1/me/photo", { fileId });
        showState(enumValue("PhotoState", p.photoState), p.photoComment);
        toast("证件照已提交，等待确认");
      } catch (err) {
        statusBox.append(notice(err.message || "保存失败，请重试", "error"));
      }
    },
  });
  up.el.querySelector("h3").after(statusBox);
  out.push(up.el);
  out.push(await heldCertificates());
  return out;
}
