// The list's QR code, drawn in the browser with the vendored qrcode-generator
// (vendor/qrcode.mjs, MIT) as an inline SVG: black on white, 4 modules of quiet
// zone, error correction M (L for long links). The page sizes it from its
// module count (--cb-qr-modules): at least 2 px a module on screen and 0.4 mm
// in print, so that a 30-record code still scans from paper.
import qrcode from "./vendor/qrcode.mjs";

const SVG = "http://www.w3.org/2000/svg";
const QUIET = 4;

// Dense codes (long lists) use level L, which makes them smaller: printed on
// paper a clean code needs little error correction, and each module stays larger.
const DENSE_MODULES = 77; // version 15

function make(text, level) {
  try {
    const qr = qrcode(0, level);
    qr.addData(text, "Byte");
    qr.make();
    return qr;
  } catch (e) {
    return null; // too long for one code at this level
  }
}

/** A made QR code for `text`, or null if it does not fit in one (version 40). */
export function makeQr(text) {
  const medium = make(text, "M");
  if (medium && medium.getModuleCount() <= DENSE_MODULES) return medium;
  return make(text, "L") || medium;
}

function svgOf(qr, title) {
  const n = qr.getModuleCount();
  const size = n + 2 * QUIET;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "cb-qr__code");
  svg.setAttribute("role", "img");
  svg.setAttribute("shape-rendering", "crispEdges");
  const label = document.createElementNS(SVG, "title");
  label.textContent = title;
  const back = document.createElementNS(SVG, "rect");
  back.setAttribute("width", String(size));
  back.setAttribute("height", String(size));
  back.setAttribute("fill", "#fff");
  let d = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.isDark(r, c)) d += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.append(label, back, path);
  return svg;
}

/**
 * Draw into `figure` the QR code of the first of `texts` that fits (the share
 * link, then the link without notes), with a caption. Returns the encoded text.
 */
export function drawQr(figure, texts, listTitle, count) {
  let qr = null;
  let i = 0;
  for (; i < texts.length && !qr; i++) qr = makeQr(texts[i]);
  i -= 1;
  const caption = document.createElement("figcaption");
  if (!qr) {
    caption.textContent = "清单链接太长，无法放进一个二维码；请用“复制分享链接”转发。";
    figure.replaceChildren(caption);
    return "";
  }
  const svg = svgOf(qr, `二维码：${listTitle}`);
  caption.textContent = `扫码打开本清单（共 ${count} 条）${i > 0 ? "。备注太长，二维码中的链接不含备注" : ""}`;
  figure.replaceChildren(svg, caption);
  figure.setAttribute("data-list-qr-text", texts[i]);
  const sized = figure.parentElement || figure; // the head: its print grid column follows the code
  sized.style.setProperty("--cb-qr-modules", String(qr.getModuleCount() + 2 * QUIET));
  return texts[i];
}
