"""Build outputs of 我的清单 (casebook.reading_list): the bucketed id -> row map
covers every record and alias, points at the card of that record, and is
bucketed with the same hash the browser uses."""
from __future__ import annotations

import json
from pathlib import Path

from casebook.load import load_corpus
from casebook.paths import CONTENT
from casebook.reading_list import IDS_DIR, bucket_count, bucketed, fnv1a


def test_bucket_count_grows_with_the_records() -> None:
    assert bucket_count(0) == 1 and bucket_count(64) == 1 and bucket_count(65) == 2
    assert bucket_count(10_000) == 256  # about 40 ids, 1-2 KB per file


def test_buckets_partition_the_ids() -> None:
    ids = {f"record-{n}": n for n in range(500)}
    parts = bucketed(ids)
    assert len(parts) == bucket_count(500) == 8
    merged = {k: v for part in parts.values() for k, v in part.items()}
    assert merged == ids
    assert all(fnv1a(rid) % 8 == b for b, part in parts.items() for rid in part)
    assert max(len(p) for p in parts.values()) < 2 * 500 / 8   # roughly even


def test_built_map_points_every_id_at_its_card(built_site: Path) -> None:
    folder = built_site / IDS_DIR
    index = json.loads((folder / "index.json").read_text("utf-8"))
    merged: dict[str, int] = {}
    for k in range(index["buckets"]):
        part = json.loads((folder / f"{k}.json").read_text("utf-8"))
        assert all(fnv1a(rid) % index["buckets"] == k for rid in part)
        merged.update(part)
    corpus = load_corpus(CONTENT)
    for record in corpus.records:
        card = json.loads((built_site / f"assets/search/cards/{merged[record.id]}.json")
                          .read_text("utf-8"))
        assert card["url"] == record.url and card["title"] == record.data["title"]
        for alias in record.data.get("aliases") or []:
            assert merged[alias] == merged[record.id]
    assert index["records"] == len(merged)


def test_browser_hash_matches(page, site_url: str) -> None:
    ids = ["a", "chongqing-mima", "zhejiang-zhihui-zhulao", "x" * 80, "2023-9"]
    page.goto(site_url + "/list/")
    got = page.evaluate("""async (ids) => {
      const m = await import(new URL("../assets/list/store.js", location.href).href);
      return ids.map(m.fnv1a);
    }""", ids)
    assert got == [fnv1a(i) for i in ids]
