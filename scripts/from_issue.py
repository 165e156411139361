"""Turn the body of a submitted "提交新案例" issue form into a case record.

    python -m scripts.from_issue BODY.md [--id ID] [--root DIR] [--dry-run]
    gh issue view 12 --json body -q .body | python -m scripts.from_issue -

GitHub writes a form's answers as `### 标签` headings, each followed by the
answer (`_No response_` when an optional field was left empty; the choices of
a multiple dropdown joined by ", "). The record is checked by the validator
before anything is written; on problems nothing is written and the messages
name the form's questions. A body longer than GitHub allows (MAX_BODY_CHARS),
not UTF-8, or holding invisible control characters is refused the same way.
Exit status: 0 written, 1 refused, 2 usage error, 3 unexpected error.
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
    file_problem,
    form_tip,
    normalise_date,
    one_line,
    record_field,
    split_items,
    split_lines,
    split_organisations,
)
from casebook.paths import CONTENT
from casebook.record_io import record_path
from casebook.textcheck import bad_char_message
from casebook.validate import Problem
from casebook.writer import Draft, prepare, save
from casebook.yaml_source import decode
from scripts.issue_form import FIELDS

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]++(.*[^ \t\n])[ \t]*$", re.M)  # linear on long blank runs


MAX_BODY_CHARS = 65_536  # GitHub's own limit for an issue body
MAX_BODY_BYTES = 4 * MAX_BODY_CHARS  # read no more than this (UTF-8: at most 4 bytes a char)
BODY = "议题正文"


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
        "organisations": split_organisations(by_key["organisations"] or "") or None,
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


def answer_problems(answers: dict[str, str]) -> list[Problem]:
    """Answers holding a character no text may hold, named by field and code point."""
    out = []
    for f in FIELDS:
        msg = bad_char_message(answers.get(f.label, ""))
        if msg:
            out.append(Problem(BODY, 0, 0, record_field(f.key), msg,
                               "请在议题中编辑这一项，删除该字符后保存。"))
    return out


def draft_from_body(body: str, root: Path = CONTENT, rid: str | None = None) -> Draft:
    """Parse, normalise and check a form body; nothing is written."""
    if len(body) > MAX_BODY_CHARS:
        return Draft("case", {}, record_path("case", rid or "new", root), problems=[Problem(
            BODY, 0, 0, "(文件)", f"议题正文太长（{len(body):,} 个字符），GitHub 议题最多 "
            f"{MAX_BODY_CHARS:,} 个字符", "请只填写来源中的要点，长文请写来源网址。")])
    answers = parse_body(body)
    values = values_from_answers(answers)
    bad = answer_problems(answers)
    if bad:
        return Draft("case", values, record_path("case", rid or "new", root), problems=bad)
    return prepare("case", values, root=root, rid=rid, hints=True)


def read_body(name: str) -> str:
    """The body from a file or `-` (stdin), at most MAX_BODY_BYTES read; raises
    ValueError with a Chinese message for a body that is not UTF-8 text."""
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_BODY_BYTES + 1)
    else:
        with open(name, "rb") as fh:
            raw = fh.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise ValueError(f"议题正文太长（超过 {MAX_BODY_BYTES // 1024} KB），GitHub 议题最多 "
                         f"{MAX_BODY_CHARS:,} 个字符：请只填写来源中的要点")
    text, issues = decode(raw)
    if text is None:
        raise ValueError(f"议题正文不是 UTF-8 文本：{issues[0].message}")
    return text


def form_message(problem: Problem) -> str:
    """A problem in the form's terms: a missing field is an unanswered question,
    and the validator's "add a line" advice (meant for YAML files) is left out."""
    if problem.message.startswith("缺少必填字段"):
        return "这一项必填，表单里没有填写：请编辑议题补上"
    tip = form_tip(problem.suggestion)
    return problem.message + (f"（建议：{tip}）" if tip else "")


def problem_entries(draft: Draft) -> list[dict[str, str]]:
    """Problems as {label, field, message} (the form's question first), for people and the bot."""
    return [{"label": field_label(p.field) if p.field != "(文件)" else BODY, "field": p.field,
             "message": form_message(p)} for p in draft.problems]


def report(draft: Draft) -> None:
    """Print the problems, if any, in Chinese (the issue bot uses `problem_entries`)."""
    entries = problem_entries(draft)
    if entries:
        print(f"议题表单不能转成记录（{len(entries)} 个问题），没有写入任何文件：", file=sys.stderr)
        for e in entries:
            print(f"  【{e['label']}】{e['field']}: {e['message']}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        body = read_body(args.body)
    except OSError as exc:
        print(f"无法读取议题正文 {args.body}：{file_problem(exc)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        draft = Draft("case", {}, record_path("case", "new", args.root),
                      problems=[Problem(BODY, 0, 0, "(文件)", str(exc))])
        report(draft)
        return 1
    draft = draft_from_body(body, root=args.root, rid=args.id)
    if draft.problems:
        report(draft)
        return 1
    if not args.dry_run:
        save(draft)
    if args.dry_run:
        print(f"将写入 {draft.path}：\n{draft.text}")
    else:
        print(f"已写入 {draft.path}（status: {draft.data['status']}），"
              "请核对来源后提交 Pull Request。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把“提交新案例”议题表单的正文转成案例记录")
    parser.add_argument("body", help="议题正文文件（Markdown）；写 - 表示从标准输入读取")
    parser.add_argument("--id", help="记录编号（默认根据地区和标题自动拟定）")
    parser.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    parser.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except Exception as exc:  # noqa: BLE001 - one Chinese line instead of a traceback
        print(f"转换中断（程序内部错误 {type(exc).__name__}）：请把议题链接和这行提示发给维护者",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
