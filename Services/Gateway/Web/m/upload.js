// One scan or photo to upload: from the camera or the album, shrunk in the page (shrink.js),
// sent to POST /api/v1/files?kind=… with progress, shown once uploaded. The field's error slot
// is named after the form field (e.g. form.idFrontFileId) so the API's `fields` land on it.
import { upload } from "/shared/api.js";
import { h, uid } from "/shared/dom.js";
import { progress } from "/shared/forms.js";
import { shrink, RULES, ShrinkError, size, limitFromMessage } from "/shared/shrink.js";
import { fileImage, rememberImage } from "./ui.js";

/**
 * uploadField({kind, title, hint, name, fileId, allowPdf, onChange}) → {el, value(), busy()}.
 * kind: id_front | id_back | education | photo. onChange(fileId, info) after each upload.
 */
export function uploadField({ kind, title, hint, name, fileId = 0, allowPdf = false, onChange }) {
  let current = Number(fileId) || 0;
  let working = false;
  const id = uid("up");
  const errId = id + "-err";
  const preview = h("div", { class: ["m-preview", current && "done"], id: id + "-preview" },
    current ? fileImage(current, title) : h("span", null, "尚未上传"));
  const status = h("div", { class: "m-upload-status", "aria-live": "polite" }, current ? "已上传" : "");
  const error = h("div", { class: "field-error", id: errId, role: "alert" });

  const accept = allowPdf ? "image/jpeg,image/png,image/*,application/pdf" : "image/jpeg,image/png,image/*";
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment", class: "visually-hidden",
    id: id + "-camera", name: kind + "-camera", "aria-describedby": errId, tabindex: "-1", dataset: { kind, source: "camera" } });
  const album = h("input", { type: "file", accept, class: "visually-hidden", id: id + "-album", name: kind + "-album",
    "aria-describedby": errId, tabindex: "-1", dataset: { kind, source: "album" } });
  const cameraBtn = h("button", { type: "button", class: "primary", "aria-controls": camera.id }, current ? "重新拍照" : "拍照");
  const albumBtn = h("button", { type: "button", "aria-controls": album.id }, current ? "重新选择" : "从相册选择");
  cameraBtn.addEventListener("click", () => camera.click());
  albumBtn.addEventListener("click", () => album.click());

  const el = h("section", { class: "m-upload field", dataset: { field: name || kind, kind }, "aria-labelledby": id + "-title" },
    h("h3", { id: id + "-title" }, title),
    hint ? h("p", { class: "hint" }, hint) : null,
    preview,
    h("label", { for: camera.id, class: "visually-hidden" }, "拍照上传" + title),
    camera,
    h("label", { for: album.id, class: "visually-hidden" }, "从相册选择" + title),
    album,
    h("div", { class: "m-upload-buttons" }, cameraBtn, albumBtn),
    status, error);

  const setBusy = (b) => {
    working = b;
    cameraBtn.disabled = b; albumBtn.disabled = b;
    el.setAttribute("aria-busy", b ? "true" : "false");
  };

  async function send(file, limitBytes) {
    const rule = RULES[kind];
    const bar = progress("正在处理图片…");
    status.replaceChildren(bar.el);
    try {
      const shrunk = await shrink(file, rule, { limitBytes, allowPdf, onStep: (t) => bar.set(0, t) });
      bar.set(0, `正在上传 ${size(shrunk.file.size)}…`);
      const info = await upload(shrunk.file, {
        kind,
        onProgress: (f) => bar.set(f, `正在上传 ${Math.round(f * 100)}%（${size(shrunk.file.size)}）`),
      });
      return { info, shrunk };
    } finally {
      bar.done();
    }
  }

  async function take(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file || working) return;
    setBusy(true);
    error.textContent = "";
    el.classList.remove("has-error");
    const localUrl = URL.createObjectURL(file);
    const img = h("img", { alt: title + "（预览）", src: localUrl });
    img.addEventListener("error", () => img.replaceWith(h("span", null, file.name || "已选择文件")), { once: true });
    preview.classList.remove("done");
    preview.replaceChildren(img);
    try {
      let result;
      try {
        result = await send(file, 0);
      } catch (err) {
        // The province may have set a lower limit than our target: shrink to it and try once more.
        const limit = err && err.status === 400 && limitFromMessage(err.message);
        if (!limit) throw err;
        result = await send(file, Math.floor(limit * 0.95));
      }
      const { info, shrunk } = result;
      current = Number(info.id);
      rememberImage(current, shrunk.file);
      preview.replaceChildren(fileImage(current, title));
      preview.classList.add("done");
      const note = shrunk.changed ? `已上传 ${size(shrunk.file.size)}（原图 ${size(shrunk.originalBytes)}，已自动压缩）` : `已上传 ${size(shrunk.file.size)}`;
      status.replaceChildren(h("span", { class: "tag tag-success" }, "✓ 上传成功"), " ", note);
      cameraBtn.textContent = "重新拍照";
      albumBtn.textContent = "重新选择";
      if (onChange) onChange(current, info);
    } catch (err) {
      const message = err instanceof ShrinkError ? err.message : (err && err.message) || "上传失败，请重试";
      error.textContent = message;
      status.replaceChildren();
      preview.replaceChildren(current ? fileImage(current, title) : h("span", null, "尚未上传"));
      if (current) preview.classList.add("done");
    } finally {
      URL.revokeObjectURL(localUrl);
      setBusy(false);
    }
  }
  camera.addEventListener("change", () => take(camera));
  album.addEventListener("change", () => take(album));

  return { el, value: () => current, busy: () => working };
}
