"""Every hostile fixture (tests/fixtures/hostile/) through the validator and
the build: a non-zero exit, a message naming the file and the field, no
traceback, nothing written, and the previous site left as it was.

Records replace the demo case of the validator's fixture tree, taxonomies
its taxonomy, collections go to collections/. What git cannot hold
(symlink, folder, FIFO, a file name with a newline, a 2 MB file) is made
by the test. intake/ belongs to the importer and issue-form tests.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from validate_support import FIXTURE

from casebook.paths import ROOT

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CASE, TAXONOMY, COLLECTION = "cases/demo-case.yml", "taxonomy.yml", "collections/hostile.yml"
FILE = "(文件)"

# fixture file -> (where it goes in the content tree, field the message names)
STATIC: dict[str, tuple[str, str]] = {
    "nul-title.yml": (CASE, "title"),
    "esc-summary.yml": (CASE, "summary"),
    "nonchar-title.yml": (CASE, "title"),
    "c1-title.yml": (CASE, "title"),
    "bidi-issuer.yml": (CASE, "sources[0].issuer"),
    "control-key.yml": (CASE, "ki\\u0001nd"),
    "deep-list.yml": (CASE, "background"),
    "many-brackets.yml": (CASE, "practices[0]"),
    "long-text.yml": (CASE, "replicability"),
    "tag-of-spaces.yml": (CASE, "title"),
    "python-object.yml": (CASE, "summary"),
    "look-alike-id.yml": (CASE, "id"),
    "fullwidth-colon.yml": (CASE, FILE),
    "year-nian.yml": (CASE, "year"),
    "billion-laughs.yml": (CASE, "b[0]"),
    "deep-flow.yml": (CASE, FILE),
    "bom-only.yml": (CASE, FILE),
    "taxonomy-long-name.yml": (TAXONOMY, "regions[1].name"),
    "taxonomy-long-alias.yml": (TAXONOMY, "regions[1].aliases[1]"),
    "taxonomy-bidi-name.yml": (TAXONOMY, "regions[1].name"),
    "collection-bidi-note.yml": (COLLECTION, "items[0].note"),
}
# valid content whose danger is in the exports: tests/test_hostile_exports.py
EXPORT_ONLY = {"formula-cells.yml", "formula-collection.yml"}


def _symlink(path: Path) -> None:
    path.symlink_to("/etc/passwd")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _huge(path: Path) -> None:
    path.write_bytes(b"id: huge\nsummary: " + b"x" * (2 * 1024 * 1024) + b"\n")


BAD_NAME = "x\n::error title=INJECTED::boom\ny.yml"
# what the test makes -> (path in the content tree, how to make it)
MADE: dict[str, tuple[str, Callable[[Path], None]]] = {
    "symlink": ("cases/passwd.yml", _symlink),
    "directory": ("cases/adir.yml", Path.mkdir),
    "fifo": ("cases/pipe.yml", _fifo),
    "bad-name": (f"cases/{BAD_NAME}", lambda p: p.write_text("id: x\n", encoding="utf-8")),
    "huge-file": ("cases/huge.yml", _huge),
}
CASES = [*STATIC, *MADE]


def _tree(tmp_path: Path, name: str) -> tuple[Path, str, str]:
    """A content tree holding hostile input `name`: (root, path shown, field)."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    if name in STATIC:
        dest, field = STATIC[name]
        (root / dest).parent.mkdir(exist_ok=True)
        shutil.copyfile(HOSTILE / name, root / dest)
    else:
        dest, make = MADE[name]
        make(root / dest)
        field = FILE
    shown = dest.replace("\n", "\\n")
    return root, shown, field


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under `folder`: files with size and modification time
    (a folder's own time changes when a temporary build folder comes and goes)."""
    out = {}
    for path in folder.rglob("*"):
        info = path.lstat()
        out[str(path.relative_to(folder))] = (0, 0) if path.is_dir() and not path.is_symlink() \
            else (info.st_size, info.st_mtime_ns)
    return out


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})


def _assert_names(output: str, shown: str, field: str) -> None:
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if f"{shown}:" in line]
    assert any(f": {field}: " in line for line in lines), output[-3000:]


def test_every_fixture_is_run() -> None:
    on_disk = {p.name for p in HOSTILE.glob("*.yml")}
    assert on_disk == set(STATIC) | EXPORT_ONLY


@pytest.mark.parametrize("name", CASES)
def test_validator_refuses_it(tmp_path: Path, name: str) -> None:
    root, shown, field = _tree(tmp_path, name)
    before = _snapshot(tmp_path)
    result = _run(["scripts.validate", "--root", str(root)])
    assert result.returncode == 1, result.stdout + result.stderr
    _assert_names(result.stdout + result.stderr, shown, field)
    assert _snapshot(tmp_path) == before  # nothing written
    assert "root:x:0:0" not in result.stdout + result.stderr  # a symlink is never read


@pytest.mark.parametrize("name", CASES)
def test_build_stops_and_keeps_the_last_site(tmp_path: Path, name: str) -> None:
    root, shown, field = _tree(tmp_path, name)
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("上一次的网站", encoding="utf-8")
    before = _snapshot(tmp_path)
    result = _run(["scripts.build", "--site-dir", str(site)], CASEBOOK_CONTENT=str(root))
    assert result.returncode != 0, result.stdout + result.stderr
    _assert_names(result.stdout + result.stderr, shown, field)
    assert _snapshot(tmp_path) == before  # the old site as it was, no leftovers, no exports
