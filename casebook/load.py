"""Load the content tree into plain Python objects (no validation here).

`load_corpus()` is the one entry point the rest of the pipeline uses. It
assumes the content has been validated (see `casebook.validate`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook.paths import CONTENT, RECORD_DIRS, TAXONOMY_FILE


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


def record_files(root: Path = CONTENT) -> list[tuple[str, Path]]:
    """All record files under `root`, as (type, path), in a stable order."""
    found = []
    for rtype, folder in RECORD_DIRS.items():
        for path in sorted((root / folder).glob("*.yml")):
            found.append((rtype, path))
    return found


def load_taxonomy(root: Path = CONTENT) -> dict[str, list[dict[str, Any]]]:
    with open(root / TAXONOMY_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_corpus(root: Path = CONTENT) -> Corpus:
    """Read taxonomy and every record file below `root`."""
    corpus = Corpus(root=root, taxonomy=load_taxonomy(root))
    for rtype, path in record_files(root):
        with open(path, encoding="utf-8") as fh:
            corpus.records.append(Record(rtype, path, yaml.safe_load(fh)))
    return corpus
