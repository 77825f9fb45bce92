// The camera in the page for attendance (getUserMedia): the front camera's photo as a JPEG of at
// most 640 px at quality 0.8, and the venue's QR read with BarcodeDetector where the browser has it.

/** Whether this browser can read QR codes from the camera (BarcodeDetector with qr_code). */
export async function canScan() {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return false;
  try { return (await window.BarcodeDetector.getSupportedFormats()).includes("qr_code"); } catch { return false; }
}

/** Starts the camera ("user": front, "environment": rear) in `video`; resolves to the stream. */
export async function startCamera(video, facingMode) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("此浏览器不支持调用摄像头");
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode, width: { ideal: 1280 }, height: { ideal: 960 } }, audio: false });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute("playsinline", "");
  await video.play();
  return stream;
}

/** Stops every track of a stream (the camera light goes off). */
export function stopCamera(stream) {
  if (stream) for (const t of stream.getTracks()) t.stop();
}

/** The video's current frame as JPEG: {blob, base64 (without the data: prefix), url}, ≤ maxSide px. */
export async function snapshot(video, maxSide = 640, quality = 0.8) {
  const w = video.videoWidth, h = video.videoHeight;
  if (!w || !h) throw new Error("摄像头尚未就绪，请稍候再拍");
  const scale = Math.min(1, maxSide / Math.max(w, h));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL("image/jpeg", quality);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
  return { blob, url, base64: url.slice(url.indexOf(",") + 1) };
}

/**
 * Reads QR codes from `video` a few times a second until one gives a value `accept` takes
 * (returns true) or stop() is called. Returns stop.
 */
export function scanQr(video, accept) {
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const codes = await detector.detect(video);
        for (const c of codes) if (running && accept(c.rawValue)) { running = false; return; }
      } catch { /* a frame that could not be read */ }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  loop();
  return () => { running = false; };
}

/** The class, lesson and code of a venue QR's address (…/m/#/sign-in?class=…&lesson=…&code=…), or null. */
export function parseVenueUrl(text) {
  const s = String(text || "").trim();
  if (/^\d{8}$/.test(s)) return { code: s };
  const i = s.indexOf("?");
  if (i < 0) return null;
  const q = new URLSearchParams(s.slice(i + 1));
  const code = q.get("code") || "";
  return /^\d{8}$/.test(code) ? { code, classId: q.get("class") || "", lessonId: q.get("lesson") || "" } : null;
}
