// 我的清单 on every page: a "加入清单" button on every element that stands for
// one record (`data-record-id`: search results, listing rows, the record page's
// heading block), and a link to /list/ with the count in the header. Results
// drawn later (the search page) are decorated as they appear (MutationObserver).
import { BLOCKED, LIMIT, add, isId, load, onChange, remove } from "./store.js";

const siteRoot = new URL("../../", import.meta.url); // this file is <root>/assets/list/
const DONE = "data-list-done";
let hideTimer = 0;

// The live region is in the page, empty, before anything is said: screen readers
// often miss a live region that arrives with its text already in it.
const live = document.createElement("p");
live.className = "cb-list-toast";
live.setAttribute("role", "status");
live.setAttribute("data-list-live", "");
document.body.append(live);

/** Tell the reader what happened: a short visible note that screen readers also hear. */
function say(message) {
  live.textContent = message;
  live.classList.add("cb-list-toast--shown");
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => live.classList.remove("cb-list-toast--shown"), 6000);
}

// ---------------------------------------------------------------- header link
function headerLink() {
  let link = document.querySelector("[data-list-link]");
  if (link) return link;
  if (!document.querySelector(".md-header__inner")) return null;
  link = document.createElement("a");
  link.className = "cb-list-link";
  link.href = new URL("list/", siteRoot).href;
  link.title = "我的清单";
  link.setAttribute("data-list-link", "");
  const count = document.createElement("span");
  count.className = "cb-list-link__count";
  count.setAttribute("data-list-count", "");
  link.append("清单 ", count); // seen: "清单 3"; heard (aria-label): "清单 3 条"
  placeLink(link);
  return link;
}

/** In the header after the search box; where the header has no room for it
 * (a phone with the largest font size), in the bar above it instead. */
function placeLink(link) {
  const header = document.querySelector(".md-header__inner");
  const banner = document.querySelector(".md-banner__inner");
  const search = header.querySelector("[data-cb-header-search]");
  header.insertBefore(link, search ? search.nextSibling : null);
  link.classList.remove("cb-list-link--banner");
  if (banner && (header.scrollWidth > header.clientWidth + 1 || siteNameClipped(header))) {
    banner.append(link);
    link.classList.add("cb-list-link--banner");
  }
}

/** The phone header clips the site name (never the header) when the link takes its room. */
function siteNameClipped(header) {
  const clip = header.querySelector(".md-header__title");
  const name = header.querySelector(".md-header__topic:first-child .md-ellipsis");
  if (!clip || !name) return false;
  return name.getBoundingClientRect().right > clip.getBoundingClientRect().right + 0.5;
}

function reflowLink() {
  const link = document.querySelector("[data-list-link]");
  if (link) placeLink(link);
}

// ---------------------------------------------------------------- buttons
function recordTitle(el) {
  const heading = el.querySelector("h1, h2, h3, a");
  return (heading ? heading.textContent : "").replace(/\s+/g, " ").trim();
}

/** Where the button goes: a table row's title cell, after a record page's h1, else the end. */
function place(el, button) {
  if (el.tagName === "TR") {
    const cell = el.querySelector("th[scope=row]") || el.cells[0];
    if (cell) cell.append(" ", button);
    return;
  }
  const h1 = el.querySelector("h1");
  if (h1) {
    h1.after(button);
    return;
  }
  el.append(button);
}

function paint(button, inList) {
  const title = button.getAttribute("data-list-name");
  button.textContent = inList ? "移出清单" : "加入清单";
  button.setAttribute("aria-label", `${button.textContent}${title ? `：${title}` : ""}`);
  button.classList.toggle("cb-list-add--in", inList);
}

function decorate(root = document) {
  const ids = new Set(load().items.map((it) => it.id));
  for (const el of root.querySelectorAll(`[data-record-id]:not([${DONE}])`)) {
    const id = el.getAttribute("data-record-id");
    el.setAttribute(DONE, "");
    // One button per record: the innermost element carrying its id gets it.
    if (!isId(id) || el.querySelector(`[data-record-id="${id}"]`)) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cb-list-add";
    button.setAttribute("data-list-add", id);
    const title = recordTitle(el);
    if (title) button.setAttribute("data-list-name", title);
    paint(button, ids.has(id));
    place(el, button);
  }
}

function refresh(list) {
  const ids = new Set(list.items.map((it) => it.id));
  document.querySelectorAll("[data-list-add]").forEach((b) => {
    paint(b, ids.has(b.getAttribute("data-list-add")));
  });
  const link = headerLink();
  const count = link && link.querySelector("[data-list-count]");
  if (count) {
    count.textContent = String(list.items.length);
    link.setAttribute("aria-label", `清单 ${list.items.length} 条`);
  }
}

document.addEventListener("click", (ev) => {
  const target = ev.target instanceof Element ? ev.target : null;
  const button = target && target.closest("[data-list-add]");
  if (!button) return;
  const id = button.getAttribute("data-list-add");
  const title = button.getAttribute("data-list-name") || id;
  if (load().items.some((it) => it.id === id)) {
    remove(id);
    say(`已从清单移出：${title}。清单现有 ${load().items.length} 条。`);
    return;
  }
  const result = add(id);
  if (result === "full") {
    say(`清单已满（最多 ${LIMIT} 条），请先在“我的清单”页面移出一些。`);
  } else if (result === "blocked") {
    say(BLOCKED);
  } else {
    say(`已加入清单：${title}。清单现有 ${load().items.length} 条。`);
  }
});

onChange(refresh);
let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(reflowLink, 100);
});
// The reading settings change the font size on <html>: the header may lose or gain room.
new MutationObserver(reflowLink).observe(document.documentElement,
  { attributes: true, attributeFilter: ["data-cb-font"] });
decorate();
refresh(load());
let pending = false;
new MutationObserver(() => {
  if (pending) return;
  pending = true;
  queueMicrotask(() => {
    pending = false;
    decorate();
  });
}).observe(document.body, { childList: true, subtree: true });
