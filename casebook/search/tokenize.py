"""Canonical text and query terms: what substring matching compares.

Text is normalised (`normalize.normalize`: NFKC, no diacritics, lower case,
traditional → simplified) and reduced to its *canonical* form: the runs of
letters and digits (Unicode L*, Nd, Nl) joined by one space. Everything else
(punctuation, symbols, line and field ends) only separates runs, so a query
matches across a comma only where the text has a separator too, and never
across the end of a field.

A query is split on whitespace into terms, each reduced to its canonical text;
a record matches when every term's canonical text occurs in the record's
canonical text (`matches`, the truth the index is tested against).
`docs/assets/search/tokenize.js` implements the same rules for the browser.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from casebook.search.normalize import normalize

WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl"})
# JavaScript's `\s`, so that Python and the browser split a query into the same terms.
QUERY_SPACE = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def is_word_char(ch: str) -> bool:
    """Letters and decimal/letter digits: the characters a run is made of."""
    return unicodedata.category(ch) in WORD_CATEGORIES


@lru_cache(maxsize=1)
def _run_pattern() -> re.Pattern[str]:
    """A regex for runs, built once from the Unicode database (fast on long texts)."""
    ranges: list[str] = []
    start = prev = None
    for cp in range(sys.maxunicode + 1):
        if is_word_char(chr(cp)):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append(_range(start, prev))
            start = None
    if start is not None:
        ranges.append(_range(start, prev))
    return re.compile("[" + "".join(ranges) + "]+")


def _range(lo: int, hi: int) -> str:
    return re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"


def runs(text: str) -> list[str]:
    """Maximal runs of word characters in already-normalised `text`."""
    return _run_pattern().findall(text)


def canonical(text: str) -> str:
    """Normalised runs joined by one space: what substring matching compares."""
    return " ".join(runs(normalize(text)))


def query_terms(query: str) -> list[str]:
    """The canonical text of every whitespace-separated term, duplicates and
    terms without letters or digits removed."""
    terms: list[str] = []
    for term in QUERY_SPACE.split(normalize(query)):
        text = canonical(term)
        if text and text not in terms:
            terms.append(text)
    return terms


def matches(query: str, text: str) -> bool:
    """The truth: every term's canonical text occurs in the text's canonical text."""
    terms = query_terms(query)
    haystack = canonical(text)
    return bool(terms) and all(t in haystack for t in terms)
