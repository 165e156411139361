"""The built search index: Pagefind's metadata renumbered to table rows
(casebook.search.pagefind_meta), and the search table and cards
(casebook.search.table), on a small index built with the real Pagefind CLI."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from casebook.load import load_taxonomy
from casebook.search.build import ASSET_DIR, PAGEFIND_DIR, build_search
from casebook.search.document import Labels, SearchDoc
from casebook.search.pagefind_meta import (
    CHUNKS,
    ENTRY,
    PAGES,
    FormatChanged,
    decode,
    encode,
    read_pf,
    rounded_count,
)


def test_cbor_round_trip():
    item = ["1.5.2", [["0", 12], ["1", 70000]], [["a", "b", "und_1"]], [], [-25, 2**40], []]
    data = encode(item)
    assert decode(data) == (item, len(data))


def test_unknown_cbor_fails_loudly():
    with pytest.raises(FormatChanged):
        decode(bytes([0xA1, 0x01, 0x02]))  # a map: Pagefind's metadata has none


def test_rounded_counts_stay_close():
    assert rounded_count(0) == 1 and rounded_count(1) == 1
    for count in range(1, 5000):
        assert abs(rounded_count(count) - count) <= 0.12 * count + 1


def docs() -> list[SearchDoc]:
    def doc(slug: str, title: str, text: str, region: str, year: str) -> SearchDoc:
        return SearchDoc(url=f"cases/{slug}/", text=f"{title}\n{text}",
                         meta={"title": title, "type": "案例", "year": year, "summary": text},
                         filters={"type": ["case"], "region": [region, "fujian"]
                                  if region == "zhangzhou" else [region], "year": [year]})
    return [doc("a", "学分银行", "上海推进学分银行建设。", "shanghai", "2023"),
            doc("b", "社区学习圈", "漳州建设15分钟社区学习圈。", "zhangzhou", "2024"),
            doc("c", "数字鸿沟", "帮助老年人跨越数字鸿沟。", "shanghai", "2022")]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("search-index")
    build_search(docs(), site, Labels(load_taxonomy()))
    return site


def test_pages_are_named_by_row_and_fragments_dropped(built: Path):
    pagefind = built / PAGEFIND_DIR
    entry = json.loads((pagefind / ENTRY).read_text(encoding="utf-8"))
    [language] = entry["languages"].values()
    meta, _ = decode(read_pf(pagefind / f"pagefind.{language['hash']}.pf_meta"))
    assert [name for name, _count in meta[PAGES]] == ["0", "1", "2"]
    assert not (pagefind / "fragment").exists()
    assert not (pagefind / "pagefind-worker.js").exists()


def test_table_rows_and_cards_follow_pagefind_order(built: Path):
    folder = built / ASSET_DIR
    table = json.loads(gzip.decompress((folder / "table.json.gz").read_bytes()))
    assert table == json.loads((folder / "table.json").read_text(encoding="utf-8"))
    assert table["rows"] == 3
    cards = [json.loads((folder / "cards" / f"{row}.json").read_text(encoding="utf-8"))
             for row in range(3)]
    assert sorted(c["url"] for c in cards) == ["cases/a/", "cases/b/", "cases/c/"]
    region = table["facets"]["region"]
    for row, c in enumerate(cards):
        ids = [region["values"][i] for i in region["rows"][row]]
        expected = {"cases/a/": ["shanghai"], "cases/b/": ["zhangzhou", "fujian"],
                    "cases/c/": ["shanghai"]}[c["url"]]
        assert ids == expected  # a city brings its province
    assert ["shanghai", "上海市"] in table["labels"]["region"]


def test_chunk_starts_are_the_index_chunks_first_words(built: Path):
    folder = built / ASSET_DIR
    starts = json.loads(gzip.decompress((folder / "chunks.json.gz").read_bytes()))
    pagefind = built / PAGEFIND_DIR
    entry = json.loads((pagefind / ENTRY).read_text(encoding="utf-8"))
    [language] = entry["languages"].values()
    meta, _ = decode(read_pf(pagefind / f"pagefind.{language['hash']}.pf_meta"))
    assert starts == [first for first, _last, _name in meta[CHUNKS]]
    assert len(starts) == len(list((pagefind / "index").iterdir()))
    assert starts == sorted(starts, key=lambda w: w.encode("utf-8"))


def test_character_table_lists_the_rows_holding_each_character(built: Path):
    folder = built / ASSET_DIR
    table = json.loads((folder / "table.json").read_text(encoding="utf-8"))
    urls = [json.loads((folder / "cards" / f"{row}.json").read_text(encoding="utf-8"))["url"]
            for row in range(3)]
    texts = {d.url: d.text for d in docs()}
    for ch in "学鸿漳5":
        block = format(ord(ch) >> 6, "x")
        assert block in table["chars"]
        gaps = json.loads(gzip.decompress((folder / "chars" / f"{block}.json.gz").read_bytes()))[ch]
        rows = [sum(gaps[:i + 1]) for i in range(len(gaps))]
        assert sorted(urls[r] for r in rows) == sorted(u for u, t in texts.items() if ch in t)
