"""Build the search into a built site: Pagefind's index of the records'
tokens, then the search table and cards.

Each record becomes a small HTML page in a temporary staging folder whose
only text is its tokens (`tokenize.index_tokens`), the title's tokens in a
paragraph weighted up. The Pagefind CLI (extended binary, from the pinned
`pagefind_bin_extended` package) indexes the folder with the language forced
to `und`, whose word splitting is plain whitespace: Pagefind keeps our tokens
exactly as they are and runs no segmenter or stemmer over them. Pagefind gets
no filters, sort keys or metadata: its page names are then replaced by row
numbers (`pagefind_meta`), and the search table and cards (`table`) carry the
facets and what a result shows.

(The Python `PagefindIndex` service API would be the obvious route, but its
client polls the service every 100 ms per response: 10,000 records take
over 15 minutes. The CLI indexes the same records in one pass.)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from casebook.load import Corpus
from casebook.search.document import Labels, SearchDoc, corpus_docs
from casebook.search.normalize import t2s_buckets
from casebook.search.pagefind_meta import number_pages
from casebook.search.table import write_table
from casebook.search.tokenize import index_tokens, token_chars

INDEX_LANGUAGE = "und"
PAGEFIND_DIR = "pagefind"
ASSET_DIR = "assets/search"
TITLE_WEIGHT = 5
# Pagefind's own UI bundles and its worker: the site has its own search page,
# which runs Pagefind without a worker, so they are not shipped.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "pagefind-worker.js",
)


@dataclass
class IndexReport:
    records: int
    seconds: float
    bytes: int


def pagefind_executable() -> str:
    """The extended Pagefind binary: $PAGEFIND_BINARY_PATH or the pinned wheel."""
    explicit = os.environ.get("PAGEFIND_BINARY_PATH")
    if explicit:
        return explicit
    from pagefind_bin_extended import get_executable

    return str(get_executable())


def staging_html(doc: SearchDoc, tokens: list[str]) -> str:
    """The page Pagefind indexes for one record (never published): its tokens
    (`index_tokens(doc.text)`) only, the title's first and weighted up."""
    title = index_tokens(doc.title)
    seen = set(title)
    rest = [t for t in tokens if t not in seen]
    return (f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head></head><body data-pagefind-body>'
            f'<p data-pagefind-weight="{TITLE_WEIGHT}">{" ".join(title)}</p>'
            f'<p>{" ".join(rest)}</p></body></html>')


def run_pagefind_cli(stage: Path, output: Path,
                     force_language: str | None = INDEX_LANGUAGE) -> None:
    """Index `stage` into `output` with the Pagefind CLI; raise with its log on failure."""
    cmd = [pagefind_executable(), "--site", str(stage), "--output-path", str(output), "--silent"]
    if force_language:
        cmd += ["--force-language", force_language]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


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
    """Write `site_dir/pagefind/` (the index), the search table and cards, and
    the search page's other assets."""
    start = time.perf_counter()
    output = site_dir / PAGEFIND_DIR
    if output.exists():
        shutil.rmtree(output)
    chars: dict[str, list[str]] = {}  # url -> the record's characters, for the character table
    with tempfile.TemporaryDirectory(prefix="casebook-search-") as tmp:
        stage = Path(tmp)
        for doc in docs:
            tokens = index_tokens(doc.text)
            chars[doc.url] = token_chars(tokens)
            page = stage / doc.url.strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(staging_html(doc, tokens), encoding="utf-8")
        run_pagefind_cli(stage, output)
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)
    by_url = {doc.url: doc for doc in docs}
    numbered = number_pages(output, INDEX_LANGUAGE)
    rows = [by_url[url] for url in numbered.urls]
    if len(rows) != len(docs):
        raise RuntimeError(f"Pagefind indexed {len(rows)} of {len(docs)} records")
    write_t2s(site_dir)
    write_table(site_dir / ASSET_DIR, rows, [chars[doc.url] for doc in rows], labels,
                numbered.chunk_starts)
    size = sum(p.stat().st_size for folder in (output, site_dir / ASSET_DIR)
               for p in folder.rglob("*") if p.is_file())
    return IndexReport(records=len(docs), seconds=time.perf_counter() - start, bytes=size)


def build_corpus_search(corpus: Corpus, site_dir: Path) -> IndexReport:
    """Index every record of `corpus` into the built site at `site_dir`."""
    return build_search(corpus_docs(corpus), site_dir, Labels(corpus.taxonomy))
