// Query tokeniser: a port of casebook/search/normalize.py and tokenize.py.
// Index and query must follow the same rules; tests/test_search_tokenize.py
// runs both on the same inputs and compares.

const WORD_CHAR = /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}\p{Nl}]/u;
const MARKS = /\p{M}/gu;
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

/** Tokens of one run: bigrams, with leading/trailing unigrams when asked. */
export function runTokens(run, lead = true, trail = true) {
  const chars = Array.from(run);
  if (chars.length === 1) return [run];
  const tokens = [];
  if (lead) tokens.push(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
  if (trail) tokens.push(chars[chars.length - 1]);
  return tokens;
}

/** All tokens of a document, in order. */
export function indexTokens(text) {
  return runs(normalize(text)).flatMap((run) => runTokens(run));
}

/** Normalised runs joined by one space. */
export function canonical(text) {
  return runs(normalize(text)).join(" ");
}

/** Plan for one query term: {kind: "prefix"|"phrase", tokens, text, query}. */
export function planTerm(term) {
  const termRuns = runs(normalize(term));
  if (!termRuns.length) return null;
  const text = termRuns.join(" ");
  if (termRuns.length === 1 && Array.from(termRuns[0]).length === 1) {
    return { kind: "prefix", tokens: [termRuns[0]], text, query: termRuns[0] };
  }
  const last = termRuns.length - 1;
  const tokens = termRuns.flatMap((run, i) => runTokens(run, i > 0, i < last));
  return { kind: "phrase", tokens, text, query: `"${tokens.join(" ")}"` };
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
