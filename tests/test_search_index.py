"""The built search files (casebook.search.build, table, postings): rows in
ranking order, the search table and cards, and the index files on disk."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from casebook.load import load_taxonomy
from casebook.search.build import ASSET_DIR, INDEX_DIR, build_search
from casebook.search.document import Labels, SearchDoc
from casebook.search.engine import Reader, search
from casebook.search.postings import index_files


def docs() -> list[SearchDoc]:
    def doc(slug: str, title: str, text: str, region: str, year: str, status: str) -> SearchDoc:
        return SearchDoc(url=f"cases/{slug}/", text=f"{title}\n{text}", id=slug,
                         meta={"title": title, "type": "案例", "year": year, "summary": text},
                         filters={"type": ["case"], "region": [region, "fujian"]
                                  if region == "zhangzhou" else [region], "year": [year],
                                  "status": [status]})
    return [doc("a", "学分银行", "上海推进学分银行建设。", "shanghai", "2023", "stub"),
            doc("b", "社区学习圈", "漳州建设15分钟社区学习圈。", "zhangzhou", "2024", "partial"),
            doc("c", "数字鸿沟", "帮助老年人跨越数字鸿沟。", "shanghai", "2022", "complete"),
            doc("d", "老年学习", "老年人学习圈。", "shanghai", "2025", "partial")]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("search-index")
    build_search(docs(), site, Labels(load_taxonomy()))
    return site


def cards(built: Path) -> list[dict]:
    folder = built / ASSET_DIR / "cards"
    return [json.loads((folder / f"{row}.json").read_text(encoding="utf-8"))
            for row in range(len(list(folder.iterdir())))]


def test_rows_are_ordered_by_status_then_newest(built: Path):
    assert [c["id"] for c in cards(built)] == ["c", "d", "b", "a"]


def test_table_and_cards(built: Path):
    folder = built / ASSET_DIR
    table = json.loads(gzip.decompress((folder / "table.json.gz").read_bytes()))
    assert table == json.loads((folder / "table.json").read_text(encoding="utf-8"))
    assert table["rows"] == 4 and table["index"]["buckets"] >= 1
    region = table["facets"]["region"]
    for row, c in enumerate(cards(built)):
        ids = [region["values"][i] for i in region["rows"][row]]
        assert ids == (["zhangzhou", "fujian"] if c["url"] == "cases/b/" else ["shanghai"])
    assert ["shanghai", "上海市"] in table["labels"]["region"]
    assert table["labels"]["status"] == [["complete", "内容完整"], ["partial", "部分内容"],
                                         ["stub", "仅有简介"]]


def test_index_files_on_disk_answer_queries(built: Path):
    folder = built / ASSET_DIR
    table = json.loads((folder / "table.json").read_text(encoding="utf-8"))

    def read(name: str):
        return json.loads(gzip.decompress((folder / INDEX_DIR / f"{name}.gz").read_bytes()))
    reader = Reader(read, table["index"]["buckets"])
    ids = [c["id"] for c in cards(built)]
    assert [ids[r] for r in search(reader, "学习圈")] == ["b", "d"]  # title hit first
    assert [ids[r] for r in search(reader, "老年")] == ["d", "c"]
    assert search(reader, "不存在") == []


def test_common_grams_get_their_own_files_and_position_blocks():
    bodies = ["学习型社会" * (i + 1) for i in range(30)]
    index = index_files(bodies, ["学习"] * 30, [["学习"]] * 30, own_items=20, block_positions=50)
    bucket_entries = {}
    for name, text in index.files.items():
        if name[0].isdigit():
            bucket_entries.update(json.loads(text))
    own = bucket_entries["b学习型"]["f"]
    head = json.loads(index.files[f"g{own}.json"])
    assert len(head["b"]) > 1  # positions split into blocks by row
    blocks = [json.loads(index.files[f"g{own}-{k}.json"]) for k in range(len(head["b"]))]
    assert sum(len(b) for b in blocks) == 30
    assert all(sum(len(p) for p in b) <= 50 + 30 for b in blocks)
    reader = Reader(lambda n: json.loads(index.files[n]), index.buckets)
    assert search(reader, "会学习型社") == list(range(1, 30))
