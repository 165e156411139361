// The list page (/list/): the reader's list (localStorage) or, when the URL
// carries `ids=`, a shared list (read-only until saved). Reorder with 上移/下移
// (focus stays on the moved item), remove, title and a note per item; share
// link and QR code, A4 print (the 专题 handout classes), embed snippet, CSV and
// a 专题 file (content/collections/<id>.yml) to turn the list into a 专题.
// The link format and its limits are described in store.js.
import { el, droppedMessage, facts, recordUrl } from "./dom.js";
import { defaultCollectionId, exportCsv, exportYaml, today } from "./export.js";
import { drawQr } from "./qr.js";
import {
  BLOCKED, NOTE_MAX, TITLE_MAX, cleanText, fetchCards, isId, isShare, load, onChange, readShare,
  save, shareQuery,
} from "./store.js";

const siteRoot = new URL("../../", import.meta.url); // this file is <root>/assets/list/
const listUrl = new URL("list/", siteRoot).href;
const embedUrl = new URL("embed/list/", siteRoot).href;
const EMBED_HEIGHT = 640;
const SITE_NAME = "学习型社会建设案例库";
const app = document.querySelector("[data-list-app]");
const $ = (name) => app.querySelector(`[data-list-${name}]`);

const shared = isShare(location.search);
const fromLink = shared ? readShare(location.search) : null;
let list = shared ? fromLink.list : load();
let cards = new Map(); // id -> card (absent: the record does not exist)
let cardsFailed = false;

// ---------------------------------------------------------------- rendering
function titleOf(list) {
  return list.title || "我的清单";
}

function renderHead() {
  $("heading").textContent = titleOf(list);
  document.title = `${titleOf(list)} - ${SITE_NAME}`;
  const found = list.items.filter((it) => cards.has(it.id)).length;
  const missing = list.items.length - found;
  const meta = $("meta");
  meta.replaceChildren();
  if (!list.items.length) return;
  meta.append(`共 ${list.items.length} 条${missing && !cardsFailed ? `（其中 ${missing} 条已不存在）` : ""}`,
    el("span", "cb-list__where", shared ? " · 通过链接分享的清单" : " · 保存在本机浏览器中"),
    el("span", "cb-list__print-only", ` · 打印于 ${today()}`));
}

function button(label, name, describe) {
  const b = el("button", "cb-button cb-button--plain", label);
  b.type = "button";
  b.setAttribute("data-list-action", name);
  b.setAttribute("aria-label", `${label}：${describe}`);
  return b;
}

function renderItem(it, index) {
  const card = cards.get(it.id);
  const li = el("li", `cb-col-item${card ? "" : " cb-list__missing"}`);
  li.setAttribute("data-list-item", it.id);
  const h3 = el("h3", "cb-col-item__title");
  let name;
  if (card) {
    name = card.title || it.id;
    const a = el("a", "", name);
    a.href = recordUrl(card, siteRoot);
    h3.append(a);
    li.append(h3, el("p", "cb-item__meta", facts(card)));
    if (card.summary) li.append(el("p", "cb-col-item__summary", card.summary));
  } else {
    name = `编号 ${it.id}`;
    h3.textContent = cardsFailed ? name : `已不存在的记录（编号 ${it.id}）`;
    li.append(h3, el("p", "cb-item__meta", cardsFailed
      ? "暂时无法读取记录信息，请检查网络后刷新本页。"
      : "本站找不到这个编号的记录：可能已被删除，或清单链接被改动过。可以把它移出清单。"));
  }
  const note = el("div", "cb-col-item__note");
  note.append(el("p", "cb-col-item__note-label", "备注"), el("p", "", it.note));
  if (!it.note) note.hidden = true;
  if (!shared) note.classList.add("cb-list__print-note");
  li.append(note);
  if (card) li.append(el("p", "cb-col-item__url", recordUrl(card, siteRoot)));
  if (!shared) {
    const noteId = `cb-list-note-${index}`;
    const label = el("label", "cb-list__field", `备注（第 ${index + 1} 条，${NOTE_MAX} 字以内，可不填）`);
    label.htmlFor = noteId;
    const input = el("textarea", "cb-list__note-input");
    input.id = noteId;
    input.maxLength = NOTE_MAX;
    input.rows = 2;
    input.value = it.note;
    input.setAttribute("data-list-note", it.id);
    const edit = el("div", "cb-list__edit");
    edit.append(label, input);
    const controls = el("div", "cb-list__controls");
    const up = button("上移", "up", name);
    const down = button("下移", "down", name);
    up.disabled = index === 0;
    down.disabled = index === list.items.length - 1;
    controls.append(up, down, button("移出清单", "remove", name));
    li.append(edit, controls);
  }
  return li;
}

function renderItems() {
  const ol = $("items");
  ol.replaceChildren(...list.items.map(renderItem));
  $("loading").hidden = true;
  $("empty").hidden = list.items.length > 0;
  $("tools").hidden = list.items.length === 0;
  renderHead();
}

// ---------------------------------------------------------------- outputs
function shareUrl(withNotes = true) {
  return `${listUrl}?${shareQuery(list, { withNotes })}`;
}

function attr(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function embedSnippet() {
  const src = `${embedUrl}?${shareQuery(list)}`;
  return `<iframe src="${attr(src)}" title="${attr(titleOf(list))}（${SITE_NAME}清单）" width="100%" ` +
    `height="${EMBED_HEIGHT}" style="max-width:100%;border:1px solid #ccc" loading="lazy" ` +
    'sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>';
}

function renderOutputs() {
  if (!list.items.length) {
    $("qr").replaceChildren();
    return;
  }
  const full = shareUrl(true);
  $("share").value = full;
  $("share-open").href = full;
  $("embed").value = embedSnippet();
  $("embed-preview").href = `${embedUrl}?${shareQuery(list)}`;
  drawQr($("qr"), [shareUrl(true), shareUrl(false)], titleOf(list), list.items.length);
  renderYaml();
}

function collectionId() {
  const raw = $("cid").value.trim();
  const ok = !raw || isId(raw);
  $("cid-error").textContent = ok ? "" : `“${cleanText(raw, 40)}”不能用作专题编号：只能用小写英文字母、数字和连字符，且不能以连字符开头或结尾。下面的文字暂用 ${defaultCollectionId()}。`;
  return raw && ok ? raw : defaultCollectionId();
}

function renderYaml() {
  $("yaml").value = exportYaml(list, cards, {
    id: collectionId(), curator: cleanText($("curator").value, 60),
  });
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- changes
function notice(text) {
  $("notice").textContent = text;
}

function commit() {
  if (!shared && !save(list)) notice(BLOCKED);
  renderHead();
  renderOutputs();
}

function move(id, step, action) {
  const from = list.items.findIndex((it) => it.id === id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= list.items.length) return;
  const [item] = list.items.splice(from, 1);
  list.items.splice(to, 0, item);
  commit();
  renderItems();
  // Focus follows the moved item: the same button, or its partner once at an end.
  const li = $("items").children[to];
  const same = li.querySelector(`[data-list-action="${action}"]`);
  const other = li.querySelector(`[data-list-action="${action === "up" ? "down" : "up"}"]`);
  (same.disabled ? other : same).focus();
  const name = li.querySelector("h3").textContent;
  notice(`已${action === "up" ? "上移" : "下移"}：${name}，现在是第 ${to + 1} 条（共 ${list.items.length} 条）。`);
}

function removeItem(id) {
  const index = list.items.findIndex((it) => it.id === id);
  if (index < 0) return;
  const name = $("items").children[index].querySelector("h3").textContent;
  list.items.splice(index, 1);
  commit();
  renderItems();
  const next = $("items").children[Math.min(index, list.items.length - 1)];
  if (next) {
    next.querySelector('[data-list-action="remove"]').focus();
  } else {
    $("heading").setAttribute("tabindex", "-1");
    $("heading").focus();
  }
  notice(`已移出：${name}。清单现有 ${list.items.length} 条。`);
}

app.addEventListener("click", (ev) => {
  const target = ev.target instanceof Element ? ev.target : null;
  if (!target) return;
  const action = target.closest("[data-list-action]");
  if (action) {
    const id = action.closest("[data-list-item]").getAttribute("data-list-item");
    const name = action.getAttribute("data-list-action");
    if (name === "remove") removeItem(id);
    else move(id, name === "up" ? -1 : 1, name);
  } else if (target.closest("[data-list-print]")) {
    window.print();
  } else if (target.closest("[data-list-csv]")) {
    download(`${collectionId()}.csv`, exportCsv(list, cards, siteRoot), "text/csv;charset=utf-8");
  } else if (target.closest("[data-list-yaml-download]")) {
    renderYaml();
    download(`${collectionId()}.yml`, $("yaml").value, "text/yaml;charset=utf-8");
  } else if (target.closest("[data-list-adopt]")) {
    save(list);
    location.assign(listUrl);
  }
});

app.addEventListener("input", (ev) => {
  const target = ev.target;
  if (target.matches("[data-list-title]")) {
    list.title = cleanText(target.value, TITLE_MAX);
    commit();
  } else if (target.matches("[data-list-note]")) {
    const item = list.items.find((it) => it.id === target.getAttribute("data-list-note"));
    if (!item) return;
    item.note = cleanText(target.value, NOTE_MAX, { multiline: true });
    const note = target.closest("li").querySelector(".cb-col-item__note");
    note.lastChild.textContent = item.note;
    note.hidden = !item.note;
    commit();
  } else if (target.matches("[data-list-cid], [data-list-curator]")) {
    renderYaml();
  }
});

// Another tab changed the stored list: show it (not while viewing a shared list).
if (!shared) {
  onChange((stored) => {
    const same = JSON.stringify(stored) === JSON.stringify(list);
    if (same) return;
    list = stored;
    refresh();
  });
}

// ---------------------------------------------------------------- start
function describeShared() {
  const mine = load().items.length;
  $("shared").hidden = false;
  $("kicker").textContent = "分享的清单";
  if (!list.items.length) {
    // Nothing to keep: never offer to replace the reader's own list with an empty one.
    $("shared-text").textContent = "这个链接里没有可以显示的记录。";
    $("adopt").hidden = true;
    return;
  }
  $("shared-text").textContent = `这是通过链接分享的清单，共 ${list.items.length} 条。` +
    "可以直接打印、导出，或保存为自己的清单后再修改" +
    (mine ? `（保存会替换你在本机已有的 ${mine} 条清单）。` : "。");
}

async function refresh() {
  try {
    cards = await fetchCards(list.items.map((it) => it.id), siteRoot);
    cardsFailed = false;
  } catch (e) {
    cards = new Map();
    cardsFailed = list.items.length > 0;
  }
  // Renamed records come back under their current id.
  for (const it of list.items) {
    const card = cards.get(it.id);
    if (card && card.id !== it.id && isId(card.id) && !list.items.some((o) => o.id === card.id)) {
      cards.delete(it.id);
      it.id = card.id;
      cards.set(it.id, card);
    }
  }
  renderItems();
  renderOutputs();
}

$("cid").value = defaultCollectionId();
if (shared) {
  describeShared();
  const message = droppedMessage(fromLink.dropped);
  if (message) notice(message);
} else {
  $("edit").hidden = false;
  $("title").value = list.title;
}
refresh();
