"""Create a new record file that passes the validator.

    python -m scripts.new case --title 金色学堂 --region 沪 --task 学习型城市 \\
        --kind 地方特色项目 --year 2023 --summary "……" \\
        --source "城市联动 引领学习型社会建设｜开放教育｜2023-10-14｜“上海样本”"

Asks for whatever is missing when run in a terminal, checking each answer
with the validator as it is typed and asking again (up to MAX_TRIES times);
otherwise (a pipe, CI) a missing required value is an error (exit 2). In a
terminal nothing typed is lost: when an answer is refused for the last time,
the record is refused, or the editor gives up (Ctrl-C), the answers are saved
as a draft under `.drafts/` and `--draft FILE` starts again from them.
Region, task, kind and level may be given as id, Chinese name or alias
(沪 -> shanghai). The id is proposed from the region and the title in
pinyin; an id that is already used (by a record of any type, or as an old
id) is refused. The file gets only what the editor gave, with the status
the rule gives it (`casebook.status`), and the optional fields listed as
comments below.
Exit status: 0 written, 1 refused by the validator, 2 missing or bad input.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.intake import (
    build_record,
    file_problem,
    normalise_date,
    one_line,
    parse_source,
    record_field,
    split_items,
)
from casebook.paths import CONTENT, RECORD_DIRS, ROOT
from casebook.record_io import dump_yaml, write_text
from casebook.schema import ID_PATTERN
from casebook.taxonomy import Taxonomy
from casebook.validate import display_path, validate_record_data
from casebook.writer import Context, new_id, prepare, save

MAX_TRIES = 3  # refusals of one answer before the answers are saved as a draft
DRAFTS = ROOT / ".drafts"  # git-ignored
RUN = ".venv/bin/python -m scripts.new"  # the command an editor copies from a hint


@dataclass(frozen=True)
class Ask:
    """One required value: its option, prompt, and the vocabulary it names."""

    dest: str
    flag: str
    prompt: str
    vocab: str | None = None
    many: bool = False


COMMON = (
    Ask("title", "--title", "标题（中文全称）"),
    Ask("region", "--region", "所属地区（编号、名称或简称，如 shanghai、上海市、沪）", "regions"),
    Ask("tasks", "--task", "重点任务（可写多个，用、分隔）", "tasks", many=True),
)
BY_TYPE: dict[str, tuple[Ask, ...]] = {
    "case": (Ask("kind", "--kind", "案例类型", "case_kinds"),),
    "course": (),
    "policy": (Ask("issuer", "--issuer", "发文机关"),
               Ask("level", "--level", "文件层级（国家/省/市）", "levels"),
               Ask("coverage", "--coverage", "收录程度：summary 概述全文，metadata 只有元数据")),
}
TAIL = (
    Ask("year", "--year", "年度（四位数字）"),
    Ask("summary", "--summary", "摘要（纯文本，10～200 字，用自己的话）"),
    Ask("source_title", "--source-title", "来源标题"),
    Ask("source_issuer", "--source-issuer", "来源发布机构"),
    Ask("source_date", "--source-date", "来源日期（YYYY-MM-DD，可只写到年或月）"),
    Ask("source_section", "--source-section", "来源章节"),
)


def asks(rtype: str) -> tuple[Ask, ...]:
    return COMMON + BY_TYPE[rtype] + TAIL


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scripts.new",
        description="新建一条记录（案例 case、课程 course、政策文件 policy），"
                    "写出能通过校验的文件。缺少的必填项在终端中会逐项询问。")
    p.add_argument("type", choices=sorted(RECORD_DIRS), help="记录类型")
    p.add_argument("--title", help="标题（中文全称）")
    p.add_argument("--region", help="地区：编号、名称或简称，如 shanghai、上海市、沪")
    p.add_argument("--task", action="append", dest="tasks", metavar="TASK",
                   help="重点任务：编号、名称或简称；可重复，或用、分隔")
    p.add_argument("--kind", help="案例类型（仅案例）")
    p.add_argument("--level", help="层级：国家/省/市/县/乡镇/村（政策文件必填，案例选填）")
    p.add_argument("--issuer", help="发文机关（仅政策文件）")
    p.add_argument("--doc-no", help="文号（仅政策文件，选填）")
    p.add_argument("--coverage", choices=["summary", "metadata"], help="收录程度（仅政策文件）")
    p.add_argument("--year", help="年度（四位数字）")
    p.add_argument("--summary", help="摘要：纯文本，10～200 字")
    p.add_argument("--source", help="来源，一次写全：标题｜发布机构｜日期｜章节[｜文号][｜网址]")
    p.add_argument("--source-title", help="来源标题")
    p.add_argument("--source-issuer", help="来源发布机构")
    p.add_argument("--source-date", help="来源日期")
    p.add_argument("--source-section", help="来源章节")
    p.add_argument("--source-url", help="来源网址（选填）")
    p.add_argument("--id", help="记录编号（默认根据地区和标题拟定）")
    p.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    p.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
    p.add_argument("--draft", type=Path, help="从上次保存的草稿继续（.drafts/ 下的文件）")
    return p


def collect(args: argparse.Namespace) -> dict[str, Any]:
    """The flags as a dict of the values `asks()` names (None when missing)."""
    got: dict[str, Any] = {a.dest: getattr(args, a.dest, None) for a in asks(args.type)}
    if args.source:
        for key, value in parse_source(args.source).items():
            if not got.get(f"source_{key}"):
                got[f"source_{key}"] = value
    if got.get("tasks"):
        got["tasks"] = [t for item in got["tasks"] for t in split_items(item)]
    return got


class GaveUp(Exception):
    """An answer was refused MAX_TRIES times."""

    def __init__(self, ask: Ask, answer: Any, messages: list[str]) -> None:
        super().__init__(ask.dest)
        self.ask, self.answer, self.messages = ask, answer, messages


def answer_problems(rtype: str, dest: str, value: Any, ctx: Context) -> list[str]:
    """The validator's messages about one answer, as if it were in the record
    (problems of fields not answered yet are left out)."""
    if dest.startswith("source_"):
        key = dest[len("source_"):]
        values: dict[str, Any] = {"sources": [{key: normalise_date(value) if key == "date"
                                               else value}]}
    else:
        values = {dest: one_line(str(value)) if dest == "summary" else value}
    data = build_record(rtype, values, ctx.taxonomy, ctx.today)
    field = record_field(dest)
    return [p.message + (f"（建议：{p.suggestion}）" if p.suggestion else "")
            for p in validate_record_data(rtype, data, taxonomy=ctx.taxonomy, index=ctx.index)
            if p.field == field or p.field.startswith(f"{field}[")]


def prompt_missing(got: dict[str, Any], rtype: str, ctx: Context,
                   ask: Callable[[str], str] = input) -> None:
    """Ask for each missing value and check every value (given or typed) as it
    comes; a refused one is asked again. Raises GaveUp after MAX_TRIES."""
    for a in asks(rtype):
        value, tries = got.get(a.dest), 0
        while True:
            if value:
                messages = answer_problems(rtype, a.dest, value, ctx)
                if not messages:
                    got[a.dest] = value
                    break
                for message in messages:
                    print(f"  {message}")
                tries += 1
                if tries >= MAX_TRIES:
                    got.pop(a.dest, None)
                    raise GaveUp(a, value, messages)
            if a.vocab and tries == 0:
                print(choices(ctx.taxonomy, a.vocab))
            answer = ask(f"{a.prompt}：").strip()
            value = (split_items(answer) if a.many else answer) or None


def save_draft(rtype: str, got: dict[str, Any], rejected: dict[str, Any],
               messages: list[str]) -> Path:
    """Write what was typed (and what was refused, and why) to a draft file in DRAFTS."""
    path = DRAFTS / f"{rtype}-{dt.datetime.now():%Y%m%d-%H%M%S}.yml"
    rel = display_path(path)
    header = (f"# scripts.new 的草稿（不是记录文件）。改好下面的内容后继续：\n"
              f"#   {RUN} {rtype} --draft {rel}\n"
              + "".join(f"# 未通过：{m}\n" for m in messages))
    data = {"type": rtype, "answers": {k: v for k, v in got.items() if v},
            "rejected": rejected}
    write_text(path, header + dump_yaml(data))
    return path


def resume_hint(rtype: str, path: Path) -> str:
    """"<draft>；改好后运行 <command> 继续。" for a saved draft."""
    return f"{display_path(path)}；改好后运行 {RUN} {rtype} --draft {display_path(path)} 继续。"


def load_draft(path: Path, rtype: str) -> dict[str, Any]:
    """Answers saved by `save_draft` (refused ones included, to be checked again)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("type") != rtype:
        raise ValueError(f"{path} 是 {data.get('type')} 的草稿，不是 {rtype} 的")
    return {**(data.get("answers") or {}), **(data.get("rejected") or {})}


def choices(taxonomy: Taxonomy, vocab: str, limit: int = 60) -> str:
    """The terms of a vocabulary, for a prompt."""
    terms = taxonomy.terms(vocab)
    shown = "；".join(f"{t.id} {t.name}" for t in terms[:limit])
    return f"  可选：{shown}" + ("……" if len(terms) > limit else "")


def ask_id(ctx: Context, data: dict[str, Any], ask: Callable[[str], str] = input) -> str:
    """Propose an id in the terminal; warn when a record already uses the plain one."""
    proposal = new_id(ctx, data, unique=False)
    owner = ctx.owner(proposal)
    if owner:
        print(f"注意：编号 {proposal} 已被 {display_path(owner)} 使用，"
              "这条记录可能已经收录。")
        proposal = new_id(ctx, data, unique=True)
    rid = proposal
    for _ in range(MAX_TRIES):
        rid = ask(f"记录编号 [{proposal}]（回车接受，或输入其他编号）：").strip() or proposal
        problem = id_problem(ctx, rid, proposal)
        if problem is None:
            break
        print(f"  {problem}")
    return rid  # still refused after MAX_TRIES: the record check reports it, with a draft


def id_problem(ctx: Context, rid: str, proposal: str) -> str | None:
    """Why a typed id cannot be used (its form, or a record that has it), else None."""
    if not re.fullmatch(ID_PATTERN, rid):
        return (f"编号只能用小写英文字母、数字和连字符（拼音或英文），例如 {proposal}；"
                "直接回车就用这个")
    owner = ctx.owner(rid)
    if owner:
        return f"编号 {rid} 已被 {display_path(owner)} 使用，请换一个，或直接回车用 {proposal}"
    return None


def values_of(got: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Record field values from the collected answers."""
    source = {"title": got.get("source_title"), "issuer": got.get("source_issuer"),
              "date": normalise_date(got["source_date"]) if got.get("source_date") else None,
              "section": got.get("source_section"), "doc_no": got.get("source_doc_no"),
              "url": args.source_url or got.get("source_url")}
    values = {k: v for k, v in got.items() if not k.startswith("source_")}
    values["summary"] = one_line(str(values.get("summary") or "")) or None
    values["sources"] = [source]
    if args.level and "level" not in values:
        values["level"] = args.level
    if args.type == "policy" and args.doc_no:
        values["doc_no"] = args.doc_no
    return values


def interactive_answers(args: argparse.Namespace, ctx: Context, got: dict[str, Any]) -> int:
    """Ask and check in the terminal; 0 when every answer passed, else the
    exit status after saving a draft."""
    try:
        prompt_missing(got, args.type, ctx, ask=input)
    except GaveUp as exc:
        path = save_draft(args.type, got, {exc.ask.dest: exc.answer}, exc.messages)
        print(f"“{exc.ask.prompt}”连续 {MAX_TRIES} 次没有通过检查。已填写的内容保存在 "
              f"{resume_hint(args.type, path)}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        if not any(got.values()):
            print("\n已取消，没有写入任何文件。", file=sys.stderr)
            return 2
        path = save_draft(args.type, got, {}, [])
        print(f"\n已取消。已填写的内容保存在 {resume_hint(args.type, path)}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    ctx = Context.load(args.root)
    got = collect(args)
    if args.draft:
        try:
            got = {**load_draft(args.draft, args.type), **{k: v for k, v in got.items() if v}}
        except OSError as exc:
            print(f"无法读取草稿 {args.draft}：{file_problem(exc)}", file=sys.stderr)
            return 2
        except (ValueError, yaml.YAMLError) as exc:
            print(f"无法读取草稿 {args.draft}：{exc}", file=sys.stderr)
            return 2
    interactive = sys.stdin.isatty()
    if interactive and (status := interactive_answers(args, ctx, got)):
        return status
    missing = [a for a in asks(args.type) if not got.get(a.dest)]
    if missing:
        names = "、".join(f"{a.flag}（{a.prompt}）" for a in missing)
        print(f"缺少必填项：{names}", file=sys.stderr)
        print("请用这些参数补上，或在终端中直接运行以逐项填写。来源也可用 --source "
              "\"标题｜发布机构｜日期｜章节\" 一次写全。", file=sys.stderr)
        return 2
    values = values_of(got, args)
    rid = args.id
    if interactive and not rid:
        rid = ask_id(ctx, build_record(args.type, values, ctx.taxonomy, ctx.today), ask=input)
    draft = prepare(args.type, values, rid=rid, ctx=ctx, hints=True)
    if draft.problems:
        what = "记录文件" if interactive else "任何文件"
        print(f"不能新建 {draft.path.name}（{len(draft.problems)} 个问题），没有写入{what}：",
              file=sys.stderr)
        for p in draft.problems:
            print(f"  {p.format()}", file=sys.stderr)
        if interactive:
            saved = save_draft(args.type, got, {}, [p.message for p in draft.problems])
            print(f"已填写的内容保存在 {resume_hint(args.type, saved)}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"将写入 {draft.path}：\n{draft.text}")
        return 0
    save(draft)
    print(f"已新建 {draft.path}（status: {draft.data['status']}）。\n下一步：按来源补充选填字段，"
          f"运行 make validate 检查，make preview ONLY={display_path(draft.path)} 预览。")
    if args.draft and args.draft.resolve().parent == DRAFTS.resolve():
        args.draft.unlink(missing_ok=True)  # used up: it would only be mistaken for work to do
        print(f"草稿 {display_path(args.draft)} 已用完，已删除。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
