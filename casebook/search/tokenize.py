"""Index and query tokens: 3-grams found exactly, and a character table.

Text is normalised (`normalize.normalize`) and reduced to its *canonical*
form: the runs of letters and digits (Unicode L*, Nd, Nl) joined by one space;
everything else only separates runs. Every character position of the
canonical text then gives one token: the 3-gram that starts there
(`学分银`), written with `‿` where a separator lies between two characters
(`函‿20` in `教职成函〔2023〕9号`); the last two positions, which have no
3-gram, give what is left plus the end mark `⁀` (`行⁀`). A record's tokens are
its distinct tokens, each once: the index stores which records hold a token,
not where, which keeps the postings of common words small.

A query term (the query is split on whitespace; terms are ANDed) becomes:
- one character: a lookup in the character table (`casebook.search.table`),
  which lists the records holding each character; Pagefind is not asked;
- two characters: a *prefix*: every token that starts with the term
  (`老年` → `老年人`, `老年教`, `老年⁀`, …). Each occurrence of the term
  starts exactly one such token, so the search page first loads every index
  chunk the prefix spans (Pagefind loads only the chunk where a term sorts),
  then lets Pagefind widen the term to all of them;
- three or more characters: the 3-grams that cover it end to end, the last
  one aligned with the term's end (`区校终身学习联` → `区校终`, `身学习`,
  `学习联`), each looked up exactly.

So every record that contains the term is found (recall is complete by
construction), and terms of up to three characters find nothing else. A
longer term also matches a record that holds its covering 3-grams apart: on
the real content about 1 % of results (measured on the 关于搜索 page).

No token is the start of another (3-grams have three characters; shorter
tokens end with `⁀`, which no 3-gram holds). Pagefind widens a term to the
words that start with it and, when none does, falls back to the longest word
that starts the term; with these tokens neither can match anything but the
3-gram looked up, or for a prefix, exactly the tokens that start with it.
Single characters are kept out of Pagefind: as prefixes they make its ranking
loop quadratic (about 50 s for `学` at 10,000 records), and as tokens of their
own they add half again to the index build. Two-character tokens would make
two-character queries exact lookups, at a third more index build time.
`docs/assets/search/tokenize.js` implements the same rules.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from casebook.search.normalize import normalize

WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl"})
SEPARATOR = "\u203f"  # ‿ between two characters that a separator parts
END = "\u2040"  # ⁀ after the last one or two characters of a text
GRAM = 3
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


def _chars_and_gaps(canon: str) -> tuple[list[str], set[int]]:
    """Characters of canonical text, and the indexes after which a separator lies."""
    chars: list[str] = []
    gaps: set[int] = set()
    for k, run in enumerate(canon.split(" ") if canon else []):
        if k:
            gaps.add(len(chars) - 1)
        chars.extend(run)
    return chars, gaps


def _gram(chars: list[str], gaps: set[int], start: int, n: int) -> str:
    parts = [chars[start]]
    for i in range(start + 1, start + n):
        parts.append(SEPARATOR + chars[i] if i - 1 in gaps else chars[i])
    return "".join(parts)


def gram_tokens(canon: str) -> list[str]:
    """The distinct position tokens of canonical text, in order of first occurrence."""
    chars, gaps = _chars_and_gaps(canon)
    # joined[i]: character i as it follows character i - 1 (with the separator mark if any)
    joined = [SEPARATOR + ch if i - 1 in gaps else ch for i, ch in enumerate(chars)]
    tokens = [a + b + c for a, b, c in zip(chars, joined[1:], joined[2:], strict=False)]
    if len(chars) >= 2:
        tokens.append(chars[-2] + joined[-1] + END)
    if chars:
        tokens.append(chars[-1] + END)
    return list(dict.fromkeys(tokens))


def term_tokens(canon: str) -> tuple[str, list[str]]:
    """How a query term is looked up: ("char", [the character]), ("prefix",
    [the term]) or ("grams", [covering 3-grams]); see the module docstring."""
    chars, gaps = _chars_and_gaps(canon)
    if len(chars) <= 1:
        return "char", chars
    if len(chars) == 2:
        return "prefix", [_gram(chars, gaps, 0, 2)]
    last = len(chars) - GRAM
    starts = sorted(set(range(0, last + 1, GRAM)) | {last})
    return "grams", [_gram(chars, gaps, start, GRAM) for start in starts]


def token_chars(tokens: list[str]) -> list[str]:
    """The distinct characters of a text, read off its tokens (`gram_tokens`):
    every character starts one token. For the character table."""
    return list(dict.fromkeys(t[0] for t in tokens))


def index_tokens(text: str) -> list[str]:
    """All distinct tokens of a document."""
    return gram_tokens(canonical(text))


def canonical(text: str) -> str:
    """Normalised runs joined by one space: what substring matching compares."""
    return " ".join(runs(normalize(text)))


@dataclass(frozen=True)
class TermPlan:
    """How one query term is searched (`kind`): "char", a record holds the
    character (character table); "prefix", a record holds a token starting with
    the term; "grams", a record holds every token."""

    tokens: tuple[str, ...]
    text: str  # the term's canonical text
    kind: str = "grams"


def plan_term(term: str) -> TermPlan | None:
    """Search plan for one whitespace-free query term; None if it has no letters or digits."""
    text = canonical(term)
    if not text:
        return None
    kind, tokens = term_tokens(text)
    return TermPlan(tuple(tokens), text, kind)


def query_tokens(plans: list[TermPlan]) -> list[str]:
    """Every Pagefind token of a query once: a record must hold (or, for a
    prefix, start) each. The search page looks each up alone and intersects:
    Pagefind leaves out a term it cannot find instead of failing the search."""
    return list(dict.fromkeys(t for p in plans if p.kind != "char" for t in p.tokens))


def plan_query(query: str) -> list[TermPlan]:
    """Plans for every term of a query (split on whitespace), duplicates removed."""
    plans: list[TermPlan] = []
    seen: set[str] = set()
    for term in QUERY_SPACE.split(normalize(query)):
        plan = plan_term(term)
        if plan and plan.text not in seen:
            seen.add(plan.text)
            plans.append(plan)
    return plans


def matches(query: str, text: str) -> bool:
    """The truth: every term's canonical text occurs in the text's canonical text."""
    plans = plan_query(query)
    if not plans:
        return False
    haystack = canonical(text)
    return all(p.text in haystack for p in plans)
