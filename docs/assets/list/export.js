// Exports of the list: a CSV table (UTF-8 with BOM, as the site's other CSV
// files; cells a spreadsheet would read as a formula get a leading ') and the
// text of a 专题 file (content/collections/<id>.yml, schemas/collection.schema.json)
// that an editor can commit to turn the list into a permanent 专题.
import { recordUrl } from "./dom.js";

const CSV_HEAD = ["序号", "标题", "类型", "地区", "年度", "摘要", "备注", "网址", "编号"];
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: neutralised if it starts like a formula, always quoted. */
export function csvCell(value) {
  let text = String(value ?? "");
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The list as CSV text with BOM and CRLF line ends. */
export function exportCsv(list, cards, siteRoot) {
  const rows = [CSV_HEAD];
  list.items.forEach((it, i) => {
    const c = cards.get(it.id);
    rows.push(c
      ? [i + 1, c.title, c.type, c.region, c.year, c.summary, it.note, recordUrl(c, siteRoot), c.id]
      : [i + 1, "（记录已不存在）", "", "", "", "", it.note, "", it.id]);
  });
  return `\ufeff${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Today's date, YYYY-MM-DD, in the reader's time zone. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The suggested 专题 id: qingdan-YYYYMMDD. */
export function defaultCollectionId() {
  return `qingdan-${today().replace(/-/g, "")}`;
}

// YAML double-quoted scalars are JSON strings (the escapes JSON writes are YAML
// escapes too). U+2028/U+2029, which YAML 1.1 reads as line breaks, are escaped.
function yamlString(text) {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// Plain-text fields of a 专题 may not contain HTML tags.
function plain(text) {
  return text.replace(/<[^>]*>/g, "").trim();
}

// A reader's note is plain text, a 专题 note is Markdown with limits (casebook/
// markdown_limits.py, the validator's HTML checks). So that the exported file is
// one the validator accepts and shows the note as written: <, >, [, ] and the
// colon of a refused link scheme become their full-width forms (the validator's
// own advice for brackets), lines lose
// their indentation, and a list marker that starts a line (-, +, *, 1. or 1))
// becomes full-width too. The note never grows: the schema's 300 characters hold.
const FULL_WIDTH = { "<": "＜", ">": "＞", "[": "［", "]": "］", "-": "－", "+": "＋",
  "*": "＊", ".": "．", ")": "）" };
const LINE_MARKER = /^([-+*]|\d{1,9}[.)])(?= |$)/;

// Link schemes the validator refuses anywhere in text (javascript:, data:text/html…).
const SCHEME = /\b((?:java|vb|live)\s*script|data(?=\s*:\s*text\/html))(\s*):/gi;

/** Plain text the validator's HTML checks accept, shown as written. */
function safeText(text) {
  return text.replace(/[<>]/g, (ch) => FULL_WIDTH[ch]).replace(SCHEME, "$1$2：");
}

function noteText(note) {
  return safeText(note).replace(/[[\]]/g, (ch) => FULL_WIDTH[ch])
    .split("\n")
    .map((line) => line.replace(/^[ \t]+/, "")
      .replace(LINE_MARKER, (m) => m.slice(0, -1) + FULL_WIDTH[m.slice(-1)]))
    .join("\n")
    .trim();
}

/**
 * The 专题 file for `list`: records that no longer exist are left out (named in
 * a comment), notes shorter than the schema's 2 characters are dropped.
 */
export function exportYaml(list, cards, { id, curator }) {
  const date = today();
  const found = list.items.filter((it) => cards.has(it.id));
  const missing = list.items.filter((it) => !cards.has(it.id)).map((it) => it.id);
  const title = safeText(plain(list.title));
  const editor = safeText(plain(curator || ""));
  const kinds = new Map();
  for (const it of found) {
    const type = cards.get(it.id).type || "记录";
    kinds.set(type, (kinds.get(type) || 0) + 1);
  }
  const counted = [...kinds].map(([type, n]) => `${type} ${n} 条`).join("、");
  const lines = [
    `# 由“我的清单”导出（${date}）。保存为 content/collections/${id}.yml 后提交合并请求。`,
    "# 发布前请改写导语：说明专题为谁而编，并写明依据的公开来源（文件名、文号、章节）。",
  ];
  if (missing.length) lines.push(`# 已略去本站找不到的记录：${missing.join(", ")}`);
  lines.push(
    `id: ${id}`,
    `title: ${yamlString(Array.from(title).length >= 2 ? title : "我的清单")}`,
    `intro: ${yamlString(`本专题按顺序收录 ${found.length} 条记录${counted ? `（${counted}）` : ""}，由读者在网站上挑选整理。`)}`,
    `curator: ${yamlString(Array.from(editor).length >= 2 ? editor : "请填写编者")}`,
    `created: "${date}"`,
    `updated: "${date}"`,
  );
  if (found.length) {
    lines.push("items:");
    for (const it of found) {
      lines.push(`  - id: ${cards.get(it.id).id}`);
      const note = noteText(it.note);
      if (Array.from(note).length >= 2) lines.push(`    note: ${yamlString(note)}`);
    }
  } else {
    lines.push("# 清单中没有本站现有的记录，无法生成专题内容（items）。");
  }
  return `${lines.join("\n")}\n`;
}

