"""Index and query tokens: overlapping character bigrams with edge unigrams.

Text is normalised (`normalize.normalize`) and cut into *runs*: maximal
sequences of letters and digits (Unicode L*, Nd, Nl); everything else
separates runs. A run of one character is the token `c`; a longer run
`c1 … cn` gives `c1, c1c2, c2c3, …, c(n-1)cn, cn`: its bigrams framed by a
leading and a trailing unigram. Every character therefore starts a token, and
the tokens of consecutive runs sit at consecutive positions.

A query term (the query is split on whitespace; terms are ANDed) becomes:
- one character: a *prefix* search for it (it starts a token wherever it occurs);
- otherwise an *exact phrase* of tokens that occurs at consecutive positions
  exactly where the term's text occurs: the first run drops its leading
  unigram (the text's run may start earlier), the last run drops its trailing
  unigram (the text's run may go on), inner runs keep both.

Pagefind's exact phrase search checks consecutive positions, so a term matches
a record iff the record's canonical text (`canonical()`) contains the term's
canonical text. `docs/assets/search/tokenize.js` implements the same rules.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from casebook.search.normalize import normalize

WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl"})
# JavaScript's `\s`, so that Python and the browser split a query into the same terms.
QUERY_SPACE = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


def is_word_char(ch: str) -> bool:
    """Letters and decimal/letter digits: the characters a run is made of."""
    return unicodedata.category(ch) in WORD_CATEGORIES


def runs(text: str) -> list[str]:
    """Maximal runs of word characters in already-normalised `text`."""
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        if is_word_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def run_tokens(run: str, lead: bool = True, trail: bool = True) -> list[str]:
    """Tokens of one run; `lead`/`trail` keep its edge unigrams."""
    if len(run) == 1:
        return [run]
    tokens = [run[i:i + 2] for i in range(len(run) - 1)]
    if lead:
        tokens.insert(0, run[0])
    if trail:
        tokens.append(run[-1])
    return tokens


def index_tokens(text: str) -> list[str]:
    """All tokens of a document, in order (positions matter)."""
    tokens: list[str] = []
    for run in runs(normalize(text)):
        tokens.extend(run_tokens(run))
    return tokens


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
    """Search plan for one whitespace-free query term; None if it has no runs."""
    term_runs = runs(normalize(term))
    if not term_runs:
        return None
    text = " ".join(term_runs)
    if len(term_runs) == 1 and len(term_runs[0]) == 1:
        return TermPlan("prefix", (term_runs[0],), text)
    tokens: list[str] = []
    last = len(term_runs) - 1
    for i, run in enumerate(term_runs):
        tokens.extend(run_tokens(run, lead=i > 0, trail=i < last))
    return TermPlan("phrase", tuple(tokens), text)


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
