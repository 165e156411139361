// 我的清单: the reader's list of records, kept in localStorage, and its share
// link. Shared by the "加入清单" buttons (list.js, every page), the list page
// (page.js) and the embeddable view (embed.js). Nothing here touches the page.
//
// Share link (decision): /list/?ids=<id>,<id>,…&t=<title>&n<k>=<note of item k>
//   - `ids` holds the records' own ids, comma-separated, in list order. Ids are
//     readable (pinyin or English, [a-z0-9-]), stay valid when records are added
//     (search-table row numbers are renumbered by every build, so a link made
//     with them would silently point at other records later), and let a page
//     name a record that no longer exists. Renamed records resolve through their
//     aliases. Ids need no percent-encoding, so the link stays short.
//   - `t` is the list title (at most 60 characters, percent-encoded UTF-8).
//   - `n1`…`n30` are the notes (at most 300 characters each), only for items
//     that have one.
//   - At most LIMIT (30) records. With the ids of this site (on average 32
//     characters, at most 80) 30 records and a title make a link of about
//     1.3 KB: a QR code of version 25 at error correction L (125 modules with
//     the quiet zone), which the page prints at 0.4 mm a module (5 cm); a list
//     of 8 records needs version 10–12. The list page draws the QR code in the
//     browser and, if long notes make the link too long for one QR code,
//     encodes the link without the notes and says so.
//   - Hand-edited links: ids are split at commas, spaces, 、，; and +, lower-cased;
//     anything that is not a well-formed id, repeats or goes past the limit is
//     dropped and named (`readShare().dropped`); unknown ids are shown as missing.
//     Refused characters (controls, bidi overrides, noncharacters: the same set
//     as casebook/textcheck.py) are removed from titles and notes.

export const LIMIT = 30;
export const TITLE_MAX = 60;
export const NOTE_MAX = 300;
export const ID_MAX = 80;
export const STORAGE_KEY = "cb-list";
export const CHANGE_EVENT = "cb-list-change";
export const BLOCKED = "这个浏览器不允许本站保存数据（可能关闭了网站数据或处于限制模式），清单无法保存。";

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// casebook/textcheck.py: C0/C1 controls except tab and newline, bidi controls, noncharacters.
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/g;
const SEPARATORS = /[\s,;，、；+]+/;

/** A well-formed record id (the pattern of schemas/defs.schema.json). */
export function isId(value) {
  return typeof value === "string" && value.length <= ID_MAX && ID_PATTERN.test(value);
}

/** `value` as safe plain text: refused characters removed, trimmed, at most `max` characters. */
export function cleanText(value, max, { multiline = false } = {}) {
  if (typeof value !== "string") return "";
  let text = value.replace(REFUSED, "");
  if (!multiline) text = text.replace(/[\t\n]+/g, " ");
  text = text.trim();
  return Array.from(text).slice(0, max).join("").trim();
}

/** An empty list. */
export function emptyList() {
  return { title: "", items: [] };
}

/**
 * `raw` (anything: parsed JSON from storage, or built from a link) as a valid
 * list: well-formed unique ids, at most LIMIT, clean title and notes.
 * Returns {list, dropped: {invalid: [...], duplicate: [...], overLimit: [...]}}.
 */
export function sanitize(raw) {
  const dropped = { invalid: [], duplicate: [], overLimit: [] };
  const list = emptyList();
  if (!raw || typeof raw !== "object") return { list, dropped };
  list.title = cleanText(raw.title, TITLE_MAX);
  const seen = new Set();
  for (const item of Array.isArray(raw.items) ? raw.items : []) {
    const rawId = item && typeof item === "object" ? item.id : item;
    const id = typeof rawId === "string" ? rawId.trim().toLowerCase() : "";
    if (!isId(id)) {
      const shown = cleanText(String(rawId ?? ""), 40);
      if (shown) dropped.invalid.push(shown);
    } else if (seen.has(id)) {
      dropped.duplicate.push(id);
    } else if (list.items.length >= LIMIT) {
      dropped.overLimit.push(id);
    } else {
      seen.add(id);
      list.items.push({ id, note: cleanText(item && item.note, NOTE_MAX, { multiline: true }) });
    }
  }
  return { list, dropped };
}

// ---------------------------------------------------------------- storage
/** The stored list (empty if there is none, storage is blocked or it is damaged). */
export function load() {
  try {
    return sanitize(JSON.parse(localStorage.getItem(STORAGE_KEY) || "null")).list;
  } catch (e) {
    return emptyList();
  }
}

/** Store `list` and tell every script on the page; false (and no change) if storage is blocked. */
export function save(list) {
  const clean = sanitize(list).list;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(clean));
  } catch (e) {
    return false;
  }
  document.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: clean }));
  return true;
}

/** Add `id` at the end: "added", "present", "full" or "blocked" (storage refused). */
export function add(id) {
  const list = load();
  if (list.items.some((it) => it.id === id)) return "present";
  if (list.items.length >= LIMIT) return "full";
  list.items.push({ id, note: "" });
  return save(list) ? "added" : "blocked";
}

/** Remove `id` from the stored list. */
export function remove(id) {
  const list = load();
  list.items = list.items.filter((it) => it.id !== id);
  save(list);
}

/** Call `fn(list)` whenever the list changes, in this tab or another one. */
export function onChange(fn) {
  document.addEventListener(CHANGE_EVENT, (ev) => fn(ev.detail));
  window.addEventListener("storage", (ev) => {
    if (ev.key === null || ev.key === STORAGE_KEY) fn(load());
  });
}

// ---------------------------------------------------------------- share link
/** True when `search` (location.search) carries a shared list. */
export function isShare(search) {
  return new URLSearchParams(search).has("ids");
}

/** The list in a share link's query string, with what was dropped (see `sanitize`). */
export function readShare(search) {
  const params = new URLSearchParams(search);
  const tokens = (params.get("ids") || "").split(SEPARATORS).filter(Boolean);
  const items = tokens.map((id, i) => ({ id, note: params.get(`n${i + 1}`) || "" }));
  return sanitize({ title: params.get("t") || "", items });
}

/** The query string ("ids=…&t=…&n2=…") of `list`; notes only if `withNotes`. */
export function shareQuery(list, { withNotes = true } = {}) {
  const parts = [`ids=${list.items.map((it) => it.id).join(",")}`];
  if (list.title) parts.push(`t=${encodeURIComponent(list.title)}`);
  if (withNotes) {
    list.items.forEach((it, i) => {
      if (it.note) parts.push(`n${i + 1}=${encodeURIComponent(it.note)}`);
    });
  }
  return parts.join("&");
}

// ---------------------------------------------------------------- record data
// Record data comes from the search's card files (assets/search/cards/<row>.json:
// url, title, type, region, year, summary). The id -> row map is written by
// casebook/reading_list.py into assets/list/ids/: index.json {"buckets": B} and
// <k>.json {id or alias: row} for k = fnv1a(id) % B, so a list fetches only the
// buckets of its own ids, whatever the number of records.

/** FNV-1a, 32 bit, over the id's characters (ids are ASCII); as casebook/reading_list.py. */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

/**
 * The cards of `ids`, from the site at `siteRoot` (a URL ending in /):
 * a Map id -> card ({id, url, title, type, region, year, summary}; `id` is the
 * record's current id) for the ids found; ids not found are absent.
 * Throws only if the site's data cannot be fetched at all.
 */
export async function fetchCards(ids, siteRoot) {
  const base = new URL("assets/", siteRoot);
  const index = await getJson(new URL("list/ids/index.json", base));
  const buckets = Math.max(1, Number(index.buckets) || 1);
  const wanted = new Map();
  for (const id of ids) {
    const b = fnv1a(id) % buckets;
    if (!wanted.has(b)) wanted.set(b, getJson(new URL(`list/ids/${b}.json`, base)));
  }
  const cards = new Map();
  await Promise.all(ids.map(async (id) => {
    const rows = await wanted.get(fnv1a(id) % buckets);
    const row = Object.prototype.hasOwnProperty.call(rows, id) ? rows[id] : null;
    if (!Number.isInteger(row)) return;
    try {
      const card = await getJson(new URL(`search/cards/${row}.json`, base));
      cards.set(id, { ...card, id: card.id || id });  // card.id: the record's current id
    } catch (e) {
      /* a card that cannot be read: the record is shown as missing */
    }
  }));
  return cards;
}
