// Query tokeniser: a port of casebook/search/normalize.py and tokenize.py
// (see tokenize.py for the rules).
// Index and query must follow the same rules; tests/test_search_tokenize.py
// runs both on the same inputs and compares.

const WORD_CHAR = /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}\p{Nl}]/u;
const MARKS = /\p{M}/gu;
const SEPARATOR = "\u203f"; // ‿ between two characters that a separator parts
const t2s = new Map();

/** Add (part of) the traditional → simplified table ({from, to}: strings of equal length). */
export function useT2S(table) {
  const to = Array.from(table.to);
  Array.from(table.from).forEach((ch, i) => t2s.set(ch, to[i]));
}

/** NFKC, no diacritics, lower case, simplified characters. */
export function normalize(text) {
  let s = String(text).normalize("NFKC");
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize("NFD").replace(MARKS, "").normalize("NFC");
  s = s.toLowerCase();
  let out = "";
  for (const ch of s) out += t2s.get(ch) ?? ch;
  return out;
}

/** Maximal runs of letters and digits in already-normalised text. */
export function runs(text) {
  const out = [];
  let current = "";
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      current += ch;
    } else if (current) {
      out.push(current);
      current = "";
    }
  }
  if (current) out.push(current);
  return out;
}

const END = "\u2040"; // ⁀ after the last one or two characters of a text
const GRAM = 3;
const CHAR_BLOCK = 6; // casebook/search/table.py

/** Characters of canonical text, and the indexes after which a separator lies. */
function charsAndGaps(canon) {
  const chars = [];
  const gaps = new Set();
  (canon ? canon.split(" ") : []).forEach((run, k) => {
    if (k) gaps.add(chars.length - 1);
    chars.push(...Array.from(run));
  });
  return [chars, gaps];
}

function gram(chars, gaps, start, n) {
  let out = chars[start];
  for (let i = start + 1; i < start + n; i++) out += (gaps.has(i - 1) ? SEPARATOR : "") + chars[i];
  return out;
}

/** The distinct tokens of canonical text (the 3-gram at each position; the
 * last two positions: what is left plus "⁀"), in order of first occurrence. */
export function gramTokens(canon) {
  const [chars, gaps] = charsAndGaps(canon);
  const out = new Set();
  const n = chars.length;
  for (let start = 0; start + GRAM <= n; start++) out.add(gram(chars, gaps, start, GRAM));
  if (n >= 2) out.add(gram(chars, gaps, n - 2, 2) + END);
  if (n >= 1) out.add(chars[n - 1] + END);
  return [...out];
}

/** How a query term is looked up: ["char", [the character]], ["prefix",
 * [the term]] or ["grams", [the 3-grams that cover it end to end, the last one
 * aligned with its end]]. */
export function termTokens(canon) {
  const [chars, gaps] = charsAndGaps(canon);
  if (chars.length <= 1) return ["char", chars];
  if (chars.length === 2) return ["prefix", [gram(chars, gaps, 0, 2)]];
  const last = chars.length - GRAM;
  const starts = new Set();
  for (let s = 0; s <= last; s += GRAM) starts.add(s);
  starts.add(last);
  return ["grams", [...starts].sort((a, b) => a - b).map((s) => gram(chars, gaps, s, GRAM))];
}

/** The character table block (file) a character is in. */
export function charBlock(ch) {
  return (ch.codePointAt(0) >> CHAR_BLOCK).toString(16);
}

/** Normalised runs joined by one space. */
export function canonical(text) {
  return runs(normalize(text)).join(" ");
}

/** All distinct tokens of a document. */
export function indexTokens(text) {
  return gramTokens(canonical(text));
}

/** Plan for one query term: {tokens, text, kind}. */
export function planTerm(term) {
  const text = canonical(term);
  if (!text) return null;
  const [kind, tokens] = termTokens(text);
  return { tokens, text, kind };
}

/** Plans for every whitespace-separated term of a query, duplicates removed. */
export function planQuery(query) {
  const plans = [];
  const seen = new Set();
  for (const term of normalize(query).split(/\s+/)) {
    if (!term) continue;
    const plan = planTerm(term);
    if (plan && !seen.has(plan.text)) {
      seen.add(plan.text);
      plans.push(plan);
    }
  }
  return plans;
}

/** Every Pagefind token of a query once: a record must hold (or, for a prefix, start) each. */
export function queryTokens(plans) {
  return [...new Set(plans.filter((p) => p.kind !== "char").flatMap((p) => p.tokens))];
}

/** Compare by code point: the order of Pagefind's words (UTF-8 bytes). */
function compareWords(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

/** First words of the index chunks that may hold words starting with `prefix`:
 * chunk i holds the words from starts[i] up to, not including, starts[i + 1]. */
export function chunksFor(prefix, starts) {
  return starts.filter((first, i) => {
    const next = starts[i + 1];
    const beginsInRange = first.startsWith(prefix) || compareWords(first, prefix) < 0;
    return beginsInRange && (next === undefined || compareWords(next, prefix) > 0);
  });
}
