"""Build the search into a built site: the n-gram index of the records' text
(`postings`), then the search table and cards (`table`).

Rows are the records in `row_order`: status (complete, partial, stub), then
year, newest first, then URL. The engines rank ties by row, so this order is
the last step of the ranking and costs the browser nothing. The index files
are written gzipped only (`index/<name>.json.gz`); the search page reads them
with `DecompressionStream`.
"""
from __future__ import annotations

import gzip
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from casebook.load import Corpus
from casebook.search.document import Labels, SearchDoc, corpus_docs
from casebook.search.normalize import t2s_buckets
from casebook.search.postings import IndexFiles, index_files
from casebook.search.table import write_table
from casebook.search.tokenize import canonical
from casebook.status import STATUS_ORDER

ASSET_DIR = "assets/search"
INDEX_DIR = "index"


@dataclass
class IndexReport:
    records: int
    seconds: float
    bytes: int
    index_bytes: int = 0
    index_files: int = 0


def row_order(docs: list[SearchDoc]) -> list[SearchDoc]:
    """Complete before partial before stub records, then newest first, then by URL."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}

    def key(doc: SearchDoc) -> tuple[int, int, str]:
        status = (doc.filters.get("status") or [""])[0]
        year = int((doc.filters.get("year") or ["0"])[0] or 0)
        return rank.get(status, len(rank)), -year, doc.url
    return sorted(docs, key=key)


def docs_index(rows: list[SearchDoc], **sizes: int) -> IndexFiles:
    """The n-gram index of `rows` (in row order); `sizes` go to `index_files`."""
    heads = [[canonical(h) for h in (doc.heads or [doc.title])] for doc in rows]
    return index_files([canonical(doc.text) for doc in rows],
                       [" ".join(h for h in hs if h) for hs in heads],
                       [[h for h in hs if h] for hs in heads], **sizes)


def write_index(folder: Path, index: IndexFiles) -> int:
    """Write the index files gzipped into `folder` (replaced); return their bytes."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    size = 0
    for name, text in index.files.items():
        data = gzip.compress(text.encode("utf-8"), 6, mtime=0)
        (folder / f"{name}.gz").write_bytes(data)
        size += len(data)
    return size


def write_t2s(site_dir: Path) -> None:
    """The traditional → simplified table, in blocks of 256 code points."""
    folder = site_dir / ASSET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    buckets = folder / "t2s"
    if buckets.exists():
        shutil.rmtree(buckets)
    buckets.mkdir()
    for bucket, content in t2s_buckets().items():
        (buckets / f"{bucket}.json").write_text(content, encoding="utf-8")


def build_search(docs: list[SearchDoc], site_dir: Path, labels: Labels) -> IndexReport:
    """Write the index, the search table and cards, and the t2s table into `site_dir`."""
    start = time.perf_counter()
    rows = row_order(docs)
    index = docs_index(rows)
    folder = site_dir / ASSET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    index_bytes = write_index(folder / INDEX_DIR, index)
    files, buckets = len(index.files), index.buckets
    del index
    write_t2s(site_dir)
    write_table(folder, rows, labels, {"buckets": buckets})
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return IndexReport(records=len(docs), seconds=time.perf_counter() - start, bytes=size,
                       index_bytes=index_bytes, index_files=files)


def build_corpus_search(corpus: Corpus, site_dir: Path) -> IndexReport:
    """Index every record of `corpus` into the built site at `site_dir`."""
    return build_search(corpus_docs(corpus), site_dir, Labels(corpus.taxonomy))
