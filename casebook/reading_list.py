"""Build outputs of 我的清单 (the reader's own list, `/list/`).

The list page and its embeddable view read record data from the search's card
files (`assets/search/cards/<row>.json`), so they need to know each record's
row. `write_id_map` writes that map, bucketed so that a list of a few records
fetches a few small files whatever the size of the site:

- `assets/list/ids/index.json`: `{"buckets": B, "records": n}`;
- `assets/list/ids/<k>.json`: `{id: row}` for every id (and every alias of a
  renamed record, so old share links keep working) with `fnv1a(id) % B == k`.

B is the smallest power of two that keeps about `PER_BUCKET` ids per file.
The rows are read off the cards' `id` after the search has written them
(the search builds in a child process, so its row order is not in memory here).
`embed_page` is the embeddable view `/embed/list/`.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from casebook.load import Corpus
from casebook.render.special import SITE_NAME
from casebook.render.view import SiteOptions, render_template

CARDS_DIR = "assets/search/cards"
IDS_DIR = "assets/list/ids"
EMBED_URL = "embed/list/"
PER_BUCKET = 64


def fnv1a(text: str) -> int:
    """FNV-1a (32 bit) over the characters of an ASCII id; as `fnv1a` in store.js."""
    h = 0x811C9DC5
    for ch in text:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_count(records: int) -> int:
    """Smallest power of two with at most about PER_BUCKET ids per bucket."""
    buckets = 1
    while buckets * PER_BUCKET < records:
        buckets *= 2
    return buckets


def card_rows(site_dir: Path) -> dict[str, int]:
    """Record id -> row, read from the card files the search wrote."""
    rows: dict[str, int] = {}
    for path in (site_dir / CARDS_DIR).glob("*.json"):
        if not path.stem.isdigit():
            continue
        rid = json.loads(path.read_text(encoding="utf-8")).get("id")
        if rid:
            rows[str(rid)] = int(path.stem)
    return rows


def id_map(rows: dict[str, int], corpus: Corpus | None) -> dict[str, int]:
    """`rows` plus each record's aliases, pointing at the record's row."""
    out = dict(rows)
    for record in corpus.records if corpus else []:
        row = rows.get(record.id)
        if row is None:
            continue
        for alias in record.data.get("aliases") or []:
            out.setdefault(str(alias), row)
    return out


def bucketed(ids: dict[str, int]) -> dict[int, dict[str, int]]:
    """{bucket: {id: row}} for every bucket (empty ones included)."""
    count = bucket_count(len(ids))
    out: dict[int, dict[str, int]] = {k: {} for k in range(count)}
    for rid in sorted(ids):
        out[fnv1a(rid) % count][rid] = ids[rid]
    return out


def write_id_map(site_dir: Path, corpus: Corpus | None) -> int:
    """Write `assets/list/ids/` into the built site; returns the number of ids."""
    ids = id_map(card_rows(site_dir), corpus)
    folder = site_dir / IDS_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    buckets = bucketed(ids)
    for k, part in buckets.items():
        (folder / f"{k}.json").write_text(json.dumps(part, separators=(",", ":")),
                                          encoding="utf-8")
    (folder / "index.json").write_text(
        json.dumps({"buckets": len(buckets), "records": len(ids)}), encoding="utf-8")
    return len(ids)


def embed_page(options: SiteOptions) -> str:
    """The standalone HTML of `/embed/list/`: the collection embed's look
    (`collection_embed.css`); embed.js fills it in from the URL's list."""
    return str(render_template("list_embed.html", site_name=SITE_NAME,
                               list_url=options.link_from("list/", EMBED_URL),
                               canonical=options.absolute("list/")))
