// The public certificate lookup (CE-7, B-4; docs/CERTIFICATES.md): by number, or by ID number and
// name, without signing in. A QR code leads here as /verify#TC1.…: the number is looked up and the
// signature in the code is checked in the browser against the published keys (B-1, WebCrypto).
// Not found and a name that does not match get the same answer; after several misses the server
// asks for a challenge first, drawn by itself.
import * as api from "/shared/api.js";
import { h, replace } from "/shared/dom.js";
import { field, onSubmit, notice, setFieldError } from "/shared/forms.js";
import { skillLevel } from "/shared/format.js";

const STATUS = {
  CERTIFICATE_STATUS_VALID: ["有效", "success"],
  CERTIFICATE_STATUS_CANCELLED: ["已注销", "danger"],
  CERTIFICATE_STATUS_EXPIRED: ["已过期", "warning"],
  CERTIFICATE_STATUS_VOIDED: ["已作废", "danger"],
};

const view = document.getElementById("view");
let mode = "number";
let pending = null; // the question waiting for a challenge's answer
const result = h("div", { class: "result", "aria-live": "polite" });

function input(name, attrs = {}) {
  return h("input", { name, id: `f-${name}`, autocomplete: "off", ...attrs });
}

function form() {
  const fields = mode === "number"
    ? [field("证书编号", input("number", { maxlength: "32", placeholder: "15 位，例如 263400011900012", spellcheck: "false" }), { required: true, wide: true })]
    : [field("身份证号码", input("idNumber", { maxlength: "18", inputmode: "text" }), { required: true }),
      field("姓名", input("name", { maxlength: "30" }), { required: true })];
  const f = h("form", { class: "card", "aria-label": "证书查询" },
    h("div", { class: "modes", role: "tablist" },
      tab("number", "按证书编号"), tab("person", "按身份证号码和姓名")),
    h("div", { class: "form-grid" }, fields),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "查询")));
  onSubmit(f, async (v) => {
    const question = mode === "number" ? { number: v.number } : { idNumber: v.idNumber, name: v.name };
    if (mode === "number" && !String(v.number || "").trim()) return setFieldError(f, "number", "请输入证书编号");
    if (mode === "person" && !String(v.idNumber || "").trim()) return setFieldError(f, "idNumber", "请输入身份证号码");
    if (mode === "person" && !String(v.name || "").trim()) return setFieldError(f, "name", "请输入姓名");
    await ask(question);
  });
  return f;
}

function tab(id, text) {
  const b = h("button", { type: "button", role: "tab", "aria-selected": String(mode === id) }, text);
  b.addEventListener("click", () => { mode = id; render(); });
  return b;
}

function render(keep) {
  replace(view, form(), result);
  if (!keep) replace(result);
}

async function ask(question, signed) {
  replace(result, h("div", { class: "loading", role: "status" }, "查询中…"));
  try {
    const r = await api.post("/api/v1/public/certificate-lookup", question);
    if (r.challengeRequired) return challenge(question, r, signed);
    pending = null;
    if (!r.found) {
      return replace(result, notice("未查询到符合条件的证书。请核对证书编号，或身份证号码和姓名是否与证书一致。", "warning"));
    }
    replace(result, (r.certificates || []).map((c) => card(c, signed)));
  } catch (e) {
    replace(result, notice(e.message || "查询失败，请稍后再试", "error"));
  }
}

function challenge(question, r, signed) {
  pending = question;
  const answer = input("challengeAnswer", { inputmode: "numeric", maxlength: "3", "aria-label": "计算结果" });
  const img = h("img", { src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(r.challenge.svg), alt: "验证题：两个数相加" });
  const f = h("form", { class: "card challenge-card", "aria-label": "验证" },
    r.challengeFailed ? notice("计算结果不正确或验证题已过期，请重新作答。", "error") : notice("查询过于频繁，请先完成验证：输入图中两个数相加的结果。", "info"),
    h("div", { class: "challenge" }, img, answer, h("button", { type: "submit", class: "primary" }, "验证并查询")));
  onSubmit(f, async (v) => ask({ ...pending, challengeId: r.challenge.id, challengeAnswer: v.challengeAnswer }, signed));
  replace(result, f);
  answer.focus();
}

function card(c, signed) {
  const [text, kind] = STATUS[c.status] || ["未知", "muted"];
  const rows = [
    ["证书编号", c.number], ["持证人", c.holderName], ["身份证号码", c.idNumber],
    ["岗位/工种", c.postName], ["等级", skillLevel(c.level)], ["发证机关", c.issuerName],
    ["发证日期", c.issuedOn], ["有效期至", c.validUntil],
  ];
  const signature = signed && signed.number === c.number
    ? h("p", { class: `signature ${signed.ok ? "good" : "bad"}` },
      signed.ok ? "✔ 电子签名验证通过：二维码内容由发证机关签发，未被改动。" : `✘ 电子签名验证未通过：${signed.reason}`)
    : null;
  return h("section", { class: "card" },
    h("div", { class: "result-head" }, h("h2", null, c.postName), h("span", { class: `tag tag-${kind}` }, text)),
    h("dl", { class: "details" }, rows.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    signature);
}

// ---- The QR landing: /verify#TC1.<number>.<b64 name>.<masked ID>.<issued>.<until>.<key id>.<b64 sig>

function b64url(text) {
  const s = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(s + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

function dashed(d) {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

async function checkSignature(parts) {
  const [, number, name64, masked, issued, until, keyId, sig64] = parts;
  if (!crypto.subtle) return { number, ok: false, reason: "本浏览器不支持验签，请以证书状态为准" };
  try {
    const keys = await api.get("/.well-known/certificate-keys.json");
    const key = (keys.keys || []).find((k) => k.keyId === keyId);
    if (!key) return { number, ok: false, reason: "签名密钥未公布" };
    const name = new TextDecoder("utf-8", { fatal: true }).decode(b64url(name64));
    const canonical = ["TC1", number, name, masked, number.slice(6, 9), number.slice(9, 10), number.slice(2, 6),
      dashed(issued), dashed(until)].join("\n");
    const spki = Uint8Array.from(atob(key.publicKey), (ch) => ch.charCodeAt(0));
    const publicKey = await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, b64url(sig64), new TextEncoder().encode(canonical));
    if (!ok) return { number, ok, reason: "二维码内容与签名不符，可能被篡改" };
    // CE-5: a change re-signs the certificate; the code it replaced is no longer valid.
    const revoked = await api.get("/api/v1/public/certificate-revocations");
    if ((revoked.supersededSignatures || []).includes(sig64)) {
      return { number, ok: false, reason: "证书信息已变更，此二维码已失效，请以下方查询结果为准" };
    }
    return { number, ok, reason: "" };
  } catch {
    return { number, ok: false, reason: "二维码内容无法识别" };
  }
}

async function start() {
  const fragment = decodeURIComponent(location.hash.replace(/^#/, ""));
  const parts = fragment.split(".");
  render();
  if (parts.length === 8 && parts[0] === "TC1") {
    const input = view.querySelector("#f-number");
    if (input) input.value = parts[1];
    const signed = await checkSignature(parts);
    await ask({ number: parts[1] }, signed);
  }
}

start();
