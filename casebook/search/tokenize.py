"""Index and query tokens: character n-grams, each found exactly.

Text is normalised (`normalize.normalize`) and reduced to its *canonical*
form: the runs of letters and digits (Unicode L*, Nd, Nl) joined by one space;
everything else only separates runs. Every character position of the
canonical text then gives up to three tokens: the 1-, 2- and 3-gram that start
there (`学`, `学分`, `学分银`), written with `‿` where a separator lies
between two characters (`函‿20` in `教职成函〔2023〕9号`) and prefixed with
their length (`1学`, `2学分`, `3学分银`). A record's tokens are the distinct
n-grams of its text, each once: the index stores which records hold a token,
not where, which keeps the postings of common words small.

A query term (the query is split on whitespace; terms are ANDed) becomes:
- one or two characters: the 1- or 2-gram itself, found exactly where the
  term occurs;
- three or more: the 3-grams that cover it end to end, the last one aligned
  with the term's end (`区校终身学习联` → `区校终`, `身学习`, `学习联`).

So every record that contains the term holds all its tokens (recall is
complete by construction). A record that holds the 3-grams but not the whole
term is a false hit; on the real content that is about 1 % of results
(measured on the 关于搜索 page). Covering 3-grams rather than every 3-gram
keeps a long query to a few index chunks: each costs about 20 KB at 10,000
records. The length prefix makes the tokens a
prefix-free code: Pagefind widens a term to words that start with it, and
falls back to the longest word that starts the term when the term itself is
missing; neither can then match anything but the token itself.
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
MAX_GRAM = 3
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
    return f"{n}{''.join(parts)}"


def gram_tokens(canon: str) -> list[str]:
    """The distinct 1-, 2- and 3-gram tokens of canonical text: the 1-grams in
    order of first occurrence, then the 2-grams, then the 3-grams."""
    chars, gaps = _chars_and_gaps(canon)
    # joined[i]: character i as it follows character i - 1 (with the separator mark if any)
    joined = [SEPARATOR + ch if i - 1 in gaps else ch for i, ch in enumerate(chars)]
    pairs = [a + b for a, b in zip(chars, joined[1:], strict=False)]
    return list(dict.fromkeys(
        ["1" + ch for ch in chars]
        + ["2" + p for p in pairs]
        + ["3" + p + c for p, c in zip(pairs, joined[2:], strict=False)]))


def term_tokens(canon: str) -> list[str]:
    """The tokens a query term is looked up by (see the module docstring)."""
    chars, gaps = _chars_and_gaps(canon)
    if len(chars) < MAX_GRAM:
        return [_gram(chars, gaps, 0, len(chars))] if chars else []
    last = len(chars) - MAX_GRAM
    starts = sorted(set(range(0, last + 1, MAX_GRAM)) | {last})
    return [_gram(chars, gaps, start, MAX_GRAM) for start in starts]


def index_tokens(text: str) -> list[str]:
    """All distinct tokens of a document."""
    return gram_tokens(canonical(text))


def canonical(text: str) -> str:
    """Normalised runs joined by one space: what substring matching compares."""
    return " ".join(runs(normalize(text)))


@dataclass(frozen=True)
class TermPlan:
    """How one query term is searched: the tokens that must all be in a record."""

    tokens: tuple[str, ...]
    text: str  # the term's canonical text


def plan_term(term: str) -> TermPlan | None:
    """Search plan for one whitespace-free query term; None if it has no letters or digits."""
    text = canonical(term)
    return TermPlan(tuple(term_tokens(text)), text) if text else None


def pagefind_query(plans: list[TermPlan]) -> str:
    """The string handed to Pagefind's `search()`: every token once (Pagefind ANDs them)."""
    return " ".join(dict.fromkeys(t for p in plans for t in p.tokens))


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
