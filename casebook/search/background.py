"""Build the search index while MkDocs renders the pages.

The index is made from the records, not from the rendered HTML, so it can
start as soon as the content is validated and loaded. `start(corpus)` forks a
child process that runs `build_corpus_search` into a private folder, and
`Pending.finish(site_dir)` waits for it and moves the result into the built
site. With two or more cores, the index build then overlaps MkDocs'
single-threaded page rendering; the files written are the same as those of
`build_corpus_search(corpus, site_dir)`.

Without `fork` (not Linux), or with CASEBOOK_SEARCH_INLINE=1, the index is
built inside `finish`, as before.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import traceback
from dataclasses import asdict
from pathlib import Path

from casebook.load import Corpus
from casebook.search.build import ASSET_DIR, INDEX_DIR, IndexReport, build_corpus_search

INLINE_ENV = "CASEBOOK_SEARCH_INLINE"
# Folders `build_corpus_search` writes as a whole (replaced, not merged).
OWNED_DIRS = (f"{ASSET_DIR}/{INDEX_DIR}", f"{ASSET_DIR}/t2s", f"{ASSET_DIR}/cards")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and os.environ.get(INLINE_ENV) != "1"


def _child(corpus: Corpus, out: Path, result: Path) -> None:
    """Runs in the forked process: build into `out`, report to `result`."""
    gc.freeze()  # the inherited objects stay shared instead of being copied by the GC
    try:
        report = build_corpus_search(corpus, out)
        result.write_text(json.dumps(asdict(report)), encoding="utf-8")
    except BaseException:  # noqa: BLE001 - the parent reports it (once)
        result.write_text(json.dumps({"error": traceback.format_exc()}), encoding="utf-8")
        sys.exit(1)


def merge(src: Path, site_dir: Path) -> None:
    """Move every file below `src` to the same place below `site_dir`."""
    for owned in OWNED_DIRS:
        if (src / owned).exists() and (site_dir / owned).exists():
            shutil.rmtree(site_dir / owned)
    for dirpath, _, names in os.walk(src):
        for name in names:
            source = Path(dirpath) / name
            target = site_dir / source.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Pending:
    """A search index being built for one site build."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.folder = Path(tempfile.mkdtemp(prefix="casebook-search-"))
        self.out, self.result = self.folder / "site", self.folder / "result.json"
        self.process: multiprocessing.process.BaseProcess | None = None
        if can_fork():
            ctx = multiprocessing.get_context("fork")
            self.process = ctx.Process(target=_child, args=(corpus, self.out, self.result),
                                       name="casebook-search", daemon=True)
            self.process.start()

    def finish(self, site_dir: Path) -> IndexReport:
        """Wait for the index, move it into `site_dir` and return its report."""
        try:
            if self.process is None:
                report = build_corpus_search(self.corpus, self.out)
            else:
                self.process.join()
                data = json.loads(self.result.read_text(encoding="utf-8")) \
                    if self.result.is_file() else {}
                if self.process.exitcode != 0 or "error" in data:
                    raise RuntimeError("搜索索引构建失败：\n" + data.get(
                        "error", f"子进程退出码 {self.process.exitcode}"))
                report = IndexReport(**data)
            merge(self.out, site_dir)
            return report
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child (if still running) and remove the private folder."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(corpus: Corpus) -> Pending:
    """Start indexing `corpus` (in the background where possible)."""
    return Pending(corpus)
