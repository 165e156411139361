"""Validate the content: `python -m scripts.validate [PATH ...] [--root DIR] [--format json]`.

Without paths checks everything under the content root (records and
taxonomy); with paths (files or folders) reports only those files, while
references and id uniqueness are still resolved against the whole tree.
Prints one line per problem (`path:line:col: field: message`), or a JSON
list with `--format json`. Exit status 1 on any problem, 0 when clean
(2 if a schema itself is broken).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from casebook.paths import CONTENT
from casebook.schema import SchemaError
from casebook.validate import check_tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.validate",
        description="校验内容记录和词表（content/）。没有问题时退出码为 0，有问题时为 1。")
    parser.add_argument("paths", nargs="*", type=Path,
                        help="只检查这些文件或目录（引用仍对照全部内容检查）")
    parser.add_argument("--root", type=Path, default=CONTENT,
                        help="内容目录（默认 content/）")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="输出格式：text 每行一个问题；json 供工具使用")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass

    try:
        report = check_tree(args.root, args.paths or None)
    except SchemaError as exc:  # a broken schema is a bug in the repository, not in content
        print(f"schemas/ 中的结构定义有误：{exc}", file=sys.stderr)
        return 2
    problems = report.problems
    if args.format == "json":
        print(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem.format())
    if problems:
        files = len({p.path for p in problems})
        print(f"发现 {len(problems)} 个问题（涉及 {files} 个文件），"
              f"共检查 {report.records} 条记录。", file=sys.stderr)
        return 1
    print(f"校验通过：共检查 {report.records} 条记录，没有发现问题。", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
