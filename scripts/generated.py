"""Shared `--check` logic for files generated from the taxonomy."""
from __future__ import annotations

import sys
from pathlib import Path

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
