// Shrinking photos in the page before upload (what seed 001 sends its users to download an
// "图片缩小器" for). A phone camera's photo is 3–8 MB and 4000 px wide; the API takes JPEG or PNG
// up to the province setting enrollment.image_max_kb (2048 KB by default, docs/ENROLLMENT.md).
//
// The rules, per kind of upload (a native mini-program applies the same ones with
// wx.compressImage / canvas):
//   - a JPEG or PNG already within the kind's side and byte target is sent as it is;
//   - otherwise it is drawn on a white canvas (EXIF orientation applied, transparency flattened)
//     with its longest side at most `maxSide`, and encoded as JPEG at quality 0.85;
//   - while the result is over `targetBytes`, quality steps down 0.85 → 0.75 → 0.65 → 0.55, then
//     the side steps down by 0.8 and the qualities are tried again, down to `minSide`;
//   - a file that still does not fit, or cannot be decoded, is refused with a Chinese message.
// The targets are below the API's limit on purpose: smaller uploads finish on a weak mobile
// connection, and ID cards stay legible at 1600 px.

export const RULES = {
  id_front: { maxSide: 1600, minSide: 800, targetBytes: 800 * 1024 },
  id_back: { maxSide: 1600, minSide: 800, targetBytes: 800 * 1024 },
  education: { maxSide: 2000, minSide: 1000, targetBytes: 1024 * 1024 },
  photo: { maxSide: 800, minSide: 360, targetBytes: 300 * 1024 },
  // CE-5: a business's evidence (the unit's paper application form), at most 200 KB at the API.
  evidence: { maxSide: 1600, minSide: 640, targetBytes: 190 * 1024 },
};
const QUALITIES = [0.85, 0.75, 0.65, 0.55];
const SIDE_STEP = 0.8;

/** Whether the bytes start like a JPEG or a PNG (what the API accepts; it checks the magic bytes too). */
async function sniff(file) {
  const b = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return "application/pdf";
  return "";
}

/** Decodes an image file (orientation from EXIF) to something drawable with width and height. */
async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try { return await createImageBitmap(file, { imageOrientation: "from-image" }); } catch { /* try <img> */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function encode(source, width, height, quality) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  g.imageSmoothingQuality = "high";
  g.drawImage(source, 0, 0, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("encode"))), "image/jpeg", quality);
  });
}

export class ShrinkError extends Error {}

/**
 * Makes `file` fit `rule` ({maxSide, minSide, targetBytes}); `limitBytes` (when the API told us
 * a lower limit) caps the target. Resolves to {file, changed, width, height, quality,
 * originalBytes}. `onStep(text)` reports what it is doing. Throws ShrinkError with a message for
 * the student.
 */
export async function shrink(file, rule, { limitBytes, onStep, allowPdf = false, pdfLimitBytes = 3072 * 1024 } = {}) {
  const target = Math.min(rule.targetBytes, limitBytes || Infinity);
  const type = await sniff(file);
  if (type === "application/pdf") {
    if (!allowPdf) throw new ShrinkError("请选择JPG或PNG格式的图片");
    if (file.size > pdfLimitBytes) throw new ShrinkError(`PDF文件不能超过${Math.round(pdfLimitBytes / 1024 / 1024)}MB，请改为拍照上传`);
    return { file, changed: false, width: 0, height: 0, quality: 1, originalBytes: file.size };
  }
  let source;
  try {
    source = await decode(file);
  } catch {
    throw new ShrinkError("无法读取该图片，请选择JPG或PNG格式的照片，或直接拍照上传");
  }
  const w0 = source.width, h0 = source.height;
  const longest = Math.max(w0, h0);
  if ((type === "image/jpeg" || type === "image/png") && file.size <= target && longest <= rule.maxSide) {
    if (source.close) source.close();
    return { file, changed: false, width: w0, height: h0, quality: 1, originalBytes: file.size };
  }
  let side = Math.min(longest, rule.maxSide);
  const minSide = Math.min(rule.minSide, side);
  try {
    for (;;) {
      const scale = side / longest;
      const w = Math.max(1, Math.round(w0 * scale)), hgt = Math.max(1, Math.round(h0 * scale));
      for (const q of QUALITIES) {
        if (onStep) onStep(`正在压缩图片（${w}×${hgt}）…`);
        const blob = await encode(source, w, hgt, q);
        if (blob.size <= target) {
          const name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
          return { file: new File([blob], name, { type: "image/jpeg" }), changed: true, width: w, height: hgt, quality: q,
            originalBytes: file.size };
        }
      }
      if (side <= minSide) break;
      side = Math.max(minSide, Math.round(side * SIDE_STEP));
    }
  } finally {
    if (source.close) source.close();
  }
  throw new ShrinkError("图片内容过多，压缩后仍超过大小限制，请重新拍摄（对准证件、避免背景杂乱）");
}

/** 1536000 → "1.5 MB", 20480 → "20 KB". */
export function size(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
}

/** The limit in the API's "文件过大，不能超过2MB" message, in bytes (0 when none). */
export function limitFromMessage(message) {
  const m = /不能超过\s*(\d+(?:\.\d+)?)\s*(MB|KB)/i.exec(message || "");
  if (!m) return 0;
  return Math.floor(Number(m[1]) * (m[2].toUpperCase() === "MB" ? 1024 * 1024 : 1024));
}
