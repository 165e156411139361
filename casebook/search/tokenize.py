"""Index and query tokens: one character pair per character.

Text is normalised (`normalize.normalize`) and reduced to its *canonical*
form: the runs of letters and digits (Unicode L*, Nd, Nl) joined by one space;
everything else only separates runs. Each character of the canonical text then
starts exactly one token: the pair it forms with the next character
(`学分`), written `c‿d` when a separator lies between them (`函‿2` in
`教职成函〔2023〕9号`), and the last character alone. So a document of n
letters and digits gives n tokens, at consecutive positions.

A query term (the query is split on whitespace; terms are ANDed) becomes:
- one character: a *prefix* search for it (it starts a token wherever it occurs);
- otherwise the *exact phrase* of its pairs, which occurs at consecutive
  positions exactly where the term's canonical text occurs in the record's.

Pagefind's exact phrase search checks consecutive positions, so a term matches
a record iff the record's canonical text contains the term's canonical text.
No common single characters or digits are ever looked up (`2023` is
`20 02 23`), which keeps the index chunks a query loads small. The separator
mark `‿` (U+203F) is a connector Pagefind keeps inside words and that no
query can produce. `docs/assets/search/tokenize.js` implements the same rules.
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


def pair_tokens(canon: str, final: bool = True) -> list[str]:
    """Tokens of canonical text: each character with its successor (`‿` marks
    a separator between them); with `final`, the last character alone."""
    chars = canon.replace(" ", "")
    tokens = [a + b for a, b in zip(chars, chars[1:], strict=False)]
    for seen, match in enumerate(re.finditer(" ", canon)):
        at = match.start() - seen - 1  # index in `chars` of the character before the space
        tokens[at] = chars[at] + SEPARATOR + chars[at + 1]
    if final and chars:
        tokens.append(chars[-1])
    return tokens


def index_tokens(text: str) -> list[str]:
    """All tokens of a document, in order (positions matter)."""
    return pair_tokens(canonical(text))


def canonical(text: str) -> str:
    """Normalised runs joined by one space: what substring matching compares."""
    return " ".join(runs(normalize(text)))


@dataclass(frozen=True)
class TermPlan:
    """How one query term is searched: `prefix` (one character) or `phrase`."""

    kind: str
    tokens: tuple[str, ...]
    text: str  # the term's canonical text

    @property
    def pagefind_query(self) -> str:
        """The string handed to Pagefind's `search()`."""
        joined = " ".join(self.tokens)
        return joined if self.kind == "prefix" else f'"{joined}"'


def plan_term(term: str) -> TermPlan | None:
    """Search plan for one whitespace-free query term; None if it has no letters or digits."""
    text = canonical(term)
    if not text:
        return None
    if len(text) == 1:
        return TermPlan("prefix", (text,), text)
    return TermPlan("phrase", tuple(pair_tokens(text, final=False)), text)


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
