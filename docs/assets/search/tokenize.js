// Query tokeniser: a port of casebook/search/normalize.py and tokenize.py
// (see tokenize.py for the rules and why they make search exact).
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

/** Tokens of canonical text: each character with its successor ("‿" marks a
 * separator between them); with `final`, the last character alone. */
export function pairTokens(canon, final = true) {
  const tokens = [];
  const parts = canon ? canon.split(" ").map((run) => Array.from(run)) : [];
  parts.forEach((run, k) => {
    for (let j = 0; j + 1 < run.length; j++) tokens.push(run[j] + run[j + 1]);
    if (k + 1 < parts.length) tokens.push(run[run.length - 1] + SEPARATOR + parts[k + 1][0]);
    else if (final) tokens.push(run[run.length - 1]);
  });
  return tokens;
}

/** Normalised runs joined by one space. */
export function canonical(text) {
  return runs(normalize(text)).join(" ");
}

/** All tokens of a document, in order. */
export function indexTokens(text) {
  return pairTokens(canonical(text));
}

/** Plan for one query term: {kind: "prefix"|"phrase", tokens, text, query}. */
export function planTerm(term) {
  const text = canonical(term);
  if (!text) return null;
  if (Array.from(text).length === 1) return { kind: "prefix", tokens: [text], text, query: text };
  const tokens = pairTokens(text, false);
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
