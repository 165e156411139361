"""Import a 推介表 (recommendation table) as case records.

    python -m scripts.import_table FILE.xlsx|FILE.csv [--update] [--dry-run] [--root DIR]

Columns are found by their Chinese headers (see HEADERS and CONTRIBUTING.md);
extra columns are reported and ignored, missing required columns stop the
import. Each row becomes one case record, checked by the validator before it
is written. A bad row is refused with its row number, column and the
validator's message, and nothing is written for it; the good rows are still
written (a table is usually fixed row by row). A row whose id already exists
is skipped unless `--update`, which replaces the fields the table provides
and keeps every other field of the existing record. `--dry-run` writes
nothing and prints what would be written.

Exit status: 0 all rows written (or skipped as existing), 1 some row refused,
2 the file cannot be read or lacks required columns.
"""
from __future__ import annotations

import argparse
import codecs
import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.intake import normalise_date, one_line, parse_sources, split_items, split_lines
from casebook.paths import CONTENT
from casebook.validate import display_path
from casebook.writer import Context, Draft, check, prepare, save


@dataclass(frozen=True)
class Column:
    """A documented column: its header, the record field it fills, whether required."""

    header: str
    field: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("案例名称", "title", True),
    Column("申报单位", "organisations", False),
    Column("所在地区", "region", True),
    Column("重点任务", "tasks", True),
    Column("案例类型", "kind", True),
    Column("年度", "year", True),
    Column("案例简介", "summary", True),
    Column("主要做法", "practices", False),
    Column("成效", "outcomes", False),
    Column("来源", "sources", True),
)
HEADERS = {c.header: c for c in COLUMNS}
BY_FIELD = {c.field: c for c in COLUMNS}


class TableError(Exception):
    """The file cannot be imported at all (unreadable, no header, missing columns)."""


@dataclass
class Table:
    """The rows of a sheet: header row number, cells by header, ignored headers."""

    header_row: int
    columns: dict[str, int]  # documented header -> 0-based column index
    extra: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)


@dataclass
class Outcome:
    """What happened to one row."""

    row: int
    action: str  # new | update | skip | refused
    draft: Draft
    messages: list[str] = field(default_factory=list)


# --- reading ----------------------------------------------------------------

def decode_csv(raw: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")  # a superset of GBK, as Excel on Chinese Windows saves
    except UnicodeDecodeError as exc:
        raise TableError("无法识别 CSV 文件的编码：请另存为“CSV UTF-8（逗号分隔）”") from exc


def read_csv(path: Path) -> list[list[Any]]:
    text = decode_csv(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise TableError(f"无法打开 Excel 文件：{exc}") from exc
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def normalise_header(text: Any) -> str:
    """"重点任务（可多选）*" -> "重点任务": drop notes in brackets, stars, spaces."""
    text = re.sub(r"[（(].*?[)）]", "", str(text or ""))
    return re.sub(r"[\s*＊:：]", "", text)


def _is_empty(cells: list[Any]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def find_header(cells: list[list[Any]], scan: int = 10) -> int:
    """Index of the header row: the first of the top rows naming two documented
    columns (a title row such as "附件2：推介表" may come first), else the
    first non-empty row."""
    non_empty = [i for i, row in enumerate(cells) if not _is_empty(row)]
    if not non_empty:
        raise TableError("表格是空的")
    for i in non_empty[:scan]:
        if sum(normalise_header(c) in HEADERS for c in cells[i]) >= 2:
            return i
    return non_empty[0]


def read_table(path: Path) -> Table:
    """The sheet of `path` (.xlsx or .csv) as a `Table`; raises TableError."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        cells = read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        try:
            cells = read_csv(path)
        except csv.Error as exc:
            raise TableError(f"CSV 格式错误：{exc}") from exc
    elif suffix == ".xls":
        raise TableError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV UTF-8")
    else:
        raise TableError(f"不支持的文件类型 {suffix}：请使用 .xlsx 或 .csv")
    header_index = find_header(cells)
    header = [normalise_header(c) for c in cells[header_index]]
    columns: dict[str, int] = {}
    extra: list[str] = []
    for col, name in enumerate(header):
        if name in HEADERS and name not in columns:
            columns[name] = col
        elif name:
            extra.append(str(cells[header_index][col]).strip())
    missing = [c.header for c in COLUMNS if c.required and c.header not in columns]
    if missing:
        raise TableError(f"缺少必需的列：{'、'.join(missing)}（第 {header_index + 1} 行应为表头，"
                         f"列名见 CONTRIBUTING.md“批量导入推介表”）")
    rows = [(header_index + 2 + i, row) for i, row in enumerate(cells[header_index + 1:])
            if not _is_empty(row)]
    return Table(header_index + 1, columns, extra, rows)


# --- rows -> records --------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as text (numbers without a trailing .0, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return normalise_date(value)
    return str(value).strip()


def row_values(table: Table, cells: list[Any]) -> dict[str, Any]:
    """Record field values of one row (taxonomy texts not yet resolved)."""
    def get(header: str) -> Any:
        col = table.columns.get(header)
        return cells[col] if col is not None and col < len(cells) else None

    text = {h: cell_text(get(h)) for h in table.columns}
    year = get("年度")
    return {
        "title": text.get("案例名称"),
        "organisations": [{"name": n, "role": "申报单位"}
                          for n in split_items(text.get("申报单位", ""))] or None,
        "region": text.get("所在地区"),
        "tasks": split_items(text.get("重点任务", "")),
        "kind": text.get("案例类型"),
        "year": year if isinstance(year, (int, float)) else text.get("年度"),
        "summary": one_line(text.get("案例简介", "")),
        "practices": split_lines(text.get("主要做法", "")) or None,
        "outcomes": split_lines(text.get("成效", "")) or None,
        "sources": parse_sources(text.get("来源", "")) or None,
    }


def column_of(table: Table, field_path: str) -> str:
    """"E 列「所在地区」" for the record field a problem is about."""
    top = re.split(r"[.\[]", field_path or "", maxsplit=1)[0]
    col = BY_FIELD.get(top)
    if col is None or col.header not in table.columns:
        return f"字段 {field_path}"
    return f"{column_letter(table.columns[col.header])} 列「{col.header}」"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def import_rows(table: Table, root: Path, update: bool) -> list[Outcome]:
    """Check every row (all in one validator run); nothing is written here."""
    ctx = Context.load(root)
    outcomes: list[Outcome] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        values = row_values(table, cells)
        has_detail = bool(values.get("practices") or values.get("outcomes"))
        draft = prepare("case", values, status="partial" if has_detail else "stub",
                        mode="update" if update else "import", ctx=ctx, check_now=False)
        out = Outcome(row, "new", draft)
        rid = draft.data["id"]
        if rid in seen:
            out.action = "refused"
            out.messages.append(f"第 {row} 行：未导入，与第 {seen[rid]} 行是同一个案例"
                                f"（编号 {rid}），请删除重复的行，或修改案例名称")
        elif draft.existing and not update and not draft.problems:
            out.action = "skip"
            out.messages.append(f"第 {row} 行：{draft.path.name} 已存在，未覆盖"
                                "（如需用表格内容更新，请加 --update）")
        elif draft.existing:
            out.action = "update"
        seen.setdefault(rid, row)
        outcomes.append(out)
    check([o.draft for o in outcomes if o.action in ("new", "update")], ctx)
    for out in outcomes:
        if out.action in ("new", "update") and out.draft.problems:
            out.action = "refused"
            out.messages.append(f"第 {out.row} 行：未导入，有 {len(out.draft.problems)} 个问题：")
            out.messages += [f"  第 {out.row} 行，{column_of(table, p.field)}：{p.message}"
                             + (f"（建议：{p.suggestion}）" if p.suggestion else "")
                             for p in out.draft.problems]
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把推介表（.xlsx 或 .csv）导入为案例记录")
    parser.add_argument("file", type=Path, help="推介表文件")
    parser.add_argument("--update", action="store_true", help="编号已存在时，用表格内容更新该记录")
    parser.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写任何文件")
    parser.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    args = parser.parse_args(argv)
    try:
        table = read_table(args.file)
    except (OSError, TableError) as exc:
        print(f"{args.file}: {exc.strerror if isinstance(exc, OSError) else exc}", file=sys.stderr)
        return 2
    if table.extra:
        print(f"以下列不在导入范围内，已忽略：{'、'.join(table.extra)}")
    outcomes = import_rows(table, args.root, args.update)
    for out in outcomes:
        for msg in out.messages:  # all on stdout, so that messages stay in row order
            print(msg)
        if out.action in ("new", "update"):
            verb = "将" if args.dry_run else "已"
            what = "新建" if out.action == "new" else "更新"
            print(f"第 {out.row} 行：{verb}{what} {display_path(out.draft.path)}")
            if args.dry_run:
                print(_indent(out.draft.text))
            else:
                save(out.draft)
    counts = {a: sum(o.action == a for o in outcomes) for a in ("new", "update", "skip", "refused")}
    print(f"共 {len(outcomes)} 行：新建 {counts['new']}，更新 {counts['update']}，"
          f"跳过（已存在）{counts['skip']}，拒绝 {counts['refused']}"
          + ("（试运行，没有写入任何文件）" if args.dry_run else ""))
    return 1 if counts["refused"] else 0


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
