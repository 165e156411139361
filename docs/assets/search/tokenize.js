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

const MAX_GRAM = 3;

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
  return `${n}${out}`;
}

/** The distinct 1-, 2- and 3-gram tokens of canonical text: the 1-grams in
 * order of first occurrence, then the 2-grams, then the 3-grams. */
export function gramTokens(canon) {
  const [chars, gaps] = charsAndGaps(canon);
  const out = new Set();
  for (let n = 1; n <= MAX_GRAM; n++) {
    for (let start = 0; start + n <= chars.length; start++) out.add(gram(chars, gaps, start, n));
  }
  return [...out];
}

/** The tokens a query term is looked up by: the whole term below three
 * characters, else the 3-grams that cover it end to end (the last one may overlap). */
export function termTokens(canon) {
  const [chars, gaps] = charsAndGaps(canon);
  if (chars.length < MAX_GRAM) return chars.length ? [gram(chars, gaps, 0, chars.length)] : [];
  const last = chars.length - MAX_GRAM;
  const starts = new Set();
  for (let s = 0; s <= last; s += MAX_GRAM) starts.add(s);
  starts.add(last);
  return [...starts].sort((a, b) => a - b).map((s) => gram(chars, gaps, s, MAX_GRAM));
}

/** Normalised runs joined by one space. */
export function canonical(text) {
  return runs(normalize(text)).join(" ");
}

/** All distinct tokens of a document. */
export function indexTokens(text) {
  return gramTokens(canonical(text));
}

/** Plan for one query term: {tokens, text}. */
export function planTerm(term) {
  const text = canonical(term);
  return text ? { tokens: termTokens(text), text } : null;
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

/** The string handed to Pagefind's search(): every token once (Pagefind ANDs them). */
export function pagefindQuery(plans) {
  return [...new Set(plans.flatMap((p) => p.tokens))].join(" ");
}
