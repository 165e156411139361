"""Fast preview of a few records: serve a small site built from just them.

    make preview ONLY=content/cases/tianjin-quxiao-lianheti.yml
    python -m scripts.preview content/cases/a.yml content/policies/b.yml [--build]

A content tree is made under `.cache/preview/content` holding the taxonomy,
the chosen records (hard-linked, so edits saved in place show up), the records
they refer to and the records that refer to them, and their region's
regional experience (copied, with references to records outside the subset
removed so the small tree validates on its own). `mkdocs serve` then builds
the site from that tree (the hooks read `$CASEBOOK_CONTENT`) and rebuilds it
in about a second whenever a chosen file changes, however large `content/` is.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.load import record_files
from casebook.paths import CONTENT, RECORD_DIRS, ROOT, TAXONOMY_FILE
from casebook.record_io import dump_record, write_text
from casebook.relate import EXPERIENCE_KIND, RELATIONS
from casebook.render.build import CONTENT_ENV, PREVIEW_OF_ENV
from casebook.taxonomy import Taxonomy
from casebook.validate import display_path
from casebook.yaml_source import load_file

OUT = ROOT / ".cache" / "preview"


@dataclass
class Rec:
    """A record file of the full tree, parsed leniently (data None if unreadable)."""

    type: str
    path: Path
    data: dict[str, Any] | None

    @property
    def id(self) -> str:
        rid = (self.data or {}).get("id")
        return rid if isinstance(rid, str) else self.path.stem


def _refs(rec: Rec) -> list[str]:
    """Ids that `rec` refers to through its relation fields."""
    out: list[str] = []
    for fld, _label, _back in RELATIONS.get(rec.type, ()):
        value = (rec.data or {}).get(fld)
        out += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    return out


def scan(root: Path) -> list[Rec]:
    """Every record file under `root`, never raising for bad content."""
    recs = []
    for rtype, path in record_files(root):
        doc, _ = load_file(path)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else None
        recs.append(Rec(rtype, path, data))
    return recs


def subset(recs: list[Rec], chosen: list[Rec], taxonomy: Taxonomy) -> list[Rec]:
    """The chosen records' neighbours: referred to, referring, regional experience."""
    ids = {r.id for r in chosen}
    wanted = {t for r in chosen for t in _refs(r)}
    regions = set()
    for r in chosen:
        region = (r.data or {}).get("region")
        if isinstance(region, str):
            regions |= {region, *(t.id for t in taxonomy.ancestors("regions", region))}
    out = []
    for r in recs:
        if r.id in ids:
            continue
        data = r.data or {}
        if (r.id in wanted or ids & set(_refs(r))
                or (data.get("kind") == EXPERIENCE_KIND and data.get("region") in regions)):
            out.append(r)
    return out


def pruned(rec: Rec, keep: set[str]) -> dict[str, Any]:
    """`rec`'s data without references to records outside `keep`."""
    data = dict(rec.data or {})
    for fld, _label, _back in RELATIONS.get(rec.type, ()):
        value = data.get(fld)
        if isinstance(value, list):
            kept = [v for v in value if v in keep]
            if kept:
                data[fld] = kept
            else:
                data.pop(fld)
        elif value is not None and value not in keep:
            data.pop(fld)
    return data


def _link(source: Path, target: Path) -> None:
    """A hard link (the validator never follows symlinks), else a copy."""
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copyfile(source, target)


def make_tree(paths: list[Path], root: Path = CONTENT, out: Path = OUT / "content") -> list[Rec]:
    """Write the preview tree for `paths` into `out`; returns the chosen records."""
    recs = scan(root)
    by_path = {r.path.resolve(): r for r in recs}
    chosen = []
    for p in paths:
        rec = by_path.get(p.resolve())
        if rec is None:
            raise SystemExit(f"{p}: 不是 {root} 下的记录文件"
                             "（应为 cases/、courses/ 或 policies/ 下的 .yml）")
        chosen.append(rec)
    taxonomy = Taxonomy.load(root)
    neighbours = subset(recs, chosen, taxonomy)
    keep = {r.id for r in chosen + neighbours}
    if out.exists():
        shutil.rmtree(out)
    for folder in RECORD_DIRS.values():
        (out / folder).mkdir(parents=True)
    _link((root / TAXONOMY_FILE).resolve(), out / TAXONOMY_FILE)
    for rec in chosen:  # linked: the editor's changes are what the preview shows
        _link(rec.path.resolve(), out / RECORD_DIRS[rec.type] / rec.path.name)
    for rec in neighbours:
        if rec.data is not None:
            write_text(out / RECORD_DIRS[rec.type] / rec.path.name,
                       dump_record(rec.type, pruned(rec, keep)))
    return chosen


def address_in_use(addr: str) -> str | None:
    """A Chinese message when the preview's address is taken (a `make serve` or
    another preview still running), instead of the server's traceback."""
    host, _, port = addr.rpartition(":")
    with socket.socket() as probe:
        try:
            probe.bind((host or "127.0.0.1", int(port)))
        except (OSError, ValueError):
            return (f"预览地址 {addr} 已被占用（可能 make serve 或另一个预览还在运行）："
                    "请在那个终端按 Ctrl-C 停止它，或换一个端口，例如 "
                    "make preview ONLY=… ADDR=127.0.0.1:8001")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="只用选定的记录（及其相关记录）快速预览网站")
    parser.add_argument("paths", nargs="+", type=Path, help="要预览的记录文件")
    parser.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    parser.add_argument("--addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    parser.add_argument("--build", type=Path, metavar="DIR", help="不启动预览服务，只构建到 DIR")
    args = parser.parse_args(argv)
    tree = OUT / "content"
    chosen = make_tree(args.paths, args.root, tree)
    env = {**os.environ, CONTENT_ENV: str(tree), PREVIEW_OF_ENV: display_path(args.root),
           "NO_MKDOCS_2_WARNING": "1"}
    count = sum(1 for _ in record_files(tree))
    print(f"预览内容：{count} 条记录（{tree}）")
    if args.build:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(args.build)]
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode
    busy = address_in_use(args.addr)
    if busy:
        print(busy, file=sys.stderr)
        return 2
    for rec in chosen:
        print(f"  http://{args.addr}/{RECORD_DIRS[rec.type]}/{rec.id}/")
    watch = sorted({str(rec.path.resolve().parent) for rec in chosen})
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", args.addr,
           *[arg for w in watch for arg in ("-w", w)]]
    sys.stdout.flush()
    os.chdir(ROOT)
    os.execve(sys.executable, cmd, env)  # become the server: no orphan when stopped


if __name__ == "__main__":
    sys.exit(main())
