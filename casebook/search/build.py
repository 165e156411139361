"""Build the Pagefind index of the records into a built site.

Each record becomes a small HTML page in a temporary staging folder: its
tokens (`tokenize.index_tokens`) as the only body text, title tokens weighted
up (the text starts with the title, so its tokens come first), card fields
as `data-pagefind-meta`, facets as `data-pagefind-filter` and the year as
`data-pagefind-sort`. The Pagefind CLI (extended binary, from the
pinned `pagefind_bin_extended` package) indexes the folder with the language
forced to `und`, whose word splitting is plain whitespace: Pagefind keeps our
tokens exactly as they are and runs no segmenter or stemmer over them.

(The Python `PagefindIndex` service API would be the obvious route, but its
client polls the service every 100 ms per response: 10,000 records take
over 15 minutes. The CLI indexes the same records in one pass.)
"""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from casebook.load import Corpus
from casebook.search.document import FACETS, TYPE_NAMES, Labels, SearchDoc, corpus_docs
from casebook.search.normalize import t2s_buckets
from casebook.search.tokenize import canonical, index_tokens

INDEX_LANGUAGE = "und"
PAGEFIND_DIR = "pagefind"
ASSET_DIR = "assets/search"
TITLE_WEIGHT = 5
# Every record starts with this token, which no query can produce (queries are
# made of letters and digits): searching it lists all records. Pagefind's own
# filter-only search would load every index chunk.
BROWSE_TOKEN = "_all"
# Pagefind's own UI bundles: the site has its own search page, so they are not shipped.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
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


def staging_html(doc: SearchDoc) -> str:
    """The page Pagefind indexes for one record (never published)."""
    esc = html.escape
    head = [f'<meta data-pagefind-meta="{k}[content]" content="{esc(v)}">'
            for k, v in doc.meta.items() if v]
    for key, values in doc.filters.items():
        head += [f'<meta data-pagefind-filter="{key}[content]" content="{esc(v)}">'
                 for v in values]
    head += [f'<meta data-pagefind-sort="{k}[content]" content="{esc(v)}">'
             for k, v in doc.sort.items()]
    tokens = index_tokens(doc.text)
    in_title = len(canonical(doc.title).replace(" ", ""))  # one token per character
    body = (f'<p>{BROWSE_TOKEN}</p>'
            f'<p data-pagefind-weight="{TITLE_WEIGHT}">{" ".join(tokens[:in_title])}</p>'
            f'<p>{" ".join(tokens[in_title:])}</p>')
    return (f'<!doctype html><html lang="{INDEX_LANGUAGE}"><head>{"".join(head)}</head>'
            f'<body data-pagefind-body>{body}</body></html>')


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


def write_assets(site_dir: Path, labels: Labels) -> None:
    """Build-time assets of the search page: t2s table and facet labels."""
    folder = site_dir / ASSET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    buckets = folder / "t2s"
    if buckets.exists():
        shutil.rmtree(buckets)
    buckets.mkdir()
    for bucket, content in t2s_buckets().items():
        (buckets / f"{bucket}.json").write_text(content, encoding="utf-8")
    (folder / "facets.json").write_text(
        json.dumps(facet_labels(labels), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8")


def build_search(docs: list[SearchDoc], site_dir: Path, labels: Labels) -> IndexReport:
    """Write `site_dir/pagefind/` (the index) and the search page's assets."""
    start = time.perf_counter()
    output = site_dir / PAGEFIND_DIR
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="casebook-search-") as tmp:
        stage = Path(tmp)
        for doc in docs:
            page = stage / doc.url.strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(staging_html(doc), encoding="utf-8")
        run_pagefind_cli(stage, output)
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)
    write_assets(site_dir, labels)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return IndexReport(records=len(docs), seconds=time.perf_counter() - start, bytes=size)


def build_corpus_search(corpus: Corpus, site_dir: Path) -> IndexReport:
    """Index every record of `corpus` into the built site at `site_dir`."""
    return build_search(corpus_docs(corpus), site_dir, Labels(corpus.taxonomy))
