"""The n-gram rules the index and both query engines share.

A record is indexed as two texts, both canonical (`tokenize.canonical`):
- the *body*: all its searchable text, fields separated by a space;
- the *head*: its title and its 文号, separated by a space. It ranks
  results: a term found in the head is a title hit.

Keys are a namespace letter plus text: `b`/`h` + an n-gram of the body/head,
and `x` + a whole head segment (title or 文号), for exact matches. 1-grams and
2-grams (never holding the space) have row sets, 3-grams (space included) row
sets with positions. A term of one or two characters is one row-set lookup; a
longer term is covered by the 3-grams at offsets 0, 3, 6, … and the last
one aligned with its end, found where all of them sit at their offsets.

A key lives in the bucket file chosen by an FNV-1a hash of its first three
code points (not the namespace), so the `b`, `h` and `x` keys of a query's
grams share files. `docs/assets/search/engine.js` implements the same rules.
"""
from __future__ import annotations

from operator import sub

GRAM = 3
BODY, HEAD, EXACT = "b", "h", "x"
FNV_OFFSET = 2166136261
FNV_PRIME = 16777619


def bucket_of(text: str, buckets: int) -> int:
    """Bucket of a key's text (without namespace): FNV-1a over its first
    three code points, modulo the number of buckets."""
    h = FNV_OFFSET
    for ch in text[:GRAM]:
        h = ((h ^ ord(ch)) * FNV_PRIME) & 0xFFFFFFFF
    return h % buckets


def cover(term: str) -> list[tuple[int, str]]:
    """(offset, 3-gram) pairs covering a term of three or more characters."""
    last = len(term) - GRAM
    offsets = sorted(set(range(0, last + 1, GRAM)) | {last})
    return [(o, term[o:o + GRAM]) for o in offsets]


def gaps(values: list[int]) -> list[int]:
    """Ascending values as their first value, then differences."""
    return list(map(sub, values, [0, *values]))  # C-level loop: ~675,000 calls at 10k records


def ungap(values: list[int]) -> list[int]:
    out, total = [], 0
    for v in values:
        total += v
        out.append(total)
    return out
