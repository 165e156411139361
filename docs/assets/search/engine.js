// The query engine over the n-gram index: a port of casebook/search/grams.py
// and engine.py (see them for the rules and the file format). Results equal
// the Python engine's, row for row (tests/test_search_engine_browser.py).
//
// `search(query, {keep, want})` ranks the candidate rows (those holding every
// covering gram) first and verifies the positions of long terms in rank order
// only until `want` results are found: `first` resolves with them. `all`
// resolves with every match, best first, once the rest is verified.
import { queryTerms } from "./tokenize.js";

const GRAM = 3;
const BODY = "b", HEAD = "h", EXACT = "x";
const BATCH = 12; // candidates whose positions are fetched together

/** FNV-1a over the first three code points, modulo the bucket count. */
export function bucketOf(text, buckets) {
  let h = 2166136261;
  for (const ch of Array.from(text).slice(0, GRAM)) {
    h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  }
  return h % buckets;
}

/** [offset, gram] pairs covering a term of three or more characters. */
export function cover(chars) {
  const last = chars.length - GRAM;
  const offsets = new Set();
  for (let o = 0; o <= last; o += GRAM) offsets.add(o);
  offsets.add(last);
  return [...offsets].sort((a, b) => a - b).map((o) => [o, chars.slice(o, o + GRAM).join("")]);
}

function ungap(values) {
  let total = 0;
  return values.map((v) => (total += v));
}

/** Rows in every list, ascending. */
function intersect(lists) {
  if (!lists.length) return [];
  const ordered = [...lists].sort((a, b) => a.length - b.length);
  let out = ordered[0];
  for (const other of ordered.slice(1)) {
    const set = new Set(other);
    out = out.filter((row) => set.has(row));
  }
  return out;
}

function lowerBound(list, value) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}

export class Engine {
  /** `read(name)` resolves with the parsed JSON of an index file. */
  constructor(read, buckets) {
    this.files = new Map(); // name -> promise of its content: each file is fetched once
    this.readOnce = read;
    this.buckets = buckets;
    this.entries = new Map();
  }

  read(name) {
    if (!this.files.has(name)) this.files.set(name, this.readOnce(name));
    return this.files.get(name);
  }

  entry(key) {
    if (!this.entries.has(key)) this.entries.set(key, this.loadEntry(key));
    return this.entries.get(key);
  }

  async loadEntry(key) {
    const bucket = await this.read(`${bucketOf(key.slice(1), this.buckets)}.json`);
    let raw = Object.prototype.hasOwnProperty.call(bucket, key) ? bucket[key] : null;
    if (raw && raw.f !== undefined) raw = { ...(await this.read(`g${raw.f}.json`)), f: raw.f };
    return raw && { ...raw, rows: ungap(raw.r) };
  }

  async rows(key) {
    const found = await this.entry(key);
    return found ? found.rows : [];
  }

  /** Positions of a 3-gram key in one of its rows. */
  async positions(key, row) {
    const found = await this.entry(key);
    const i = lowerBound(found.rows, row);
    if (found.p) return ungap(found.p[i]);
    let k = 0;
    while (k + 1 < found.b.length && found.b[k + 1] <= i) k++;
    const block = await this.read(`g${found.f}-${k}.json`);
    return ungap(block[i - found.b[k]]);
  }

  /** The rows holding every covering gram of `term` in `ns`, and the grams
   * whose positions decide (none for terms of up to three characters). */
  async candidates(ns, term) {
    const chars = Array.from(term);
    if (chars.length < GRAM) return { rows: await this.rows(ns + term), grams: [] };
    const grams = cover(chars);
    const rows = intersect(await Promise.all(grams.map(([, g]) => this.rows(ns + g))));
    return { rows, grams: grams.length > 1 ? grams : [] };
  }

  /** Do the grams sit at their offsets from one common start in `row`? */
  async holdsAt(ns, grams, row) {
    const lists = await Promise.all(grams.map(([, g]) => this.positions(ns + g, row)));
    let starts = null;
    for (let i = 0; i < grams.length; i++) {
      const here = new Set(lists[i].map((p) => p - grams[i][0]));
      starts = starts ? new Set([...starts].filter((s) => here.has(s))) : here;
      if (!starts.size) return false;
    }
    return true;
  }

  /** Rows whose `ns` text holds `term`, exactly. */
  async phraseRows(ns, term) {
    const { rows, grams } = await this.candidates(ns, term);
    if (!grams.length) return rows;
    const ok = await Promise.all(rows.map((row) => this.holdsAt(ns, grams, row)));
    return rows.filter((_, i) => ok[i]);
  }

  /** Rank key parts of every row for `terms` (see engine.py): exact rows and
   * the head rows of each term. */
  async ranking(terms) {
    const exact = new Set(terms.length === 1 ? await this.rows(EXACT + terms[0]) : []);
    const heads = (await Promise.all(terms.map((t) => this.phraseRows(HEAD, t)))).map((r) => new Set(r));
    return (row) => [exact.has(row) ? 0 : 1, -heads.reduce((n, h) => n + (h.has(row) ? 1 : 0), 0), row];
  }

  /** {first, all, candidates}: see the top of this file. `keep(row)` filters
   * rows before any position is fetched (the facets). */
  search(query, { keep = () => true, want = Infinity } = {}) {
    const terms = queryTerms(query);
    const ranked = terms.length ? this.rankedCandidates(terms, keep) : Promise.resolve([[], []]);
    let resolveFirst;
    const first = new Promise((resolve) => { resolveFirst = resolve; });
    const all = ranked.then(async ([rows, checks]) => {
      const found = [];
      let announced = false;
      for (let at = 0; at < rows.length; at += BATCH) {
        const batch = rows.slice(at, at + BATCH);
        const ok = await Promise.all(batch.map((row) => this.verify(checks, row)));
        batch.forEach((row, i) => { if (ok[i]) found.push(row); });
        if (!announced && found.length >= want) {
          announced = true;
          resolveFirst(found.slice(0, want));
        }
      }
      if (!announced) resolveFirst(found.slice(0, want));
      return found;
    });
    all.catch((err) => resolveFirst(Promise.reject(err)));
    return { first, all, terms };
  }

  async rankedCandidates(terms, keep) {
    const per = await Promise.all(terms.map((t) => this.candidates(BODY, t)));
    const rank = await this.ranking(terms);
    const rows = intersect(per.map((c) => c.rows)).filter(keep);
    const keys = new Map(rows.map((row) => [row, rank(row)]));
    rows.sort((a, b) => {
      const x = keys.get(a), y = keys.get(b);
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    return [rows, per.filter((c) => c.grams.length).map((c) => c.grams)];
  }

  async verify(checks, row) {
    for (const grams of checks) if (!(await this.holdsAt(BODY, grams, row))) return false;
    return true;
  }
}
