"""The search table and cards: what the search page knows about each record
without loading anything per result.

Rows are Pagefind's page numbers (`pagefind_meta.number_pages`), so a search
result's `id` is its row. The table holds, per facet, the list of value ids
and each row's value indexes (a region brings its ancestors; `year` also
orders results by year), plus the names of the facet values. It is written
gzipped (`table.json.gz`, decompressed in the browser) and plain
(`table.json`, for browsers without `DecompressionStream`). A card
(`cards/<row>.json`) holds what a result shows: URL, title, type, region,
year and summary. Facet counts, facet filtering and sorting by year need no
extra request, whatever the query. `chunks.json(.gz)` lists the first word
of each Pagefind index chunk, for two-character (prefix) queries; the
character table (`chars/<block>.json(.gz)`, characters grouped by code point)
lists the rows holding each character, for one-character terms.
"""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from casebook.search.document import FACETS, TYPE_NAMES, Labels, SearchDoc
from casebook.search.normalize import t2s_buckets

TABLE = "table.json"
CHUNKS = "chunks.json"
CARDS = "cards"
CHARS = "chars"
CHAR_BLOCK = 6  # characters are grouped into files by code point >> CHAR_BLOCK


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def facet_labels(labels: Labels) -> dict[str, object]:
    """Names and order of facet values for the search page (ids -> Chinese names),
    and the list of t2s table blocks that exist."""
    out: dict[str, object] = {"type": [[k, v] for k, v in TYPE_NAMES.items()]}
    for key, (_field, vocab) in FACETS.items():
        if vocab:
            out[key] = [[tid, str(t["name"])] + ([t["parent"]] if t.get("parent") else [])
                        for tid, t in labels.terms.get(vocab, {}).items()]
    out["t2s"] = sorted(t2s_buckets())
    return out


def char_blocks(row_chars: list[list[str]]) -> dict[str, dict[str, list[int]]]:
    """The character table from each row's characters: block (hex of code
    point >> CHAR_BLOCK) -> character -> the rows holding it, as gaps (first
    row, then differences)."""
    holders: dict[str, list[int]] = {}
    for row, chars in enumerate(row_chars):
        for ch in chars:
            holders.setdefault(ch, []).append(row)
    blocks: dict[str, dict[str, list[int]]] = {}
    for ch in sorted(holders):
        found = holders[ch]
        gaps = [b - a for a, b in zip([0, *found], found, strict=False)]
        blocks.setdefault(format(ord(ch) >> CHAR_BLOCK, "x"), {})[ch] = gaps
    return blocks


def table_data(rows: list[SearchDoc], labels: Labels, blocks: list[str]) -> dict[str, object]:
    """{"rows": n, "facets": {key: {"values": [id, ...], "rows": [[index, ...], ...]}},
    "labels": `facet_labels`, "chars": [character table block, ...]}."""
    facets: dict[str, object] = {}
    for key in FACETS:
        values: dict[str, int] = {}
        per_row = [[values.setdefault(v, len(values)) for v in doc.filters.get(key, [])]
                   for doc in rows]
        facets[key] = {"values": list(values), "rows": per_row}
    return {"rows": len(rows), "facets": facets, "labels": facet_labels(labels),
            "chars": blocks}


def card(doc: SearchDoc) -> dict[str, str]:
    return {"url": doc.url, **{k: v for k, v in doc.meta.items() if v}}


def write_json(folder: Path, name: str, data: object) -> None:
    """`folder/name` and its gzipped twin `folder/name.gz`."""
    text = _dumps(data).encode("utf-8")
    (folder / name).write_bytes(text)
    (folder / f"{name}.gz").write_bytes(gzip.compress(text, 9, mtime=0))


def write_table(folder: Path, rows: list[SearchDoc], row_chars: list[list[str]],
                labels: Labels, chunk_starts: list[str]) -> None:
    """`folder/table.json(.gz)`, `folder/chunks.json(.gz)` (the first word of
    each Pagefind index chunk), the character table `folder/chars/<block>.json(.gz)`
    from `row_chars` (each row's characters) and `folder/cards/<row>.json`,
    rows in row order."""
    blocks = char_blocks(row_chars)
    chars = folder / CHARS
    if chars.exists():
        shutil.rmtree(chars)
    chars.mkdir(parents=True)
    for block, table in blocks.items():
        write_json(chars, f"{block}.json", table)
    write_json(folder, TABLE, table_data(rows, labels, sorted(blocks)))
    write_json(folder, CHUNKS, chunk_starts)
    cards = folder / CARDS
    if cards.exists():
        shutil.rmtree(cards)
    cards.mkdir(parents=True)
    for row, doc in enumerate(rows):
        (cards / f"{row}.json").write_text(_dumps(card(doc)), encoding="utf-8")
