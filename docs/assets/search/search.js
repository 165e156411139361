// The search page (/search/): our n-gram index (engine.js), then the search
// table (facets, years) and one small card per shown result
// (casebook/search/table.py); state in the URL.
//
// Contract for tests: the results list carries `data-search-results`; its
// `data-search-state` is "loading" while searching and "done" once the first
// page of results for the current URL is rendered (also when there are none).
// The facets' `data-facets-state` and the status's `data-search-count` turn
// "done" once every match is verified and counted.
import { Engine } from "./engine.js";
import { normalize, queryTerms, useT2S } from "./tokenize.js";

const FACETS = [
  ["type", "类型"], ["region", "地区"], ["task", "重点任务"],
  ["kind", "案例类型"], ["year", "年度"], ["audience", "面向人群"], ["status", "内容完整度"],
];
const PAGE_SIZE = 10;

const app = document.querySelector("[data-search-app]");
const siteRoot = new URL("../", location.href); // this page is <root>/search/
const assetUrl = (name) => new URL(`assets/search/${name}`, siteRoot).href;
const els = {
  form: app.querySelector("form"),
  q: app.querySelector("input[name=q]"),
  sort: app.querySelector("select[name=sort]"),
  status: app.querySelector("[data-search-status]"),
  facets: app.querySelector("[data-search-facets]"),
  results: app.querySelector("[data-search-results]"),
  more: app.querySelector("[data-search-more]"),
  toggle: app.querySelector("[data-search-filter-toggle]"),
};
const baseTitle = document.title;

let table = null; // promise of the search table
let meta = null; // promise of its small part (meta.json)
let engine = null;
let labels = null;
const t2sBuckets = new Map(); // bucket id -> promise of its table part
const cards = new Map(); // row -> promise of its card
let runId = 0;
let current = null; // {state, terms, all}
let focusAfterRender = null; // id of a facet checkbox to refocus after redrawing

// ---------------------------------------------------------------- URL state
function readState() {
  const p = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FACETS) filters[key] = [...new Set(p.getAll(key).filter(Boolean))];
  const n = parseInt(p.get("n") || "", 10);
  return {
    q: (p.get("q") || "").trim(),
    filters,
    sort: p.get("sort") === "year" ? "year" : "relevance",
    n: Number.isFinite(n) && n > PAGE_SIZE ? n : PAGE_SIZE,
  };
}

function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  for (const [key] of FACETS) for (const v of state.filters[key]) p.append(key, v);
  if (state.sort === "year") p.set("sort", "year");
  if (state.n > PAGE_SIZE) p.set("n", String(state.n));
  const qs = p.toString();
  return location.pathname + (qs ? `?${qs}` : "");
}

function navigate(state, replace = false) {
  const url = stateUrl(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  run(state);
}

// ---------------------------------------------------------------- loading
/** A JSON file the build writes gzipped, decompressed here; `plain` files
 * also exist uncompressed for browsers without DecompressionStream. */
async function fetchGz(name, plain = false) {
  if (typeof DecompressionStream !== "function") {
    if (!plain) throw new Error("DecompressionStream is not supported");
    return (await fetch(assetUrl(name))).json();
  }
  const response = await fetch(assetUrl(`${name}.gz`));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes)); // host decoded it
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  return JSON.parse(text);
}

/** The search table (facets and years of every row): needed for filters,
 * counts and sorting by year, not for the first page of a plain query. */
function loadTable() {
  if (!table) table = fetchGz("table.json", true);
  return table;
}

/** The small part of the table every search needs first: rows, index, labels. */
function loadMeta() {
  if (!meta) meta = fetchGz("meta.json", true);
  return meta;
}

async function loadEngine() {
  const m = await loadMeta();
  if (!engine) engine = new Engine((name) => fetchGz(`index/${name}`), m.index.buckets);
  return engine;
}

/** Load the parts of the traditional → simplified table that the query's characters need. */
function ensureT2S(q) {
  const wanted = new Set();
  for (const ch of q.normalize("NFKC")) {
    const bucket = (ch.codePointAt(0) >> 8).toString(16);
    if (labels.t2s.includes(bucket)) wanted.add(bucket);
  }
  return Promise.all([...wanted].map((bucket) => {
    if (!t2sBuckets.has(bucket)) {
      t2sBuckets.set(bucket, fetch(assetUrl(`t2s/${bucket}.json`)).then((r) => r.json()).then(useT2S));
    }
    return t2sBuckets.get(bucket);
  }));
}

// ---------------------------------------------------------------- searching
function yearOf(row, tbl) {
  const year = tbl.facets.year;
  const [index] = year.rows[row];
  return index === undefined ? 0 : Number(year.values[index]);
}

/** Newest first; records without a year last; otherwise the given order. */
function byYear(rows, tbl) {
  return rows
    .map((row, i) => [row, yearOf(row, tbl), i])
    .sort((a, b) => b[1] - a[1] || a[2] - b[2])
    .map((x) => x[0]);
}

/** Per facet with a selection, the set of selected value indexes. */
function selection(state, tbl) {
  const out = new Map();
  for (const [key] of FACETS) {
    if (!state.filters[key].length) continue;
    const values = tbl.facets[key].values;
    out.set(key, new Set(state.filters[key].map((id) => values.indexOf(id)).filter((i) => i >= 0)));
  }
  return out;
}

/** Does `row` pass every selected facet except `except` (OR within, AND across)? */
function passes(row, selected, tbl, except = null) {
  for (const [key, wanted] of selected) {
    if (key !== except && !tbl.facets[key].rows[row].some((i) => wanted.has(i))) return false;
  }
  return true;
}

/** Counts per facet value over the rows that pass the other facets' selections. */
function facetCounts(rows, selected, tbl) {
  const counts = {};
  for (const [key] of FACETS) {
    const { values, rows: perRow } = tbl.facets[key];
    const n = new Array(values.length).fill(0);
    for (const row of rows) {
      if (passes(row, selected, tbl, key)) for (const i of perRow[row]) n[i]++;
    }
    counts[key] = Object.fromEntries(values.map((id, i) => [id, n[i]]));
  }
  return counts;
}

/** The results of `state`: {first, all}, both promises of ranked rows
 * passing the facets, and `counts()`, which computes the facet counts (called
 * once the first page is shown, so that the table loads after it). The
 * first page is verified first; the rest (and the counts) follow. */
async function search(state) {
  const filtered = FACETS.some(([key]) => state.filters[key].length);
  const byRank = state.sort !== "year";
  if (state.q && !filtered && byRank) {
    // rows are stored best first, so a plain query's first page needs no table
    await ensureT2S(state.q);
    if (!queryTerms(state.q).length) {
      return { first: [], all: Promise.resolve([]), counts: async () => null };
    }
    const main = (await loadEngine()).search(state.q, { want: state.n });
    return {
      first: await main.first,
      all: main.all,
      counts: async () => facetCounts(await main.all, new Map(), await loadTable()),
    };
  }
  const tbl = await loadTable();
  const selected = selection(state, tbl);
  const keep = (row) => passes(row, selected, tbl);
  if (!state.q) {
    const rows = Array.from({ length: tbl.rows }, (_, row) => row);
    const ordered = byYear(rows.filter(keep), tbl);
    return { first: ordered, all: Promise.resolve(ordered), counts: async () => facetCounts(rows, selected, tbl) };
  }
  await ensureT2S(state.q);
  if (!queryTerms(state.q).length) {
    return { first: [], all: Promise.resolve([]), counts: async () => null };
  }
  const eng = await loadEngine();
  const main = eng.search(state.q, { keep, want: byRank ? state.n : Infinity });
  const unfiltered = selected.size ? eng.search(state.q).all : main.all;
  const all = main.all.then((rows) => (byRank ? rows : byYear(rows, tbl)));
  return {
    first: byRank ? await main.first : (await all).slice(0, state.n),
    all,
    counts: async () => facetCounts(await unfiltered, selected, tbl),
  };
}

function card(row) {
  if (!cards.has(row)) cards.set(row, fetch(assetUrl(`cards/${row}.json`)).then((r) => r.json()));
  return cards.get(row);
}

// ---------------------------------------------------------------- rendering
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Wrap the parts of `text` that match the query terms in <mark>. */
export function highlight(text, terms) {
  const chars = Array.from(String(text));
  const norm = [];
  const origin = [];
  chars.forEach((ch, i) => {
    for (const n of normalize(ch)) {
      norm.push(n);
      origin.push(i);
    }
  });
  const hay = norm.join("");
  const hayChars = norm;
  const marked = new Array(chars.length).fill(false);
  const needles = terms.flatMap((t) => t.split(" "));
  for (const needle of needles) {
    const n = Array.from(needle);
    if (!n.length) continue;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
      const start = Array.from(hay.slice(0, at)).length;
      for (let k = 0; k < n.length && start + k < hayChars.length; k++) marked[origin[start + k]] = true;
    }
  }
  let out = "";
  let open = false;
  chars.forEach((ch, i) => {
    if (marked[i] && !open) { out += "<mark>"; open = true; }
    if (!marked[i] && open) { out += "</mark>"; open = false; }
    out += escapeHtml(ch);
  });
  return open ? `${out}</mark>` : out;
}

function recordHref(rawUrl) {
  return new URL(String(rawUrl).replace(/^\/+/, ""), siteRoot).href;
}

function renderFacets(state, counts) {
  if (!counts) {
    els.facets.innerHTML = "";
    return;
  }
  const parts = [];
  for (const [key, title] of FACETS) {
    const selected = new Set(state.filters[key]);
    const c = counts[key] || {};
    let values;
    if (key === "year") {
      values = Object.keys(c).sort((a, b) => b.localeCompare(a)).map((y) => [y, `${y}年`, 0]);
    } else {
      values = (labels[key] || []).map(([id, name, parent]) => [id, name, parent ? 1 : 0]);
      if (key === "region") values = regionTree(labels.region || []);
    }
    const items = values
      .filter(([id]) => (c[id] || 0) > 0 || selected.has(id))
      .map(([id, name, depth]) => {
        const inputId = `f-${key}-${id}`;
        return `<li class="cb-facet__item${depth ? " cb-facet__item--child" : ""}">` +
          `<input type="checkbox" id="${escapeHtml(inputId)}" name="${key}" value="${escapeHtml(id)}"${selected.has(id) ? " checked" : ""}>` +
          `<label for="${escapeHtml(inputId)}">${escapeHtml(name)} <span class="cb-facet__count">${c[id] || 0}</span></label></li>`;
      });
    if (!items.length) continue;
    parts.push(`<fieldset class="cb-facet" data-facet="${key}"><legend>${title}</legend><ul>${items.join("")}</ul></fieldset>`);
  }
  els.facets.innerHTML = parts.join("");
}

function regionTree(regions) {
  const children = new Map();
  for (const [id, name, parent] of regions) {
    if (parent) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push([id, name, 1]);
    }
  }
  const out = [];
  for (const [id, name, parent] of regions) {
    if (parent) continue;
    out.push([id, name, 0]);
    out.push(...(children.get(id) || []));
  }
  return out;
}

function statusText(state, total) {
  const filtered = FACETS.some(([key]) => state.filters[key].length);
  if (!state.q && !filtered) return `共 ${total} 条记录，按年度从新到旧排列。输入关键词或勾选筛选条件缩小范围。`;
  const on = filterNames(state);
  const within = on.length ? `（筛选：${on.join("、")}）` : "";
  if (total === 0) {
    const what = state.q ? `包含“${state.q}”的` : "符合条件的";
    return `没有找到${what}记录${within}。可以试试：减少或更换关键词（繁体、简体都可以），检查错别字，或取消部分筛选条件。`;
  }
  return state.q ? `找到 ${total} 条包含“${state.q}”的记录${within}。` : `找到 ${total} 条符合条件的记录${within}。`;
}

/** The reader's words for the filters that are on (unknown ids are left out). */
function filterNames(state) {
  return FACETS.flatMap(([key]) => state.filters[key].map((id) => {
    if (key === "year") return /^\d{4}$/.test(id) ? `${id}年` : "";
    const hit = (labels[key] || []).find(([value]) => value === id);
    return hit ? hit[1] : "";
  })).filter(Boolean);
}

function activeFilters(state) {
  return FACETS.reduce((n, [key]) => n + state.filters[key].length, 0);
}

async function renderResults(state, terms, ordered, id) {
  const shown = ordered.slice(0, state.n);
  const data = await Promise.all(shown.map(card));
  if (id !== runId) return false;
  els.results.innerHTML = data.map((m, i) => {
    const facts = [m.type, m.region, m.year ? `${m.year}年` : "", m.status].filter(Boolean).map(escapeHtml).join(" · ");
    return `<li class="cb-result" data-record-id="${escapeHtml(m.id || "")}" data-row="${shown[i]}">` +
      `<h2 class="cb-result__title"><a href="${escapeHtml(recordHref(m.url))}">${highlight(m.title || m.url, terms)}</a></h2>` +
      `<p class="cb-result__facts">${facts}</p>` +
      (m.summary ? `<p class="cb-result__summary">${highlight(m.summary, terms)}</p>` : "") + "</li>";
  }).join("");
  return true;
}

function renderMore(state, total) {
  const rest = total - Math.min(total, state.n);
  els.more.hidden = rest <= 0;
  els.more.textContent = rest > 0 ? `显示更多（还有 ${rest} 条）` : "";
}

function fillForm(state) {
  els.q.value = state.q;
  if (els.sort) els.sort.value = state.sort;
  const header = document.querySelector("[data-cb-header-search] input[name=q]");
  if (header) header.value = state.q;
  document.title = state.q ? `${state.q} - ${baseTitle}` : baseTitle;
  if (els.toggle) {
    const n = activeFilters(state);
    els.toggle.textContent = n ? `筛选（已选 ${n} 项）` : "筛选";
  }
}

function setBusy(busy) {
  els.results.setAttribute("data-search-state", busy ? "loading" : "done");
  if (busy) els.results.setAttribute("aria-busy", "true");
  else els.results.removeAttribute("aria-busy");
}

async function run(state) {
  const id = ++runId;
  fillForm(state);
  setBusy(true);
  els.facets.setAttribute("data-facets-state", "loading");
  els.status.setAttribute("data-search-count", "loading");
  els.status.textContent = "正在搜索…";
  try {
    labels = (await loadMeta()).labels;
    if (!state.q) loadTable(); // browsing: fetch the table while the page starts
    const { first, all, counts } = await search(state);
    if (id !== runId) return;
    const terms = queryTerms(state.q);
    current = { state, terms, all };
    if (!(await renderResults(state, terms, first, id))) return;
    const settled = await Promise.race([all, Promise.resolve(null)]);
    if (settled === null) {
      els.status.textContent = first.length
        ? `已找到包含“${state.q}”的记录，正在统计总数…`
        : "正在搜索…";
    }
    setBusy(false);
    const ordered = await all;
    if (id !== runId) return;
    const page = ordered.slice(0, state.n);
    if (page.length !== first.length || first.some((row, i) => page[i] !== row)) {
      await renderResults(state, terms, ordered, id); // only when the first page was not final
    }
    els.status.textContent = statusText(state, ordered.length);
    els.status.setAttribute("data-search-count", "done");
    renderMore(state, ordered.length);
    const facetCountsNow = await counts();
    if (id !== runId) return;
    renderFacets(state, facetCountsNow);
    if (id !== runId) return;
    if (focusAfterRender) {
      document.getElementById(focusAfterRender)?.focus();
      focusAfterRender = null;
    }
  } catch (err) {
    if (id !== runId) return;
    console.error(err);
    els.results.innerHTML = "";
    els.more.hidden = true;
    els.status.textContent = "搜索暂时无法使用：请通过网站地址访问本页（不能直接打开本地文件），或稍后再试。";
    els.status.setAttribute("data-search-count", "done");
  }
  setBusy(false);
  els.facets.setAttribute("data-facets-state", "done");
}

// ---------------------------------------------------------------- events
els.form.addEventListener("submit", (event) => {
  event.preventDefault();
  const state = readState();
  state.q = els.q.value.trim();
  if (els.sort) state.sort = els.sort.value === "year" ? "year" : "relevance";
  state.n = PAGE_SIZE;
  navigate(state);
});

if (els.sort) {
  els.sort.addEventListener("change", () => {
    const state = readState();
    state.sort = els.sort.value === "year" ? "year" : "relevance";
    navigate(state);
  });
}

els.facets.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "checkbox") return;
  const state = readState();
  const values = new Set(state.filters[input.name] || []);
  if (input.checked) values.add(input.value);
  else values.delete(input.value);
  state.filters[input.name] = [...values];
  state.n = PAGE_SIZE;
  focusAfterRender = input.id; // keep keyboard focus on the same checkbox
  navigate(state);
});

els.more.addEventListener("click", async () => {
  if (!current) return;
  const state = { ...current.state, n: current.state.n + PAGE_SIZE };
  history.replaceState(null, "", stateUrl(state));
  current.state = state;
  const id = runId;
  const before = els.results.children.length;
  setBusy(true);
  const ordered = await current.all;
  await renderResults(state, current.terms, ordered, id);
  renderMore(state, ordered.length);
  setBusy(false);
  // keyboard users continue at the first newly shown result
  els.results.children[before]?.querySelector("a")?.focus();
});

if (els.toggle) {
  els.toggle.addEventListener("click", () => {
    const open = els.toggle.getAttribute("aria-expanded") !== "true";
    els.toggle.setAttribute("aria-expanded", String(open));
    els.facets.classList.toggle("cb-search__facets--open", open);
  });
}

window.addEventListener("popstate", () => run(readState()));

run(readState());
