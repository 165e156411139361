"""The search table and cards: what the search page knows about each record
without loading anything per result.

Rows are the index's row numbers (`build.row_order`). The table holds, per
facet, the list of value ids and each row's value indexes (a region brings
its ancestors; `year` also orders results by year), the names of the facet
values, and what the page needs to read the n-gram index (`index`: the number
of bucket files); `meta.json` is the same without the facets, what the
first page of a plain query needs. Both are written gzipped (decompressed in
the browser) and plain (for hosts that decompress them on the way). A
card (`cards/<row>.json`) holds what a result shows: URL, record id, title,
type, region, year, status and summary.
"""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from casebook.search.document import FACETS, TYPE_NAMES, Labels, SearchDoc
from casebook.search.normalize import t2s_buckets
from casebook.status import STATUS_LABELS, STATUS_ORDER

TABLE = "table.json"
META = "meta.json"
CARDS = "cards"


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def facet_labels(labels: Labels) -> dict[str, object]:
    """Names and order of facet values for the search page (ids -> Chinese names),
    and the list of t2s table blocks that exist."""
    out: dict[str, object] = {"type": [[k, v] for k, v in TYPE_NAMES.items()],
                              "status": [[k, STATUS_LABELS[k][0]] for k in STATUS_ORDER]}
    for key, (_field, vocab) in FACETS.items():
        if vocab:
            out[key] = [[tid, str(t["name"])] + ([t["parent"]] if t.get("parent") else [])
                        for tid, t in labels.terms.get(vocab, {}).items()]
    out["t2s"] = sorted(t2s_buckets())
    return out


def table_data(rows: list[SearchDoc], labels: Labels, index: dict[str, int]) -> dict[str, object]:
    """{"rows": n, "facets": {key: {"values": [id, ...], "rows": [[index, ...], ...]}},
    "labels": `facet_labels`, "index": {"buckets": n}}."""
    facets: dict[str, object] = {}
    for key in FACETS:
        values: dict[str, int] = {}
        per_row = [[values.setdefault(v, len(values)) for v in doc.filters.get(key, [])]
                   for doc in rows]
        facets[key] = {"values": list(values), "rows": per_row}
    return {"rows": len(rows), "facets": facets, "labels": facet_labels(labels), "index": index}


def card(doc: SearchDoc) -> dict[str, str]:
    return {"url": doc.url, **({"id": doc.id} if doc.id else {}),
            **{k: v for k, v in doc.meta.items() if v}}


def write_json(folder: Path, name: str, data: object) -> None:
    """`folder/name` and its gzipped twin `folder/name.gz`."""
    text = _dumps(data).encode("utf-8")
    (folder / name).write_bytes(text)
    (folder / f"{name}.gz").write_bytes(gzip.compress(text, 9, mtime=0))


def write_table(folder: Path, rows: list[SearchDoc], labels: Labels,
                index: dict[str, int]) -> None:
    """`folder/table.json(.gz)`, its part without facets `folder/meta.json(.gz)`
    (all a plain query's first page needs) and `folder/cards/<row>.json`."""
    data = table_data(rows, labels, index)
    write_json(folder, TABLE, data)
    write_json(folder, META, {k: v for k, v in data.items() if k != "facets"})
    cards = folder / CARDS
    if cards.exists():
        shutil.rmtree(cards)
    cards.mkdir(parents=True)
    for row, doc in enumerate(rows):
        (cards / f"{row}.json").write_text(_dumps(card(doc)), encoding="utf-8")
