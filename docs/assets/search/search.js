// The search page (/search/): Pagefind's chunked index, queried with our own
// tokens (tokenize.js), facets with counts, state in the URL.
//
// Contract for tests: the results list carries `data-search-results`; its
// `data-search-state` is "loading" while searching and "done" once the
// results for the current URL are rendered (also when there are none).
import { normalize, planQuery, useT2S } from "./tokenize.js";

const FACETS = [
  ["type", "类型"], ["region", "地区"], ["task", "重点任务"],
  ["kind", "案例类型"], ["year", "年度"], ["audience", "面向人群"],
];
const PAGE_SIZE = 10;
// Pagefind's cost per search grows with results × postings: above these sizes
// the extra ranking search and the exact per-value counts of multi-term
// queries are skipped (results then come in index order; counts are those of
// the words' combined results).
const RANK_LIMIT = 2000;
const EXACT_COUNT_LIMIT = 200;
// In every record (casebook/search/build.py BROWSE_TOKEN): lists all records
// without Pagefind's filter-only search, which would load every index chunk.
const ALL = '"_all"';

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
};

let pagefind = null;
let labels = null;
let filtersLoaded = null;
const t2sBuckets = new Map(); // bucket id -> promise of its table part
let runId = 0;
let current = null; // {state, plans, ordered}
let focusAfterRender = null; // id of a facet checkbox to refocus after redrawing
const dataCache = new Map();

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
async function loadPagefind() {
  if (pagefind) return pagefind;
  // Pagefind picks its query segmentation from <html lang>: for "zh" it would
  // cut the query with Intl.Segmenter (CloudCannon/pagefind#1237). The index
  // holds our own tokens under the language "und" (whitespace only), so the
  // instance is created while the page says "und", then the language is put back.
  const mod = await import(new URL("pagefind/pagefind.js", siteRoot).href);
  const html = document.documentElement;
  const lang = html.getAttribute("lang");
  html.setAttribute("lang", "und");
  try {
    pagefind = mod.createInstance({ noWorker: true });
  } finally {
    if (lang === null) html.removeAttribute("lang");
    else html.setAttribute("lang", lang);
  }
  await pagefind.init();
  return pagefind;
}

async function loadLabels() {
  if (!labels) labels = await (await fetch(assetUrl("facets.json"))).json();
  return labels;
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
function pagefindFilters(filters, except = null) {
  const out = {};
  for (const [key] of FACETS) {
    if (key !== except && filters[key].length) out[key] = { any: filters[key] };
  }
  return out;
}

async function idsFor(pf, plans, filters, sort) {
  if (!plans.length) return (await pf.search(ALL, { filters, sort: { year: "desc" } })).results;
  const searches = await Promise.all(plans.map((p) => pf.search(p.query, { filters, sort })));
  const others = searches.slice(1).map((s) => new Set(s.results.map((r) => r.id)));
  return searches[0].results.filter((r) => others.every((set) => set.has(r.id)));
}

/** Count facet values over the results, OR within a facet, AND across facets. */
async function facetCounts(pf, plans, state, total) {
  const counts = {};
  const single = plans.length <= 1;
  const variants = new Map(); // filters JSON -> Pagefind response (counts over its results)
  for (const [key] of FACETS) {
    const filters = pagefindFilters(state.filters, key);
    if (single) {
      const cacheKey = JSON.stringify(filters);
      if (!variants.has(cacheKey)) {
        const term = plans.length ? plans[0].query : ALL;
        variants.set(cacheKey, await pf.search(term, { filters }));
      }
      counts[key] = variants.get(cacheKey).filters[key] || {};
    } else {
      // Several terms: Pagefind counts one search at a time. Its search for all
      // the terms' tokens together gives counts over a superset of the results;
      // when the results are few, each value is counted exactly over the
      // intersection of the terms' results.
      const upper = (await pf.search(plans.flatMap((p) => p.tokens).join(" "), { filters })).filters[key] || {};
      if (total > EXACT_COUNT_LIMIT) {
        counts[key] = upper;
        continue;
      }
      counts[key] = {};
      for (const [value, n] of Object.entries(upper)) {
        if (!n) continue;
        const withValue = { ...filters, [key]: { any: [value] } };
        counts[key][value] = (await idsFor(pf, plans, withValue, {})).length;
      }
    }
  }
  return counts;
}

async function search(state) {
  const pf = await loadPagefind();
  await ensureT2S(state.q);
  const plans = planQuery(state.q);
  if (state.q && !plans.length) return { plans, ordered: [] };
  const filters = pagefindFilters(state.filters);
  const sort = state.sort === "year" ? { year: "desc" } : {};
  let ordered = await idsFor(pf, plans, filters, sort);
  if (plans.length && state.sort !== "year" && ordered.length <= RANK_LIMIT) {
    // Exact phrase results come unranked: rank them by Pagefind's BM25 score
    // for the same tokens (title tokens are weighted up in the index).
    const ranking = await pf.search(plans.flatMap((p) => p.tokens).join(" "), { filters });
    const score = new Map(ranking.results.map((r) => [r.id, r.score]));
    ordered = ordered
      .map((r, i) => [r, score.get(r.id) ?? 0, i])
      .sort((a, b) => b[1] - a[1] || a[2] - b[2])
      .map((x) => x[0]);
  }
  return { plans, ordered };
}

async function resultData(result) {
  if (!dataCache.has(result.id)) dataCache.set(result.id, result.data());
  return dataCache.get(result.id);
}

// ---------------------------------------------------------------- rendering
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Wrap the parts of `text` that match the query terms in <mark>. */
export function highlight(text, plans) {
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
  const needles = plans.flatMap((p) => (p.kind === "prefix" ? [p.text] : p.text.split(" ")));
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
  if (!state.q && !filtered) return `共 ${total} 条记录，按年度从新到旧排列。输入关键词或勾选左侧条件缩小范围。`;
  if (total === 0) {
    const what = state.q ? `包含“${state.q}”的` : "符合条件的";
    return `没有找到${what}记录。可以试试：减少或更换关键词（繁体、简体都可以），检查错别字，或取消部分筛选条件。`;
  }
  return state.q ? `找到 ${total} 条包含“${state.q}”的记录。` : `找到 ${total} 条符合条件的记录。`;
}

async function renderResults(state, plans, ordered, id) {
  const shown = ordered.slice(0, state.n);
  const data = await Promise.all(shown.map(resultData));
  if (id !== runId) return;
  els.results.innerHTML = data.map((d) => {
    const m = d.meta || {};
    const facts = [m.type, m.region, m.year ? `${m.year}年` : ""].filter(Boolean).map(escapeHtml).join(" · ");
    return `<li class="cb-result"><h2 class="cb-result__title"><a href="${escapeHtml(recordHref(d.raw_url || d.url))}">${highlight(m.title || d.url, plans)}</a></h2>` +
      `<p class="cb-result__facts">${facts}</p>` +
      (m.summary ? `<p class="cb-result__summary">${highlight(m.summary, plans)}</p>` : "") + "</li>";
  }).join("");
  const rest = ordered.length - shown.length;
  els.more.hidden = rest <= 0;
  els.more.textContent = rest > 0 ? `显示更多（还有 ${rest} 条）` : "";
}

function fillForm(state) {
  els.q.value = state.q;
  if (els.sort) els.sort.value = state.sort;
  const header = document.querySelector("[data-cb-header-search] input[name=q]");
  if (header) header.value = state.q;
}

async function run(state) {
  const id = ++runId;
  let failed = false;
  fillForm(state);
  els.results.setAttribute("data-search-state", "loading");
  els.results.setAttribute("aria-busy", "true");
  try {
    await loadLabels();
    const { plans, ordered } = await search(state);
    if (id !== runId) return;
    current = { state, plans, ordered };
    await renderResults(state, plans, ordered, id);
    if (id !== runId) return;
    els.status.textContent = statusText(state, ordered.length);
  } catch (err) {
    if (id !== runId) return;
    console.error(err);
    els.results.innerHTML = "";
    els.more.hidden = true;
    els.status.textContent = "搜索暂时无法使用：请通过网站地址访问本页（不能直接打开本地文件），或稍后再试。";
    failed = true;
  }
  els.results.removeAttribute("aria-busy");
  els.results.setAttribute("data-search-state", "done");
  if (!failed) await runFacets(state, id);
}

/** Second phase, after the results are shown: facet counts (they need every
 * facet's filter index, which is worth loading only once the results are up). */
async function runFacets(state, id) {
  els.facets.setAttribute("data-facets-state", "loading");
  try {
    const pf = await loadPagefind();
    if (!filtersLoaded) filtersLoaded = pf.filters(); // loads all filter indexes
    await filtersLoaded;
    const plans = current.plans;
    const counts = state.q && !plans.length ? null : await facetCounts(pf, plans, state, current.ordered.length);
    if (id !== runId) return;
    renderFacets(state, counts);
    if (focusAfterRender) {
      document.getElementById(focusAfterRender)?.focus();
      focusAfterRender = null;
    }
  } catch (err) {
    if (id !== runId) return;
    console.error(err);
  }
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
  els.results.setAttribute("data-search-state", "loading");
  await renderResults(state, current.plans, current.ordered, id);
  els.results.setAttribute("data-search-state", "done");
  // keyboard users continue at the first newly shown result
  els.results.children[before]?.querySelector("a")?.focus();
});

window.addEventListener("popstate", () => run(readState()));

run(readState());
