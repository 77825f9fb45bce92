// 我的证书 (EN-6, CE-4, B-1, CE-6): the student's certificates with their status, validity, the
// verification QR code, which anyone can scan to check the certificate at the public lookup, and
// the PDF e-certificate to download.
import { get } from "/shared/api.js";
import { h } from "/shared/dom.js";
import { certificateTag } from "/shared/ui.js";
import { card } from "../ui.js";

function certificate(c) {
  return card(null,
    h("h2", { class: "m-item-head" }, h("span", null, c.postName), certificateTag(c.status)),
    h("dl", { class: "details m-dl" },
      h("dt", null, "证书编号"), h("dd", { class: "m-ticket-number" }, c.number),
      h("dt", null, "持证人"), h("dd", null, c.holderName),
      h("dt", null, "发证机关"), h("dd", null, c.issuerName),
      h("dt", null, "发证日期"), h("dd", null, c.issuedOn),
      h("dt", null, "有效期至"), h("dd", null, c.validUntil),
      h("dt", null, "培训机构"), h("dd", null, c.orgName)),
    h("figure", { class: "m-certificate-qr" },
      h("img", { src: `/api/v1/me/certificates/${c.id}/qr.svg`, alt: `证书 ${c.number} 的验证二维码`, width: "180", height: "180" }),
      h("figcaption", null, "出示此二维码，他人扫码即可查验证书真伪")),
    c.status === "CERTIFICATE_STATUS_CANCELLED" ? null
      : h("a", { class: "btn block", href: `/api/v1/me/certificates/${c.id}/certificate.pdf`, download: "" }, "下载电子证书（PDF）"));
}

export default async function render() {
  const r = await get("/api/v1/me/certificates");
  const all = r.certificates || [];
  if (!all.length) return [h("div", { class: "m-item empty" }, "暂无证书。考核合格、成绩审核通过后，由主管部门发证，证书在这里显示。")];
  return all.map(certificate);
}
