"""Prepare a site build: validate, load, relate and plan the pages.

This is the one call the MkDocs hooks make before generating files; it is
plain Python so tests and the benchmark can run it without MkDocs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from casebook.load import Corpus, Record, load_corpus
from casebook.paths import CONTENT, ROOT
from casebook.relate import Index, build_index
from casebook.render.pages import PageSpec, plan
from casebook.render.view import SiteOptions
from casebook.validate import check_tree, display_path

CONTENT_ENV = "CASEBOOK_CONTENT"
# Set by `make preview`: the content folder the preview tree was made from, so
# that messages name the files the editor edits, not their copies.
PREVIEW_OF_ENV = "CASEBOOK_PREVIEW_OF"


class ContentError(Exception):
    """The content did not validate; `lines` holds one message per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(f"内容校验未通过：共 {len(lines)} 个问题")
        self.lines = lines


def content_root() -> Path:
    """The content tree to build: $CASEBOOK_CONTENT, else `content/`."""
    value = os.environ.get(CONTENT_ENV)
    if not value:
        return CONTENT
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def as_edited(lines: list[str], root: Path) -> tuple[list[str], str]:
    """Problem lines and the folder to name in them: under `make preview`,
    paths in the preview tree `root` become paths in the folder it was made from."""
    shown = os.environ.get(PREVIEW_OF_ENV)
    if not shown:
        return lines, str(root)
    tree = display_path(root) + "/"
    return [shown + "/" + ln[len(tree):] if ln.startswith(tree) else ln for ln in lines], shown


def validate(root: Path) -> tuple[list[str], Corpus | None]:
    """Problems found by `casebook.validate`, formatted, and, when there are
    none, the corpus the validator has just parsed, so that the build does not
    read every file a second time."""
    report = check_tree(root)
    problems = [p.format() for p in report.problems]
    if problems:
        return problems, None
    records = [Record(rtype, path, data) for rtype, path, data in report.data]
    return problems, Corpus(root=root, taxonomy=report.taxonomy, records=records)


@dataclass
class SiteBuild:
    """Everything one build needs: the index, options and the page plan."""

    root: Path
    index: Index
    options: SiteOptions
    pages: list[PageSpec]
    by_src: dict[str, PageSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_src = {p.src_uri: p for p in self.pages}


_last: SiteBuild | None = None


def current_corpus(root: Path) -> Corpus:
    """The corpus of content `root`: the one the last `prepare()` of this
    process validated and loaded (other hooks of the same build reuse it),
    else read from disk."""
    if _last is not None and _last.root == root:
        return _last.index.corpus
    return load_corpus(root)


def prepare(options: SiteOptions, root: Path | None = None) -> SiteBuild:
    """Validate (raising ContentError), then load, relate and plan."""
    global _last
    from casebook.render.view import ENV

    ENV.cache.clear()  # templates may have changed between `mkdocs serve` rebuilds
    root = root or content_root()
    problems, corpus = validate(root)
    if problems:
        raise ContentError(problems)
    index = build_index(corpus)
    _last = SiteBuild(root, index, options, plan(index, options))
    return _last
