// 我的: the student's card (photo, name, masked ID and phone, real-name state) and the menu.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { navigate } from "/shared/router.js";
import { tag } from "/shared/ui.js";
import { guard } from "/shared/forms.js";
import { fileImage, photoTag } from "../ui.js";

export default async function render(ctx) {
  const { me, session } = ctx;
  const profile = await get("/api/v1/me/profile").catch(() => null);
  const photoId = profile && Number(profile.photoFileId);
  const logout = h("button", { type: "button", class: "m-row danger" }, "退出登录");
  guard(logout, async () => { await session.signOut(); navigate("/login"); });
  return [
    h("section", { class: "card m-profile" },
      h("div", { class: "m-avatar" }, photoId ? fileImage(photoId, "本人证件照") : h("span", { "aria-hidden": "true" }, (me.user.name || "学")[0])),
      h("div", null,
        h("h2", null, me.user.name, " ", me.realNameVerified ? tag("已实名", "success") : tag("未实名", "warning")),
        h("p", null, "身份证号 " + me.maskedIdNumber),
        h("p", null, "手机号 " + (me.user.maskedPhone || "未绑定")))),
    h("ul", { class: "m-list", "aria-label": "我的" },
      h("li", null, h("a", { href: "#/me/profile" }, h("span", null, "个人信息与证件照"),
        h("span", { class: "m-row-side" }, profile ? photoTag(profile.photoState) : null))),
      h("li", null, h("a", { href: "#/enrollments" }, h("span", null, "报名记录"))),
      h("li", null, h("a", { href: "#/messages" }, h("span", null, "我的消息"))),
      h("li", null, h("a", { href: "#/me/phone" }, h("span", null, "更换手机号"), h("span", { class: "m-row-side" }, me.user.maskedPhone || ""))),
      h("li", null, h("a", { href: "#/me/password" }, h("span", null, "修改密码")))),
    h("ul", { class: "m-list" }, h("li", null, logout)),
  ];
}
