"""Import a 推介表 (recommendation table) as case records.

    python -m scripts.import_table FILE.xlsx|FILE.csv [--source "标题｜发布机构｜日期"]
                                   [--update] [--dry-run] [--root DIR]

Columns are found by their Chinese headers, loosely (see COLUMNS, ALIASES and
CONTRIBUTING.md); 序号 and contact columns are ignored quietly, other extra
columns are reported and ignored, missing required columns stop the import.
`--source` (or a title row "来源：标题｜发布机构｜日期" above the header)
names the document the whole table comes from: each row then cites it with
`section: 第 N 行`. Each row becomes one case record, checked
by the validator before anything is written. A bad row is refused with its
row number, column and how to fix the cell, and nothing is written for it;
the good rows are still written (a table is usually fixed row by row), but
only after every row has been checked. A row whose id already exists is
skipped unless `--update`, which replaces the fields the table provides and
keeps every other field of the existing record. `--dry-run` writes nothing.

Sheets are read in streaming mode whatever size they declare, up to
MAX_ROWS rows and MAX_COLUMNS columns; a cell holds at most MAX_CELL_CHARS
characters (Excel's own limit).

Exit status: 0 all rows written (or skipped as existing), 1 some row refused,
2 the file cannot be read, is too big or lacks required columns, 3 an
unexpected error (reported in one line, never a traceback).
"""
from __future__ import annotations

import argparse
import codecs
import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from casebook.intake import (
    file_problem,
    form_tip,
    normalise_date,
    normalise_year,
    one_line,
    parse_source,
    parse_sources,
    split_items,
    split_lines,
    split_organisations,
    taxonomy_fields,
    term_examples,
)
from casebook.paths import CONTENT
from casebook.taxonomy import Taxonomy
from casebook.textcheck import bad_char_message
from casebook.validate import Problem, display_path
from casebook.writer import Context, Draft, check, prepare, save

MAX_ROWS = 5000  # spreadsheet rows read; a province's table has dozens
MAX_COLUMNS = 50  # columns read (A to AX)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_FILE_BYTES = 20 * 1024 * 1024  # a CSV, or the unpacked sheets of an xlsx
SOURCE_FORMAT = "标题｜发布机构｜日期｜章节"
SOURCE_EXAMPLE = "某省教育厅关于推介终身学习品牌项目的通知｜某省教育厅｜2024-06｜附件2"


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
    Column("来源", "sources", False),  # required unless --source names the table's source
)
HEADERS = {c.header: c for c in COLUMNS}
BY_FIELD = {c.field: c for c in COLUMNS}
# Other headers provinces use for the same columns (after normalise_header).
ALIASES = {
    "项目名称": "案例名称", "名称": "案例名称", "案例标题": "案例名称",
    "申报单位名称": "申报单位", "单位名称": "申报单位", "实施单位": "申报单位",
    "地区": "所在地区", "所属地区": "所在地区", "所在地": "所在地区",
    "重点任务类别": "重点任务", "任务类别": "重点任务",
    "类型": "案例类型", "案例类别": "案例类型",
    "年份": "年度", "申报年度": "年度",
    "简介": "案例简介", "案例概述": "案例简介", "基本情况": "案例简介",
    "做法": "主要做法", "主要举措": "主要做法", "特色做法": "主要做法",
    "主要成效": "成效", "取得成效": "成效", "工作成效": "成效",
    "资料来源": "来源", "信息来源": "来源",
}
# Columns a 推介表 often has that never go into a record: ignored without a word.
QUIET = {"序号", "编号", "联系人", "联系电话", "联系方式", "电话", "手机"}


class TableError(Exception):
    """The file cannot be imported at all (unreadable, too big, no header, missing columns)."""


class Formula(str):
    """The text of a formula cell (`=…`): its value is not in the file to check."""


@dataclass
class Table:
    """The rows of a sheet: header row number, cells by header, ignored headers."""

    header_row: int
    columns: dict[str, int]  # documented header -> 0-based column index
    extra: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    source: dict[str, Any] | None = None  # from a "来源：…" title row above the header


@dataclass
class Outcome:
    """What happened to one row."""

    row: int
    action: str  # new | update | skip | refused
    draft: Draft | None
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


def _too_big(size: int) -> TableError:
    return TableError(f"文件太大（展开后 {size / 1024 / 1024:.1f} MB），一次最多导入 "
                      f"{MAX_FILE_BYTES // 1024 // 1024} MB：请把表格拆成几个文件分别导入")


def read_csv(path: Path) -> Iterable[list[Any]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_big(size)
    text = decode_csv(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    limit = csv.field_size_limit(MAX_FILE_BYTES)  # long cells are reported per cell
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise TableError(f"CSV 格式错误（{exc}）：请在 Excel 中另存为"
                         "“CSV UTF-8（逗号分隔）”") from exc
    finally:
        csv.field_size_limit(limit)


def read_xlsx(path: Path) -> Iterable[list[Any]]:
    """Rows of the first sheet, streamed; the sheet's declared size is ignored."""
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # a Python without the project's packages
        raise TableError("读取 .xlsx 需要本项目安装的依赖：请用 .venv/bin/python -m "
                         "scripts.import_table 运行（第一次先运行 make venv），"
                         "或把表格另存为“CSV UTF-8（逗号分隔）”再导入") from exc

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError("无法打开 Excel 文件：文件已损坏，或不是 .xlsx 格式"
                         "（请在 Excel 中另存为 .xlsx）") from exc
    if unpacked > MAX_FILE_BYTES:
        raise _too_big(unpacked)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise TableError("无法打开 Excel 文件：文件已损坏，或不是 .xlsx 格式"
                         f"（{type(exc).__name__}；请在 Excel 中另存为 .xlsx）") from exc
    try:
        sheet = book.worksheets[0]
        with zipfile.ZipFile(path) as archive, archive.open(sheet._worksheet_path) as xml:
            below = merged_down(xml)
        sheet.reset_dimensions()  # a sheet may claim A1:XFD1048576; read only what is there
        tops = set(below.values())
        values: dict[tuple[int, int], Any] = {}  # of the top cells of merged ranges
        for number, row in enumerate(sheet.iter_rows(), 1):
            cells = [Formula(c.value) if c.data_type == "f" else c.value for c in row]
            for col in range(min(len(cells), MAX_COLUMNS)):
                if (number, col) in tops:
                    values[(number, col)] = cells[col]
                elif (number, col) in below:
                    cells[col] = values.get(below[(number, col)])
            for col in range(len(cells), MAX_COLUMNS):  # a merged cell past the row's end
                if (number, col) in below:
                    cells += [None] * (col - len(cells)) + [values.get(below[(number, col)])]
            yield cells
    finally:
        book.close()


_MERGE_REF = re.compile(r"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)")


def merged_down(xml: IO[bytes]) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells (row, column index) below the top of a vertically merged range,
    each mapped to the range's top-left cell, within the row and column
    limits. Only the range's first column is filled: a merge across columns
    (a title over the table) is not copied sideways."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for _, elem in ElementTree.iterparse(xml):
        if elem.tag.endswith("}mergeCell") and (m := _MERGE_REF.fullmatch(elem.get("ref", ""))):
            col, top, bottom = column_index(m.group(1)), int(m.group(2)), int(m.group(4))
            if col < MAX_COLUMNS:
                for r in range(top + 1, min(bottom, MAX_ROWS) + 1):
                    if (r, col) in out:  # overlapping ranges: keep the first, stay linear
                        break
                    out[(r, col)] = (top, col)
        elem.clear()
    return out


def limited(rows: Iterable[list[Any]]) -> list[tuple[int, list[Any]]]:
    """Non-empty rows with their row numbers, up to MAX_ROWS rows and MAX_COLUMNS
    columns; content beyond either limit stops the import naming the cell."""
    out: list[tuple[int, list[Any]]] = []
    for number, row in enumerate(rows, 1):
        if len(row) > MAX_COLUMNS:
            far = next((i for i in range(MAX_COLUMNS, len(row)) if not _is_empty([row[i]])), None)
            if far is not None:
                raise TableError(
                    f"第 {number} 行 {column_letter(far)} 列有内容，超出了可导入的范围："
                    f"最多读取 {MAX_COLUMNS} 列（A～{column_letter(MAX_COLUMNS - 1)} 列）。"
                    "请删除多余的列或该单元格后再导入")
            row = row[:MAX_COLUMNS]
        if _is_empty(row):
            continue
        if number > MAX_ROWS:
            raise TableError(f"第 {number} 行有内容，超出了可导入的范围：一次最多读取 "
                             f"{MAX_ROWS} 行。请把表格拆成几个文件分别导入，"
                             "或删除表格末尾多余的内容")
        out.append((number, row))
    return out


def normalise_header(text: Any) -> str:
    """"重点任务（可多选）*" -> "重点任务": drop notes in （）, () or 【】, stars, spaces;
    then map a known other name (ALIASES) to the documented header."""
    text = re.sub(r"[（(【\[][^（()）【】\[\]]*[)）】\]]", "", str(text or "")[:60])
    text = re.sub(r"[\s*＊:：]", "", text)
    return ALIASES.get(text, text)


def _is_empty(cells: list[Any]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def find_header(rows: list[tuple[int, list[Any]]], scan: int = 10) -> int:
    """Position in `rows` of the header row: the first of the top rows naming
    two documented columns (a title row such as "附件2：推介表" may come
    first), else the first row."""
    if not rows:
        raise TableError("表格是空的")
    for i, (_, cells) in enumerate(rows[:scan]):
        if sum(normalise_header(c) in HEADERS for c in cells) >= 2:
            return i
    return 0


def read_table(path: Path, table_source: bool = False) -> Table:
    """The sheet of `path` (.xlsx or .csv) as a `Table`; raises TableError.

    `table_source` says a --source was given, so a 来源 column is optional;
    so does a title row above the header that reads "来源：标题｜发布机构｜日期"."""
    if not path.is_file():
        raise TableError(file_problem(IsADirectoryError() if path.is_dir()
                                      else FileNotFoundError()))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = limited(read_xlsx(path))
    elif suffix in (".csv", ".txt"):
        rows = limited(read_csv(path))
    elif suffix == ".xls":
        raise TableError("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV UTF-8")
    else:
        raise TableError(f"不支持的文件类型 {suffix}：请使用 .xlsx 或 .csv")
    at = find_header(rows)
    header_row, header_cells = rows[at]
    columns: dict[str, int] = {}
    extra: list[str] = []
    for col, cell in enumerate(header_cells):
        name = normalise_header(cell)
        if name in HEADERS and name not in columns:
            columns[name] = col
        elif name and name not in QUIET:
            extra.append(str(cell).strip()[:60])
    missing = [c.header for c in COLUMNS if c.required and c.header not in columns]
    source = title_source(rows[:at])
    if "来源" not in columns and not table_source and source is None:
        missing.append(f"来源（写成 {SOURCE_FORMAT}；或不加这一列，用 --source "
                       f"\"{SOURCE_EXAMPLE}\" 写明整张表的来源）")
    if missing:
        raise TableError(f"缺少必需的列：{'、'.join(missing)}（第 {header_row} 行应为表头，"
                         f"列名见 CONTRIBUTING.md“批量导入推介表”）")
    return Table(header_row, columns, extra, rows[at + 1:], source)


def title_source(rows: list[tuple[int, list[Any]]]) -> dict[str, Any] | None:
    """The table-wide source a title row states ("来源：标题｜发布机构｜日期"), if any."""
    for number, cells in rows:
        for cell in cells:
            text = str(cell or "").strip()
            if text[:3] in ("来源：", "来源:"):
                return source_option(text[3:], f"第 {number} 行的“来源：”")
    return None


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


def _get(table: Table, cells: list[Any], header: str) -> Any:
    col = table.columns.get(header)
    return cells[col] if col is not None and col < len(cells) else None


def cell_problems(table: Table, cells: list[Any]) -> list[tuple[str, str]]:
    """(column, message) for cells that cannot be read as text at all: formulas,
    over-long cells, invisible control characters. Checked before anything else."""
    out: list[tuple[str, str]] = []
    for header in table.columns:
        value = _get(table, cells, header)
        where = column_label(table, header)
        if isinstance(value, Formula):
            out.append((where, f"是公式（{value[:30]}），导入需要文字：请复制该列后"
                               "“选择性粘贴 → 数值”，再保存导入"))
        elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            out.append((where, f"有 {len(value):,} 个字符，一个单元格最多 {MAX_CELL_CHARS:,} 个"
                               "（Excel 的上限）：请检查是否误粘贴了其他内容"))
        elif isinstance(value, str) and (msg := bad_char_message(value)):
            out.append((where, msg))
    return out


def table_sources(table: Table, cells: list[Any], row: int,
                  default: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """The sources a row cites.

    A 来源 cell in the four-part format is taken as written; a line naming only
    a document is that document, issued by the row's 申报单位 in its 年度,
    section "第 N 行". An empty cell (or no 来源 column) cites `default`
    (from --source) at "第 N 行", or its own section followed by the row.
    """
    text = cell_text(_get(table, cells, "来源"))
    if not text:
        if default is None:
            return None
        section = f"{default['section']} 第 {row} 行" if default.get("section") else f"第 {row} 行"
        return [{**default, "section": section}]
    orgs = split_organisations(cell_text(_get(table, cells, "申报单位")))
    issuer = "、".join(o["name"] for o in orgs)
    year = normalise_year(cell_text(_get(table, cells, "年度")))
    out = []
    for line, source in zip([ln for ln in text.splitlines() if ln.strip()], parse_sources(text),
                            strict=True):
        if set(source) == {"title"} and "｜" not in line and "|" not in line:
            source = {"title": source["title"], "issuer": issuer or None,  # a bad 年度 is
                      "date": str(year) if isinstance(year, int) else None,  # its own problem
                      "section": f"第 {row} 行"}
        out.append(source)
    return out


def row_values(table: Table, cells: list[Any], row: int = 0,
               default_source: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record field values of one row (taxonomy texts not yet resolved)."""
    text = {h: cell_text(_get(table, cells, h)) for h in table.columns}
    year = _get(table, cells, "年度")
    return {
        "title": text.get("案例名称"),
        "organisations": split_organisations(text.get("申报单位", "")) or None,
        "region": text.get("所在地区"),
        "tasks": split_items(text.get("重点任务", "")),
        "kind": text.get("案例类型"),
        "year": year if isinstance(year, (int, float)) else text.get("年度"),
        "summary": one_line(text.get("案例简介", "")),
        "practices": split_lines(text.get("主要做法", "")) or None,
        "outcomes": split_lines(text.get("成效", "")) or None,
        "sources": table_sources(table, cells, row, default_source),
    }


def column_label(table: Table, header: str) -> str:
    """"E 列「所在地区」"."""
    return f"{column_letter(table.columns[header])} 列「{header}」"


def column_of(table: Table, field_path: str) -> str | None:
    """The column label of the record field a problem is about, or None."""
    top = re.split(r"[.\[]", field_path or "", maxsplit=1)[0]
    col = BY_FIELD.get(top)
    return column_label(table, col.header) if col and col.header in table.columns else None


SOURCE_PART_NAMES = {"title": "标题", "issuer": "发布机构", "date": "日期", "section": "章节"}


def _column_index(table: Table, field_path: str) -> int:
    """Where a field's column is in the sheet (for sorting messages left to right)."""
    col = BY_FIELD.get(re.split(r"[.\[]", field_path or "", maxsplit=1)[0])
    return table.columns.get(col.header, MAX_COLUMNS) if col else MAX_COLUMNS


def unknown_term_tip(field: str, taxonomy: Taxonomy) -> str | None:
    """For a taxonomy column the validator had no close guess for: names that work."""
    vocab = taxonomy_fields("case").get(re.split(r"[.\[]", field, maxsplit=1)[0])
    if vocab is None:
        return None
    return (f"请写名称、简称或编号，例如 {term_examples(taxonomy, vocab[0])}；"
            "确实不在其中的，请告诉维护者补充")


def row_fixes(table: Table, problems: list[Problem], source_cell: str,
              taxonomy: Taxonomy) -> list[str]:
    """How to fix each cell (or the --source) the validator's problems are about,
    left to right, one message per cell for a source's missing parts.

    Missing fields become "fill in this cell" or "write the source as …",
    never the validator's "add a line" advice meant for YAML files."""
    fixes: list[tuple[int, str]] = []
    missing_parts: list[str] = []
    for problem in problems:
        where = column_of(table, problem.field) or f"字段 {problem.field}"
        missing = problem.message.startswith("缺少必填字段")
        if missing and problem.field.startswith("sources"):
            missing_parts.append(SOURCE_PART_NAMES.get(problem.field.rsplit(".", 1)[-1], "来源"))
        elif missing:
            fixes.append((_column_index(table, problem.field), f"{where} 是空的：请填写这一格"))
        else:
            tip = form_tip(problem.suggestion) or unknown_term_tip(problem.field, taxonomy)
            fixes.append((_column_index(table, problem.field), f"{where}：{problem.message}"
                          + (f"（建议：{tip}）" if tip else "")))
    title_only = bool(source_cell) and "｜" not in source_cell and "|" not in source_cell
    if title_only and any(p.field == "year" for p in problems):
        missing_parts = [p for p in missing_parts if p != "日期"]  # reported at 年度 already
    if missing_parts:
        parts = "、".join(f"“{p}”" for p in dict.fromkeys(missing_parts))
        column = column_of(table, "sources")
        where = column or "--source"
        if column and not source_cell:
            text = (f"{column} 是空的：请写上来源（{SOURCE_FORMAT}，或只写文件名），"
                    f"或导入时用 --source \"标题｜发布机构｜日期\" 写明整张表的来源")
        elif title_only:
            text = (f"{where} 只写了文件名，缺少{parts}：发布机构取「申报单位」、日期取「年度」，"
                    f"请填好这两格，或把来源写全：{SOURCE_FORMAT}")
        else:
            text = f"{where} 缺少{parts}：应写成 {SOURCE_FORMAT}，例如 {SOURCE_EXAMPLE}"
        fixes.append((_column_index(table, "sources"), text))
    return [text for _, text in sorted(fixes, key=lambda f: f[0])]


def import_rows(table: Table, root: Path, update: bool,
                default_source: dict[str, Any] | None = None) -> list[Outcome]:
    """Check every row (all in one validator run); nothing is written here."""
    ctx = Context.load(root)
    outcomes: list[Outcome] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        bad_cells = cell_problems(table, cells)
        if bad_cells:
            outcomes.append(Outcome(row, "refused", None, [
                f"第 {row} 行：未导入，有 {len(bad_cells)} 个问题：",
                *(f"  第 {row} 行，{where}：{msg}" for where, msg in bad_cells)]))
            continue
        values = row_values(table, cells, row, default_source)
        draft = prepare("case", values,
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
    check([o.draft for o in outcomes if o.draft and o.action in ("new", "update")], ctx)
    cells_of = dict(table.rows)
    for out in outcomes:
        if out.draft and out.action in ("new", "update") and out.draft.problems:
            fixes = row_fixes(table, out.draft.problems,
                              cell_text(_get(table, cells_of[out.row], "来源")), ctx.taxonomy)
            out.action = "refused"
            out.messages.append(f"第 {out.row} 行：未导入，有 {len(fixes)} 个问题：")
            out.messages += [f"  第 {out.row} 行，{fix}" for fix in fixes]
    return outcomes


def source_option(text: str, where: str = "--source") -> dict[str, Any]:
    """A table-wide source (--source, or a title row: `where`) as a source dict;
    raises TableError naming what is missing."""
    if (msg := bad_char_message(text)):
        raise TableError(f"{where}：{msg}")
    source = parse_source(text)
    missing = [SOURCE_PART_NAMES[k] for k in ("title", "issuer", "date") if not source.get(k)]
    if missing:
        raise TableError(f"{where} 缺少{'、'.join(missing)}：应写成 标题｜发布机构｜日期"
                         f"（可再加 ｜章节），例如 {SOURCE_EXAMPLE}")
    return source


def run(args: argparse.Namespace) -> int:
    """The import itself: read, check every row, then write the good ones."""
    try:
        default_source = source_option(args.source) if args.source else None
        table = read_table(args.file, table_source=default_source is not None)
        default_source = default_source or table.source
    except (OSError, TableError) as exc:
        print(f"{args.file}: {file_problem(exc) if isinstance(exc, OSError) else exc}",
              file=sys.stderr)
        return 2
    if table.extra:
        print(f"以下列不在导入范围内，已忽略：{'、'.join(table.extra)}")
    outcomes = import_rows(table, args.root, args.update, default_source)
    for out in outcomes:
        for msg in out.messages:  # all on stdout, so that messages stay in row order
            print(msg)
        if out.draft and out.action in ("new", "update"):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把推介表（.xlsx 或 .csv）导入为案例记录")
    parser.add_argument("file", type=Path, help="推介表文件")
    parser.add_argument("--source", help="整张表的来源：标题｜发布机构｜日期（可再加 ｜章节）；"
                                         "每行记为该来源的“第 N 行”")
    parser.add_argument("--update", action="store_true", help="编号已存在时，用表格内容更新该记录")
    parser.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写任何文件")
    parser.add_argument("--root", type=Path, default=CONTENT, help="内容目录（默认 content/）")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except Exception as exc:  # noqa: BLE001 - one Chinese line instead of a traceback
        print(f"{args.file}: 导入中断（程序内部错误 {type(exc).__name__}）：请把这个文件和这行提示"
              "发给维护者", file=sys.stderr)
        return 3


def column_index(letters: str) -> int:
    """"A" -> 0, "AX" -> 49 (the inverse of `column_letter`)."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
