"""Turn the validator's JSON output into GitHub Actions annotations.

    python -m scripts.validate --format json | python -m scripts.annotate

Each problem becomes an `::error file=…,line=…,col=…,title=…::message` line,
which GitHub shows next to the line of the pull request's diff, plus the
usual `path:line:col: field: message` line for the log. When
`GITHUB_STEP_SUMMARY` is set, a Chinese table of the problems is added to the
run's summary page. Exit status: 1 if there were problems, 0 if none, 2 if
the input is not the validator's JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from casebook.paths import ROOT
from casebook.textcheck import visible


def _escape_data(text: str) -> str:
    """A workflow command's message, as GitHub documents: %, CR and LF escaped
    (and other invisible characters spelled out), so it stays one command."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_prop(text: str) -> str:
    """A workflow command's property: like a message, plus `:` and `,`."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(path: str) -> str:
    """`path` relative to the repository root, with forward slashes."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(ROOT)
        except ValueError:
            pass
    return p.as_posix()


def problems_from_json(text: str) -> list[dict[str, Any]]:
    """The problem list of the validator's `--format json` output."""
    data = json.loads(text)
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise ValueError("expected a JSON list of problems")
    return data


def message_of(problem: dict[str, Any]) -> str:
    """The message, with the suggestion when the validator gave one."""
    msg = str(problem.get("message") or "")
    suggestion = problem.get("suggestion")
    if suggestion and str(suggestion) not in msg:
        msg = f"{msg}（建议：{suggestion}）"
    return msg


def annotation(problem: dict[str, Any]) -> str:
    """One `::error …::…` workflow command for `problem`."""
    props = [f"file={_escape_prop(_relative(str(problem.get('path') or '')))}"]
    for key, name in (("line", "line"), ("col", "col")):
        value = problem.get(key)
        if isinstance(value, int) and value > 0:
            props.append(f"{name}={value}")
    field = problem.get("field")
    props.append(f"title={_escape_prop(f'内容校验：{field}' if field else '内容校验')}")
    return f"::error {','.join(props)}::{_escape_data(message_of(problem))}"


def plain(problem: dict[str, Any]) -> str:
    """The validator's own one-line format, `path:line:col: field: message`."""
    where = ":".join(str(problem.get(k) or 0) for k in ("line", "col"))
    field = problem.get("field") or "-"
    line = f"{_relative(str(problem.get('path') or ''))}:{where}: {field}: {message_of(problem)}"
    return _one_line(line)


def _one_line(text: str) -> str:
    """`text` for the log: line breaks and invisible characters spelled out, so
    that no part of it can start a line of its own (a forged `::command`)."""
    return visible(text.replace("\n", "\\n").replace("\r", "\\r"))


def summary(problems: list[dict[str, Any]]) -> str:
    """A Markdown table of the problems for the run's summary page."""
    if not problems:
        return "### 内容校验通过 ✅\n"
    rows = [f"### 内容校验发现 {len(problems)} 个问题\n", "| 文件 | 行 | 字段 | 说明 |",
            "| --- | --- | --- | --- |"]
    for p in problems:
        cells = [_relative(str(p.get("path") or "")), str(p.get("line") or ""),
                 str(p.get("field") or ""), message_of(p)]
        cells = [_one_line(c.replace("|", "\\|").replace("\n", " ")) for c in cells]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把校验结果（JSON）转成 GitHub 注释")
    parser.add_argument("file", nargs="?", help="校验结果 JSON 文件（默认读标准输入）")
    args = parser.parse_args(argv)
    text = Path(args.file).read_text(encoding="utf-8") if args.file else sys.stdin.read()
    try:
        problems = problems_from_json(text)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        print(f"::error title=内容校验::无法读取校验结果：{_escape_data(str(exc))}")
        print(_escape_data(text[-2000:]), file=sys.stderr)
        return 2
    for p in problems:
        print(annotation(p))
        print(plain(p))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
            fh.write(summary(problems))
    print(f"内容校验：{len(problems)} 个问题" if problems else "内容校验通过")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
