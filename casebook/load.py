"""Load the content tree into plain Python objects (no validation here).

`load_corpus()` is the one entry point the rest of the pipeline uses. It
assumes the content has been validated (see `casebook.validate`).
"""
from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.paths import CONTENT, RECORD_DIRS, TAXONOMY_FILE
from casebook.yaml_source import load_file


class ContentError(ValueError):
    """A content file could not be read; the message names file, line and problem."""


@dataclass
class Record:
    """One content record: its type, file and field values."""

    type: str
    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def url(self) -> str:
        """Site-relative URL of the record page, e.g. `cases/foo/`."""
        return f"{RECORD_DIRS[self.type]}/{self.id}/"


@dataclass
class Corpus:
    """All records plus the taxonomy they refer to."""

    root: Path
    taxonomy: dict[str, list[dict[str, Any]]]
    records: list[Record] = field(default_factory=list)

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def of_type(self, rtype: str) -> list[Record]:
        return [r for r in self.records if r.type == rtype]


FILE_NAME = re.compile(r"[a-z0-9-]+\.yml")


def is_content_file(path: Path) -> bool:
    """A file the pipeline reads: named `[a-z0-9-]+.yml` and a regular file
    itself (not a symlink, folder, FIFO or device; checked without opening)."""
    if not FILE_NAME.fullmatch(path.name):
        return False
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def record_files(root: Path = CONTENT) -> list[tuple[str, Path]]:
    """All record files under `root`, as (type, path), in a stable order.

    A record file is `is_content_file`; the validator reports anything
    else in a record folder."""
    found = []
    for rtype, folder in RECORD_DIRS.items():
        if (root / folder).is_symlink():  # never read through a linked folder
            continue
        for path in sorted((root / folder).glob("*.yml")):
            if is_content_file(path):
                found.append((rtype, path))
    return found


def read_yaml(path: Path) -> Any:
    """Data of one content file, read like the validator reads it (dates
    stay strings). Raises `ContentError` on any problem with the file."""
    doc, issues = load_file(path)
    if issues or doc is None:
        details = "; ".join(f"{i.line}:{i.col}: {i.message}" for i in issues)
        raise ContentError(f"{path}: {details} (run `make validate`)")
    return doc.data


def load_taxonomy(root: Path = CONTENT) -> dict[str, list[dict[str, Any]]]:
    return read_yaml(root / TAXONOMY_FILE)


def load_corpus(root: Path = CONTENT) -> Corpus:
    """Read taxonomy and every record file below `root`."""
    corpus = Corpus(root=root, taxonomy=load_taxonomy(root))
    for rtype, path in record_files(root):
        corpus.records.append(Record(rtype, path, read_yaml(path)))
    return corpus
