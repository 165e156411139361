"""Build the n-gram index (`grams` has the rules) into small JSON files.

`index_files(bodies, heads)` takes each row's canonical body and head text
and returns the files, name -> JSON text, plus the number of buckets:
- `<bucket>.json`: {key: entry} for the keys whose postings are small.
  An entry is {"r": row gaps} (1-, 2-grams and exact keys) or {"r": row gaps,
  "p": [position gaps per row]} (3-grams), or {"f": id} when the key has
  files of its own;
- `g<id>.json`: {"r": row gaps} and, for a 3-gram, "b": the indexes in its
  row list where each block of positions starts;
- `g<id>-<k>.json`: block k, the position gaps of its rows, about
  `BLOCK_POSITIONS` positions, so a query fetches only the blocks of the
  rows it verifies.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from casebook.search.grams import BODY, EXACT, GRAM, HEAD, bucket_of, gaps

BLOCK_POSITIONS = 1500   # positions per block file of a common 3-gram
OWN_FILE_ITEMS = 1000    # a key with more rows + positions than this gets files of its own
BUCKET_CHARS = 16000     # JSON characters per bucket file (about 5 KB gzipped)


@dataclass
class IndexFiles:
    files: dict[str, str]
    buckets: int


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class _Collector:
    """Row sets and positions of every key, rows added in ascending order.

    A 3-gram's postings are one flat list: row, count, positions, row, …
    (one list per key keeps a 10,000-record build small and fast)."""

    def __init__(self, longest: int) -> None:
        self.ints = list(range(longest + 1))  # shared int objects keep the lists small
        # namespace -> gram -> postings (the namespace is prefixed when written)
        self.sets: dict[str, dict[str, list[int]]] = {}
        self.tri: dict[str, dict[str, list[int]]] = {}

    def add_set(self, ns: str, key: str, row: int) -> None:
        sets = self.sets.setdefault(ns, {})
        try:
            sets[key].append(self.ints[row])
        except KeyError:
            sets[key] = [self.ints[row]]

    def add(self, row: int, ns: str, text: str) -> None:
        ints = self.ints
        sets, tri = self.sets.setdefault(ns, {}), self.tri.setdefault(ns, {})
        r = ints[row]
        n = len(text)
        keys = {text[i:i + 2] for i in range(n - 1)}
        keys.update(text)
        if " " in text:
            keys = {k for k in keys if " " not in k}
        for key in keys:
            try:
                sets[key].append(r)
            except KeyError:
                sets[key] = [r]
        grams = [text[i:i + GRAM] for i in range(n - GRAM + 1)]
        last = dict(zip(grams, ints, strict=False))  # each gram's last position, at C speed
        repeated = len(last) < len(grams)
        counts = Counter(grams) if repeated else None
        for g, at in last.items():
            if repeated and counts[g] > 1:
                found = [text.find(g)]
                while found[-1] != at:
                    found.append(text.find(g, found[-1] + 1))
                entry = [r, len(found), *found]
            else:
                entry = [r, 1, at]
            try:
                tri[g].extend(entry)
            except KeyError:
                tri[g] = entry


def _prefixed(by_ns: dict[str, dict[str, list[int]]]) -> Iterator[tuple[str, list[int]]]:
    """(namespace + gram, postings) of every key, emptying the dicts as it goes."""
    for ns, grams in by_ns.items():
        while grams:
            gram, postings = grams.popitem()
            yield ns + gram, postings


def _rows_and_positions(flat: list[int]) -> tuple[list[int], list[list[int]]]:
    """Rows and per-row position gaps from a flat postings list."""
    rows, per_row, i = [], [], 0
    while i < len(flat):
        n = flat[i + 1]
        rows.append(flat[i])
        per_row.append([flat[i + 2]] if n == 1 else gaps(flat[i + 2:i + 2 + n]))
        i += 2 + n
    return rows, per_row


def _blocks(per_row: list[list[int]], size: int) -> list[int]:
    """Indexes (in the row list) where a block of about `size` positions starts."""
    starts, filled = [0], 0
    for i, positions in enumerate(per_row):
        if filled and filled + len(positions) > size:
            starts.append(i)
            filled = 0
        filled += len(positions)
    return starts


def index_files(bodies: list[str], heads: list[str], exact: list[list[str]],
                own_items: int = OWN_FILE_ITEMS, block_positions: int = BLOCK_POSITIONS,
                bucket_chars: int = BUCKET_CHARS) -> IndexFiles:
    """The index of rows with canonical `bodies`, `heads` (see `grams`) and
    `exact` head segments (title, 文号) per row. The sizes are parameters so
    that tests can make every kind of file from a few rows."""
    longest = max([len(bodies), *(len(t) for t in bodies), *(len(t) for t in heads)], default=0)
    col = _Collector(longest)
    for row, (body, head) in enumerate(zip(bodies, heads, strict=True)):
        col.add(row, BODY, body)
        col.add(row, HEAD, head)
        for segment in dict.fromkeys(exact[row]):
            col.add_set(EXACT, segment, row)
    files: dict[str, str] = {}
    inline: list[tuple[str, str]] = []
    own = 0

    def own_file(data: dict[str, object]) -> str:
        nonlocal own
        own += 1
        files[f"g{own}.json"] = _dumps(data)
        return _dumps({"f": own})

    for key, rows in _prefixed(col.sets):
        if len(rows) == 1:  # most keys: written directly, 3x faster than json.dumps
            inline.append((key, f'{{"r":[{rows[0]}]}}'))
            continue
        data = {"r": gaps(rows)}
        inline.append((key, own_file(data) if len(rows) > own_items else _dumps(data)))
    for key, flat in _prefixed(col.tri):
        if len(flat) == 3:  # one row, one position: most 3-grams
            inline.append((key, f'{{"r":[{flat[0]}],"p":[[{flat[2]}]]}}'))
            continue
        rows, per_row = _rows_and_positions(flat)
        if len(flat) <= own_items:
            inline.append((key, _dumps({"r": gaps(rows), "p": per_row})))
            continue
        starts = _blocks(per_row, block_positions)
        entry = own_file({"r": gaps(rows), "b": starts})
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(rows)
            files[f"g{own}-{k}.json"] = _dumps(per_row[start:end])
        inline.append((key, entry))
    total = sum(len(k) + len(e) + 4 for k, e in inline)
    buckets = max(1, -(-total // bucket_chars))
    parts: list[list[str]] = [[] for _ in range(buckets)]
    for key, entry in inline:
        # keys hold only letters, digits and spaces (canonical text): nothing to escape
        parts[bucket_of(key[1:], buckets)].append(f'"{key}":{entry}')
    for b, items in enumerate(parts):
        files[f"{b}.json"] = "{" + ",".join(items) + "}"
    return IndexFiles(files=files, buckets=buckets)
