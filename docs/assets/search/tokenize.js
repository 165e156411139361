// Canonical text and query terms: a port of casebook/search/normalize.py and
// tokenize.py (see tokenize.py for the rules). tests/test_search_tokenize.py
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

/** Normalised runs joined by one space. */
export function canonical(text) {
  return runs(normalize(text)).join(" ");
}

/** The canonical text of every whitespace-separated term, duplicates and
 * terms without letters or digits removed. */
export function queryTerms(query) {
  const terms = [];
  for (const term of normalize(query).split(/\s+/)) {
    const text = canonical(term);
    if (text && !terms.includes(text)) terms.push(text);
  }
  return terms;
}
