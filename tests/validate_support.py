"""Helpers shared by the validator tests: a valid content tree to break, and
small edits and look-ups on it."""
from __future__ import annotations

import shutil
from pathlib import Path

from casebook.validate import Problem

FIXTURE = Path(__file__).parent / "fixtures" / "validate" / "content"


def content_tree(tmp_path: Path) -> Path:
    """A copy of the valid fixture tree under `tmp_path`, to break."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def case_file(root: Path) -> Path:
    return root / "cases" / "demo-case.yml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(problems: list[Problem], field: str) -> Problem:
    """The single problem reported for `field`."""
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, "\n".join(p.format() for p in problems)
    return found[0]
