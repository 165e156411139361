"""Turn the body of a submitted "提交新案例" issue form into a case record.

    python -m scripts.from_issue BODY.md [--id ID] [--root DIR] [--dry-run]
    gh issue view 12 --json body -q .body | python -m scripts.from_issue -

GitHub writes a form's answers as `### 标签` headings, each followed by the
answer (`_No response_` when an optional field was left empty; the choices of
a multiple dropdown joined by ", "). The record is checked by the validator
before anything is written; on problems nothing is written and the messages
name the form's questions. Exit status: 0 written, 1 refused, 2 usage error.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from casebook.intake import (
    SOURCE_PARTS,
    clean,
    normalise_date,
    one_line,
    split_items,
    split_lines,
)
from casebook.paths import CONTENT
from casebook.writer import Draft, prepare, save
from scripts.issue_form import FIELDS

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]++(.*[^ \t\n])[ \t]*$", re.M)  # linear on long blank runs


def parse_body(body: str) -> dict[str, str]:
    """The answers of a form body, keyed by question label; empty ones left out.

    Only headings that are labels of the form split the body, so an answer
    that itself contains a `### …` line stays whole.
    """
    labels = {f.label for f in FIELDS} | {"确认"}
    body = body.replace("\r\n", "\n")
    marks = [m for m in _HEADING.finditer(body) if m.group(1) in labels]
    answers: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        text = body[mark.end():end].strip()
        if text and text != NO_RESPONSE:
            answers[mark.group(1)] = text
    return answers


def values_from_answers(answers: dict[str, str]) -> dict[str, Any]:
    """Record field values (not yet resolved to ids) from the form's answers."""
    by_key = {f.key: answers.get(f.label) for f in FIELDS}
    source = {k: by_key.get(f"source_{k}") for k in SOURCE_PARTS}
    if source["date"]:
        source["date"] = normalise_date(source["date"])
    orgs = split_lines(by_key["organisations"] or "")
    values: dict[str, Any] = {
        "title": by_key["title"],
        "region": by_key["region"],
        # a multiple dropdown joins choices with ", "; the ids are in （）
        "tasks": split_items(by_key["tasks"] or ""),
        "year": by_key["year"],
        "summary": one_line(by_key["summary"] or ""),
        "sources": [clean(source)] if clean(source) else None,
        "audiences": split_items(by_key["audiences"] or ""),
        "themes": split_items(by_key["themes"] or ""),
        "kind": by_key["kind"],
        "level": by_key["level"],
        "organisations": [{"name": n, "role": "申报单位"} for n in orgs] or None,
        "practices": split_lines(by_key["practices"] or "") or None,
        "outcomes": split_lines(by_key["outcomes"] or "") or None,
    }
    return values


def field_label(field: str) -> str:
    """The form question a record field comes from (for messages)."""
    top = field.split(".")[0].split("[")[0]
    if top == "sources":
        part = field.rsplit(".", 1)[-1]
        key = f"source_{part}"
    else:
        key = top
    return next((f.label for f in FIELDS if f.key == key), field)


def draft_from_body(body: str, root: Path = CONTENT, rid: str | None = None) -> Draft:
    """Parse, normalise and check a form body; nothing is written."""
    values = values_from_answers(parse_body(body))
    has_detail = bool(values.get("practices") or values.get("outcomes"))
    return prepare("case", values, root=root, rid=rid, status="partial" if has_detail else "stub",
                   hints=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把“提交新案例”议题表单的正文转成案例记录")
    parser.add_argument("body", help="议题正文文件（Markdown）；写 - 表示从标准输入读取")
    parser.add_argument("--id", help="记录编号（默认根据地区和标题自动拟定）")
    parser.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    parser.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
    args = parser.parse_args(argv)
    try:
        body = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取议题正文：{exc}", file=sys.stderr)
        return 2
    draft = draft_from_body(body, root=args.root, rid=args.id)
    if draft.problems:
        print(f"议题表单不能转成记录（{len(draft.problems)} 个问题），没有写入任何文件：",
              file=sys.stderr)
        for p in draft.problems:
            print(f"  【{field_label(p.field)}】{p.field}: {p.message}"
                  + (f"（建议：{p.suggestion}）" if p.suggestion else ""), file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"将写入 {draft.path}：\n{draft.text}")
        return 0
    save(draft)
    print(f"已写入 {draft.path}（status: {draft.data['status']}），请核对来源后提交 Pull Request。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
