"""The Python query engine over the index files (`postings`).

The reference for `docs/assets/search/engine.js`: both answer a query with
the same rows in the same order, and the tests hold both to the brute-force
truth (`tokenize.matches`). `search(reader, query)` returns every matching
row, best first:
1. a title or 文号 that is exactly the query (one term);
2. more terms found in the title or 文号 (the head) above fewer;
3. then row order, which the build sorts by status (complete, partial,
   stub) and then by year, newest first.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from casebook.search.grams import BODY, EXACT, GRAM, HEAD, bucket_of, cover, ungap
from casebook.search.tokenize import query_terms


class Reader:
    """Index look-ups; `read(name)` returns the parsed JSON of an index file."""

    def __init__(self, read: Callable[[str], Any], buckets: int) -> None:
        self.read, self.buckets = read, buckets
        self._entries: dict[str, dict[str, Any] | None] = {}

    def entry(self, key: str) -> dict[str, Any] | None:
        """The key's entry with its row list decoded ("rows"), or None."""
        if key not in self._entries:
            raw = self.read(f"{bucket_of(key[1:], self.buckets)}.json").get(key)
            if raw is not None and "f" in raw:
                raw = {**self.read(f"g{raw['f']}.json"), "f": raw["f"]}
            self._entries[key] = None if raw is None else {**raw, "rows": ungap(raw["r"])}
        return self._entries[key]

    def rows(self, key: str) -> list[int]:
        found = self.entry(key)
        return found["rows"] if found else []

    def positions(self, key: str, row: int) -> list[int]:
        """Positions of a 3-gram key in one of its rows."""
        found = self.entry(key)
        assert found is not None
        i = bisect.bisect_left(found["rows"], row)
        if "p" in found:
            return ungap(found["p"][i])
        k = bisect.bisect_right(found["b"], i) - 1
        return ungap(self.read(f"g{found['f']}-{k}.json")[i - found["b"][k]])


def intersect(lists: list[list[int]]) -> list[int]:
    """Rows in every list, ascending."""
    if not lists:
        return []
    ordered = sorted(lists, key=len)
    out = set(ordered[0])
    for other in ordered[1:]:
        out.intersection_update(other)
    return sorted(out)


def phrase_rows(reader: Reader, ns: str, term: str) -> list[int]:
    """Rows whose `ns` text holds `term`, exactly."""
    if len(term) < GRAM:
        return reader.rows(ns + term)
    grams = cover(term)
    candidates = intersect([reader.rows(ns + g) for _, g in grams])
    if len(grams) == 1:
        return candidates
    return [row for row in candidates if holds_at(reader, ns, grams, row)]


def holds_at(reader: Reader, ns: str, grams: list[tuple[int, str]], row: int) -> bool:
    """Do the grams sit at their offsets from one common start in `row`?"""
    starts: set[int] | None = None
    for offset, g in grams:
        here = {p - offset for p in reader.positions(ns + g, row)}
        starts = here if starts is None else starts & here
        if not starts:
            return False
    return True


def rank_key(terms: list[str], reader: Reader) -> Callable[[int], tuple[int, int, int]]:
    """Sort key of a row for a query (see the module docstring)."""
    exact = set(reader.rows(EXACT + terms[0])) if len(terms) == 1 else set()
    head = [set(phrase_rows(reader, HEAD, t)) for t in terms]
    return lambda row: (0 if row in exact else 1, -sum(row in h for h in head), row)


def search(reader: Reader, query: str) -> list[int]:
    """Every row matching `query`, best first."""
    terms = query_terms(query)
    if not terms:
        return []
    rows = intersect([phrase_rows(reader, BODY, t) for t in terms])
    return sorted(rows, key=rank_key(terms, reader))
