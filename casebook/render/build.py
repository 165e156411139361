"""Prepare a site build: validate, load, relate and plan the pages.

This is the one call the MkDocs hooks make before generating files; it is
plain Python so tests and the benchmark can run it without MkDocs.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

from casebook.load import Corpus, Record, load_corpus
from casebook.paths import CONTENT, ROOT
from casebook.relate import Index, build_index
from casebook.render.pages import PageSpec, plan
from casebook.render.view import SiteOptions

CONTENT_ENV = "CASEBOOK_CONTENT"


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


def validate(root: Path) -> tuple[list[str] | None, Corpus | None]:
    """Problems found by `casebook.validate`, formatted (None if no validator
    exists yet), and, when there are none, the corpus the validator has just
    parsed, so that the build does not read every file a second time."""
    if importlib.util.find_spec("casebook.validate") is None:
        return None, None  # TODO(lead): the validator (issue 2) is not in the tree yet
    validator = importlib.import_module("casebook.validate")
    report = validator.check_tree(root)
    problems = [p.format() for p in report.problems]
    if problems or not isinstance(getattr(report, "taxonomy", None), dict):
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
    validated: bool
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
    index = build_index(corpus if corpus is not None else load_corpus(root))
    _last = SiteBuild(root, index, options, plan(index, options), validated=problems is not None)
    return _last
