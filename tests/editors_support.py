"""Helpers shared by the editor-tooling tests (scaffolder, issue form, importer)."""
from __future__ import annotations

import shutil
from pathlib import Path

from casebook.paths import CONTENT
from casebook.validate import validate_tree

FIXTURES = Path(__file__).parent / "fixtures" / "editors"


def content_copy(tmp_path: Path) -> Path:
    """A private copy of the real content tree (never write into content/)."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def problems(root: Path, paths: list[Path] | None = None) -> list[str]:
    """The validator's messages for `root` (empty when valid)."""
    return [p.format() for p in validate_tree(root, paths)]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes, to prove nothing was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}
