"""Shared command line and `--check` logic for files generated from the taxonomy."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from casebook.load import load_taxonomy
from casebook.paths import ROOT
from casebook.record_io import write_text


def write_or_check(path: Path, text: str, check: bool, command: str) -> int:
    """Write `text` to `path`, or with `check` compare only: 1 if they differ."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if check:
        if current == text:
            print(f"{rel} 与词表一致")
            return 0
        print(f"{rel} 已过期（与 content/taxonomy.yml 不一致）：请运行 {command} 并提交结果",
              file=sys.stderr)
        return 1
    if current != text:
        write_text(path, text)
    print(f"已写入 {rel}")
    return 0


def generated_main(argv: list[str] | None, description: str, output: Path,
                   render: Callable[[dict], str], command: str) -> int:
    """The command line of a generator: write `render(taxonomy)` to `output`,
    or with `--check` only report whether the committed file is current."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="只检查已提交的文件是否最新")
    args = parser.parse_args(argv)
    return write_or_check(output, render(load_taxonomy()), args.check, command)
