"""Check new or changed records with the validator before writing them.

`prepare()` turns editor input into a `Draft` (record dict, target path and
the exact YAML text that would be written); `check()` runs the validator
(`casebook.validate.validate_record_data`) on that text, parsed back the way
the validator reads files, against the taxonomy and the index of every record
of the content tree; `save()` writes a draft that has no problems. Nothing
here decides what a valid record is: the validator does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from casebook.idgen import propose_id
from casebook.intake import build_record, clean, region_names, region_prefix
from casebook.paths import CONTENT
from casebook.record_io import dump_record, optional_fields_comment, record_path, write_text
from casebook.status import rule_status
from casebook.taxonomy import Taxonomy
from casebook.validate import (
    FILE_FIELD,
    Index,
    Problem,
    display_path,
    field_name,
    validate_record_data,
)
from casebook.yaml_source import MAX_BYTES, load_file, parse, quote


@dataclass
class Draft:
    """A record ready to be written to `path` once `problems` is empty."""

    rtype: str
    data: dict[str, Any]
    path: Path
    text: str = ""
    existing: bool = False  # `path` exists and would be replaced
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Context:
    """What checking drafts against a content tree needs, read once per run."""

    root: Path
    taxonomy: Taxonomy
    index: Index  # ids, old ids and titles of every record under `root`
    today: dt.date

    @classmethod
    def load(cls, root: Path = CONTENT, today: dt.date | None = None) -> Context:
        return cls(Path(root), Taxonomy.load(root), Index.build(root), today or dt.date.today())

    def owner(self, rid: str) -> Path | None:
        """The file that uses `rid` as its id or as an old id, if any."""
        entries = self.index.ids.get(rid) or self.index.aliases.get(rid)
        return entries[0].path if entries else None

    def taken(self) -> set[str]:
        return set(self.index.ids) | set(self.index.aliases)


def new_id(ctx: Context, data: dict[str, Any], unique: bool) -> str:
    """An id for `data` from its title and region; unused ids only if `unique`."""
    region = data.get("region") if isinstance(data.get("region"), str) else ""
    return propose_id(str(data.get("title") or ""), region_prefix(ctx.taxonomy, region),
                      region_names(ctx.taxonomy, region), ctx.taken() if unique else ())


def prepare(rtype: str, values: dict[str, Any], root: Path = CONTENT, rid: str | None = None,
            status: str = "stub", mode: str = "new", ctx: Context | None = None,
            check_now: bool = True, hints: bool = False) -> Draft:
    """A checked draft of a `rtype` record from editor `values`.

    `rid` None proposes an id from region and title (never with a `-2`
    suffix, so that the same title finds the same record). `mode` says what
    an id already in use means: "new" refuses it (a new record never
    overwrites one); "import" marks a file of the same type as `existing`
    (the caller skips it); "update" lays the given values over that file's
    fields and keeps all its other fields; `status` too, unless the merged
    record breaks the status rule (`casebook.status.rule_status`). An id used by a
    record of another type, or as an old id, is always refused. `hints`
    appends the missing optional fields as comments.
    """
    ctx = ctx or Context.load(root)
    data = build_record(rtype, values, ctx.taxonomy, ctx.today, status)
    data["id"] = rid or new_id(ctx, data, unique=False)
    path = record_path(rtype, data["id"], ctx.root)
    draft = Draft(rtype, data, path)
    owner = ctx.owner(data["id"])
    if owner is not None and (mode == "new" or owner != path.resolve()):
        draft.problems.append(_problem(
            path, "id", f"编号 {quote(data['id'])} 已被 {_describe(ctx, data['id'])} 使用",
            "这条记录可能已经收录；如确是另一条记录，请用 --id 指定一个新的编号"
            f"（例如 {new_id(ctx, data, unique=True)}）。"))
    elif path.exists():
        draft.existing = True
        if mode == "update":
            old = load_existing(path)
            if old is None:
                draft.problems.append(_problem(path, "id", f"已有的 {path.name} 无法读取，不能更新",
                                               "请先运行 make validate 修好它。"))
            else:
                given = {k for k, v in values.items() if clean(v) is not None}
                draft.data = {**old, **{k: v for k, v in data.items()
                                        if k in given or k in ("id", "updated")}}
                # the old status stays unless the merged facts break the rule
                draft.data["status"] = rule_status(rtype, draft.data)
    trailer = optional_fields_comment(rtype, draft.data) if hints else ""
    draft.text = dump_record(rtype, draft.data, trailer)
    draft.problems = [_located(p, draft.text) for p in draft.problems]
    if check_now:
        check([draft], ctx)
    return draft


def _describe(ctx: Context, rid: str) -> str:
    """"content/cases/x.yml（《标题》）" for the record that uses `rid`."""
    entries = ctx.index.ids.get(rid) or ctx.index.aliases.get(rid) or []
    if not entries:
        return "另一条记录"
    e = entries[0]
    what = "旧编号" if rid not in ctx.index.ids else ""
    return f"{display_path(e.path)}" + (f"《{e.title}》" if e.title else "") + \
        (f"（作为{what}）" if what else "")


def load_existing(path: Path) -> dict[str, Any] | None:
    """The data of an existing record file, or None if it cannot be read."""
    doc, _ = load_file(path)
    if doc is None or not isinstance(doc.data, dict):
        return None
    return doc.data


def check(drafts: list[Draft], ctx: Context) -> None:
    """Validate the text of each draft that has no problems yet; fills `problems`."""
    for d in drafts:
        if d.problems:
            continue
        size = len(d.text.encode("utf-8"))
        if size > MAX_BYTES:  # the validator refuses such a file before reading it
            d.problems = [_problem(d.path, FILE_FIELD, f"记录太大（{size / 1024 / 1024:.1f} MB），"
                                   f"内容文件不能超过 {MAX_BYTES // 1024 // 1024} MB",
                                   "请只写来源中的要点，长文改为链接到来源。")]
            continue
        doc, issues = parse(d.text)
        d.problems = [_problem(d.path, field_name(i.loc), i.message, i.suggestion, i.line, i.col)
                      for i in issues]
        if doc is not None:
            d.problems += validate_record_data(d.rtype, doc.data, d.path, taxonomy=ctx.taxonomy,
                                               index=ctx.index, doc=doc)


def _located(problem: Problem, text: str) -> Problem:
    """`problem` with the line of its top-level field in `text`, if it has none."""
    if problem.line:
        return problem
    key = problem.field.split(".")[0].split("[")[0]
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return replace(problem, line=n, col=1)
    return problem


def _problem(path: Path, fld: str, message: str, suggestion: str | None = None,
             line: int = 0, col: int = 0) -> Problem:
    return Problem(display_path(path), line, col, fld, message, suggestion)


def save(draft: Draft) -> Path:
    """Write a draft that has no problems; returns its path."""
    if draft.problems:
        raise ValueError(f"refusing to write {draft.path}: it has problems")
    write_text(draft.path, draft.text)
    return draft.path
