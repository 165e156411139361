"""Content validation: every check on records and the taxonomy, as plain Python.

Stable API (used by `scripts/validate.py`, the build hooks and the importer):

- `Problem`: one error; `.format()` gives `path:line:col: field: message`.
- `validate_tree(root, paths)`: all problems of a content tree (or of some
  of its files, cross-references still resolved against the whole tree).
- `check_tree(root, paths)`: the same plus how many records were checked.
- `validate_record_data(rtype, data, path, taxonomy=, index=)`: check one
  record dict before writing it (importer, scaffolder).
- `Index`: ids, aliases and titles of all records, for references.

The structure of each record type lives in `schemas/<type>.schema.json`
(compiled by `casebook.schema`); this module adds what a schema cannot say:
taxonomy values (`x-taxonomy`), references (`x-ref`), plain text
(`x-plain`), Markdown within `casebook.markdown_limits` (`x-markdown`), real
dates (`x-date`), plausible years (`x-year`), unsafe markup in any string,
refused characters (`casebook.textcheck`) in any key or string, `id` = file
name, ids unique across types, aliases. Entries of the content folders that
are not regular `[a-z0-9-]+.yml` files are reported without being read.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gc
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from casebook.collections import collection_files, record_matches
from casebook.load import record_files
from casebook.markdown_limits import markdown_problem
from casebook.paths import COLLECTION_DIR, CONTENT, RECORD_DIRS, ROOT, TAXONOMY_FILE
from casebook.schema import (
    Finding,
    Rule,
    SchemaError,
    compiled,
    describe_value,
    label,
    load_schema,
)
from casebook.status import status_findings
from casebook.taxonomy import Taxonomy, normalise
from casebook.textcheck import bad_char_message, first_bad_char, visible
from casebook.yaml_source import Issue, Loc, YamlDoc, load_file, not_regular, quote

FILE_FIELD = "(文件)"
# Everything str.splitlines() breaks on, escaped so that a problem stays one line.
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
TAXONOMY_SCHEMA = "taxonomy"
YEAR_MIN = 1949
ALIASES_FIELD = "aliases"


def year_max() -> int:
    """Latest plausible year: ten years from now (plans run to 2030, 2035)."""
    return dt.date.today().year + 10


MAX_PER_FILE = 100  # problems listed per file; a junk file stops there


# --- problems -----------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One content error. `line`/`col` are 1-based (0 when the data did not
    come from a file); `field` is a dotted path like `sources[0].date`, or
    `(文件)` for the whole file; `suggestion` is a fix in words, or None."""

    path: str
    line: int
    col: int
    field: str
    message: str
    suggestion: str | None = None

    def format(self) -> str:
        """`path:line:col: field: message，suggestion` on one line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}"
        if self.suggestion:
            text += f"，{self.suggestion}"
        return visible(text.translate(_LINE_BREAKS))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem."""
    return "\n".join(p.format() for p in problems)


def field_name(loc: Loc) -> str:
    """`("sources", 0, "date")` -> `sources[0].date`; `()` -> `(文件)`."""
    if not loc:
        return FILE_FIELD
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[^\s.\[\]\"':]+", part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def display_path(path: Path) -> str:
    """Path relative to the repository when inside it, else as given."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)


def _problems(display: str, doc: YamlDoc | None, findings: Iterable[Finding]) -> list[Problem]:
    out = []
    for f in findings:
        anchor = f.loc if f.anchor is None else f.anchor
        line, col = doc.locate(anchor, key=f.on_key, offset=f.offset) if doc else (0, 0)
        out.append(Problem(display, line, col, field_name(f.loc), f.message, f.suggestion))
    return out


# --- the index of records -------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """Where a record id is defined."""

    type: str
    path: Path
    id: str
    title: str | None = None


class Index:
    """Ids, old ids (aliases) and titles of all records of a content tree."""

    def __init__(self) -> None:
        self.ids: dict[str, list[Entry]] = defaultdict(list)
        self.aliases: dict[str, list[Entry]] = defaultdict(list)
        self.names: dict[str, list[Entry]] = defaultdict(list)  # titles and doc_no

    def add(self, rtype: str, path: Path, data: Any) -> None:
        """Register a record; its id is `data["id"]`, else the file stem."""
        data = data if isinstance(data, dict) else {}
        rid = data.get("id") if isinstance(data.get("id"), str) else path.stem
        title = data.get("title") if isinstance(data.get("title"), str) else None
        entry = Entry(rtype, path, rid, title)
        self.ids[rid].append(entry)
        aliases = data.get(ALIASES_FIELD)
        for alias in aliases if isinstance(aliases, list) else []:
            if isinstance(alias, str):
                self.aliases[alias].append(entry)
        for name in (title, data.get("doc_no")):
            if isinstance(name, str) and name.strip():
                self.names[name.strip()].append(entry)

    @classmethod
    def build(cls, root: Path = CONTENT) -> Index:
        """Index every record file under `root` (unreadable files by stem)."""
        index = cls()
        for rtype, path in record_files(root):
            doc, _ = load_file(path)
            index.add(rtype, path, doc.data if doc else None)
        return index

    def of_type(self, rtype: str) -> list[str]:
        return [rid for rid, entries in self.ids.items() if any(e.type == rtype for e in entries)]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _same_file(a: Path, b: Path | None) -> bool:
    return b is not None and (a == b or _resolved(a) == _resolved(b))


# --- x-* keywords -------------------------------------------------------------

# Possessive quantifiers: nothing after them can match what they consume, so
# they change no match, but a "<" followed by 40,000 spaces is scanned once
# instead of once per space (that was quadratic).
_TAG = re.compile(r"<\s*+/?\s*+[a-zA-Z][a-zA-Z0-9-]*+(?:[\s/][^<>]*+)?>|<!--")
_UNSAFE = [
    (re.compile(r"<\s*script\b", re.I), "包含不安全的 HTML：<script> 标签",
     "请删除脚本；正文只能用 Markdown 排版。"),
    (re.compile(r"<\s*(iframe|frame|frameset|object|embed|applet|base|meta|form)\b", re.I),
     "包含不允许的 HTML 标签 <{0}>", "如需引用外部内容，请改用普通链接。"),
    (re.compile(r"<[a-zA-Z!/][^<>]*?[\s/\"']on[a-zA-Z]+\s*=", re.I),
     "包含不安全的 HTML 事件属性（on…=）", "请删除这个属性；正文只能用 Markdown 排版。"),
    (re.compile(r"\b(java|vb|live)\s*script\s*:", re.I), "包含不安全的 {0}script: 链接",
     "链接只能以 http:// 或 https:// 开头。"),
    (re.compile(r"\bdata\s*:\s*text/html", re.I), "包含不安全的 data:text/html 链接",
     "链接只能以 http:// 或 https:// 开头。"),
]


def unsafe_markup(text: str) -> list[tuple[int, str, str]]:
    """(offset, message, suggestion) for each kind of unsafe markup in `text`."""
    if "<" not in text and ":" not in text and "&" not in text:
        return []
    candidates = [text]
    if "&" in text:
        candidates.append(html.unescape(text))
    found = []
    for pattern, message, suggestion in _UNSAFE:
        for candidate in candidates:
            match = pattern.search(candidate)
            if match:
                offset = match.start() if candidate is text else 0
                found.append((offset, message.format(*match.groups()), suggestion))
                break
    return found


def _walk_text(value: Any, loc: Loc, out: list[Finding]) -> None:
    """Unsafe markup in every string, and refused characters
    (`casebook.textcheck`) in every key and string."""
    texts: list[str] = []
    _walk_unsafe(value, loc, out, texts)
    if first_bad_char("\n".join(texts)) is not None:  # one search; rarely true
        _walk_bad_chars(value, loc, out)


def _walk_unsafe(value: Any, loc: Loc, out: list[Finding], texts: list[str]) -> None:
    if isinstance(value, str):
        texts.append(value)
        for offset, message, suggestion in unsafe_markup(value):
            out.append(Finding(loc, message, suggestion, "unsafe", offset=offset))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk_unsafe(item, loc + (i,), out, texts)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                texts.append(key)
            _walk_unsafe(item, loc + (key,), out, texts)


def _walk_bad_chars(value: Any, loc: Loc, out: list[Finding]) -> None:
    if isinstance(value, str):
        _bad_chars(value, loc, out, on_key=False)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk_bad_chars(item, loc + (i,), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                _bad_chars(key, loc + (key,), out, on_key=True)
            _walk_bad_chars(item, loc + (key,), out)


def _bad_chars(text: str, loc: Loc, out: list[Finding], on_key: bool) -> None:
    message = bad_char_message(text)
    if message is not None:
        offset = None if on_key else first_bad_char(text)[0]
        out.append(Finding(loc, message, None, "textcheck", on_key=on_key, offset=offset))


class _TooMany(Exception):
    """Raised by `_Capped` to stop checking a hopeless file."""


class _Capped(list):
    """A findings list that stops the walk once `MAX_PER_FILE` are found."""

    def append(self, item: Finding) -> None:
        super().append(item)
        if len(self) >= MAX_PER_FILE:
            raise _TooMany


class _Extensions:
    """Checks for the custom `x-*` schema keywords (see `casebook.schema`)."""

    def __init__(self, taxonomy: Taxonomy, index: Index | None, self_id: str | None) -> None:
        self.taxonomy = taxonomy
        self.index = index
        self.self_id = self_id
        self.year_max = year_max()
        self.handlers = {"x-taxonomy": self._taxonomy, "x-ref": self._ref,
                         "x-plain": self._plain, "x-date": self._date, "x-year": self._year,
                         "x-markdown": self._markdown}

    def __call__(self, rule: Rule, value: Any, loc: Loc, out: list[Finding]) -> None:
        for key, arg in rule.ext.items():
            handler = self.handlers.get(key)
            if handler is not None and arg:
                handler(arg, value, loc, out)

    def _taxonomy(self, vocab: str, value: Any, loc: Loc, out: list[Finding]) -> None:
        tax = self.taxonomy
        if not isinstance(value, str) or tax.has(vocab, value):
            return
        if vocab not in tax.vocabularies:
            out.append(Finding(loc, f"词表 {vocab} 不存在，无法检查 {quote(value)}",
                               f"请在 content/{TAXONOMY_FILE} 中添加词表 {vocab}。", "x-taxonomy"))
            return
        what = vocab_label(vocab)
        guesses = tax.suggest(vocab, value)
        if guesses:
            suggestion = "你是否想写 " + " 或 ".join(str(t) for t in guesses) + "？"
        else:
            ids = tax.ids(vocab)
            shown = "、".join(ids[:8]) + ("等" if len(ids) > 8 else "")
            suggestion = f"可用的值见 content/{TAXONOMY_FILE} 的 {vocab}（{shown}）；" \
                         "确实缺少的话请先在词表中添加。"
        out.append(Finding(loc, f"未知{what} {quote(value)}", suggestion, "x-taxonomy"))

    def _ref(self, rtype: str, value: Any, loc: Loc, out: list[Finding]) -> None:
        if not isinstance(value, str) or self.index is None:
            return
        want = type_label(rtype)
        if value == self.self_id:
            out.append(Finding(loc, "记录不能引用自己", "请删除这一项。", "x-ref"))
            return
        entries = self.index.ids.get(value, [])
        if any(e.type == rtype for e in entries):
            return
        if entries:
            other = entries[0]
            out.append(Finding(loc, f"{quote(value)} 是{type_label(other.type)}"
                                    f"（{display_path(other.path)}），这里需要{want}的 id",
                               f"请把它移到对应{type_label(other.type)}的字段里。", "x-ref"))
            return
        renamed = [e for e in self.index.aliases.get(value, []) if e.type == rtype]
        if renamed:
            new = quote(renamed[0].id)
            out.append(Finding(loc, f"{quote(value)} 是旧编号，该{want}已改名为 {new}",
                               f"请改为 {new}。", "x-ref"))
            return
        out.append(Finding(loc, f"找不到 id 为 {quote(value)} 的{want}"
                                f"（{RECORD_DIRS.get(rtype, rtype)}/ 下没有 {value}.yml）",
                           self._ref_guess(rtype, value), "x-ref"))

    def _ref_guess(self, rtype: str, value: str) -> str:
        guess = _guess_record(self.index, value, rtype)
        if guess:
            return _did_you_mean(guess)
        folder = RECORD_DIRS.get(rtype, rtype)
        return f"请写已有{type_label(rtype)}的 id（即 {folder}/ 下的文件名），或先创建该记录。"

    def _plain(self, _: Any, value: Any, loc: Loc, out: list[Finding]) -> None:
        if isinstance(value, str):
            match = _TAG.search(value)
            if match:
                found = quote(match.group())
                out.append(Finding(loc, f"纯文本字段不能包含 HTML 标签（发现 {found}）",
                                   "请删除标签，只保留文字。", "x-plain", offset=match.start()))

    def _markdown(self, _: Any, value: Any, loc: Loc, out: list[Finding]) -> None:
        found = markdown_problem(value) if isinstance(value, str) else None
        if found:
            offset, message, suggestion = found
            out.append(Finding(loc, message, suggestion, "x-markdown", offset=offset))

    def _date(self, _: Any, value: Any, loc: Loc, out: list[Finding]) -> None:
        if not isinstance(value, str):
            return
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
        if not match:
            return
        year, month, day = (int(g) if g else None for g in match.groups())
        month_or_1 = 1 if month is None else month  # "00" is a month, and a wrong one
        try:
            dt.date(year, month_or_1, 1 if day is None else day)
        except ValueError:
            why = f"{year} 年 {month} 月没有 {day} 日" if 1 <= month_or_1 <= 12 \
                else f"没有 {month} 月"
            out.append(Finding(loc, f"日期 {value} 不存在（{why}）", "请核对来源中的日期。",
                               "x-date"))
            return
        if not YEAR_MIN <= year <= self.year_max:
            out.append(self._bad_year(f"日期 {value} 的年份", loc))

    def _year(self, _: Any, value: Any, loc: Loc, out: list[Finding]) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and not YEAR_MIN <= value <= self.year_max:
            out.append(self._bad_year(f"年份 {quote(value)} ", loc))

    def _bad_year(self, what: str, loc: Loc) -> Finding:
        return Finding(loc, f"{what}不合理：应在 {YEAR_MIN} 年到 {self.year_max} 年之间",
                       "请核对来源中的年份（四位数字，例如 2023）。", "x-year")


def type_label(rtype: str) -> str:
    """Chinese name of a record type from its schema title (案例, 课程, 政策文件)."""
    try:
        return load_schema(rtype).get("title") or rtype
    except SchemaError:
        return rtype


def vocab_label(vocab: str) -> str:
    """Chinese name of a vocabulary from the taxonomy schema (地区, 主题…)."""
    sub = load_schema(TAXONOMY_SCHEMA).get("properties", {}).get(vocab, {})
    return label(sub) or vocab


# --- one record -----------------------------------------------------------------

def _record_findings(rtype: str, data: Any, path: Path | None, taxonomy: Taxonomy,
                     index: Index | None) -> list[Finding]:
    if not isinstance(data, dict):
        return [Finding((), f"记录文件的最外层应是“字段: 值”的映射，现在是{describe_value(data)}",
                        "请参照其他记录，每行写一个“字段: 值”，不要以“- ”开头。", "type")]
    rid = data.get("id") if isinstance(data.get("id"), str) else None
    out: list[Finding] = _Capped()
    unsafe: list[Finding] = _Capped()
    try:
        compiled(rtype).check(data, (), out, _Extensions(taxonomy, index, rid))
        _walk_text(data, (), unsafe)
    except _TooMany:
        return [*out, *unsafe]
    if index is not None:
        out = [_title_for_id(f, data, index) for f in out]
    flagged = {f.loc for f in unsafe}
    out = [f for f in out if not (f.keyword == "x-plain" and f.loc in flagged)] + unsafe
    out += status_findings(rtype, data)
    if rid is None or any(f.loc == ("id",) for f in out):
        return out
    if path is not None and rid != path.stem:
        out.append(Finding(("id",), f"id {quote(rid)} 与文件名 {quote(path.name)} 不一致",
                           f"请把 id 改为 {quote(path.stem)}，或把文件改名为 {rid}.yml。", "id"))
    if index is not None:
        out.extend(_index_findings(rid, data, path, index))
    return out


def _title_for_id(finding: Finding, data: dict, index: Index) -> Finding:
    """A title or 文号 written where an id belongs: suggest that record's id."""
    if finding.keyword != "pattern" or finding.suggestion:
        return finding
    value: Any = data
    for part in finding.loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return finding
    entries = index.names.get(value.strip(), []) if isinstance(value, str) else []
    if not entries:
        return finding
    return replace(finding, suggestion=f"这里要写记录的 id：你是否想写 {quote(entries[0].id)}"
                                       f"（{entries[0].title or value}）？")


def _index_findings(rid: str, data: dict, path: Path | None, index: Index) -> list[Finding]:
    out = []
    for other in index.ids.get(rid, []):
        if not _same_file(other.path, path):
            out.append(Finding(("id",), f"id {quote(rid)} 重复：{display_path(other.path)} "
                                        "也使用了这个 id",
                               "id 在所有记录（各类型之间也一样）中必须唯一，请改用其他 id。",
                               "unique"))
    aliases = data.get(ALIASES_FIELD)
    for j, alias in enumerate(aliases if isinstance(aliases, list) else []):
        if not isinstance(alias, str):
            continue
        loc = (ALIASES_FIELD, j)
        if alias == rid:
            out.append(Finding(loc, f"旧编号 {quote(alias)} 与本记录的 id 相同", "请删除这一项。",
                               "alias"))
            continue
        for other in index.ids.get(alias, []):
            if not _same_file(other.path, path):
                out.append(Finding(loc, f"旧编号 {quote(alias)} 与 {display_path(other.path)} "
                                        "的 id 冲突", "旧编号不能是其他记录正在使用的 id，"
                                        "请删除这一项。", "alias"))
        for other in index.aliases.get(alias, []):
            if not _same_file(other.path, path):
                out.append(Finding(loc, f"旧编号 {quote(alias)} 也列在 {display_path(other.path)} "
                                        "的 aliases 里",
                                   "一个旧编号只能属于一条记录，请删除其中一处。",
                                   "alias"))
    return out


def validate_record_data(rtype: str, data: Any, path: Path | str | None = None, *,
                         taxonomy: Taxonomy | None = None, index: Index | None = None,
                         doc: YamlDoc | None = None) -> list[Problem]:
    """Check one record of type `rtype` (a key of `RECORD_DIRS`).

    `path` is where the record lives or will be written (`id` must equal its
    stem; omit it to skip that check). `taxonomy` and `index` default to
    those of `content/`; pass them when checking many records. An index
    entry at the same path is the record itself, not a duplicate. Without a
    `doc` (the parsed file) problems have line and col 0.
    """
    if rtype not in RECORD_DIRS:
        raise ValueError(f"unknown record type {rtype!r}; known: {sorted(RECORD_DIRS)}")
    path = Path(path) if path is not None else None
    taxonomy = taxonomy if taxonomy is not None else Taxonomy.load()
    index = index if index is not None else Index.build()
    findings = _record_findings(rtype, data, path, taxonomy, index)
    shown = display_path(path) if path is not None else "<record>"
    return _sorted(_problems(shown, doc, findings))


# --- the taxonomy file ----------------------------------------------------------

def _taxonomy_findings(data: Any) -> list[Finding]:
    taxonomy = Taxonomy(data)
    out: list[Finding] = _Capped()
    if not isinstance(data, dict):
        return [Finding((), "词表文件的最外层应是“词表名: 词条列表”的映射，"
                            f"现在是{describe_value(data)}",
                        None, "type")]
    try:
        compiled(TAXONOMY_SCHEMA).check(data, (), out, _Extensions(taxonomy, None, None))
        _walk_text(data, (), out)
    except _TooMany:
        return out
    for vocab, entries in data.items():
        if isinstance(entries, list):
            out.extend(_vocab_findings(taxonomy, vocab, entries))
    return out


def _vocab_findings(taxonomy: Taxonomy, vocab: str, entries: list) -> list[Finding]:
    out: list[Finding] = []
    claimed: dict[str, tuple[str, str]] = {}  # normalised label -> (term id, name)
    codes: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        tid, name = entry["id"], entry.get("name")
        if tid in seen_ids:
            out.append(Finding((vocab, i, "id"), f"id {quote(tid)} 重复：第 {seen_ids[tid] + 1} 项"
                                                 "已经使用", "同一词表里 id 必须唯一。", "unique"))
            continue
        seen_ids[tid] = i
        aliases = entry.get("aliases") if isinstance(entry.get("aliases"), list) else []
        labels = [(("id",), tid), (("name",), name)] + \
            [(("aliases", j), a) for j, a in enumerate(aliases)]
        mine = set()
        for sub, text in labels:
            if not isinstance(text, str) or not text.strip():
                continue
            key = normalise(text)
            owner = claimed.get(key)
            if owner and owner[0] != tid and key not in mine:
                out.append(Finding((vocab, i, *sub),
                                   f"{quote(text)} 与词条 \"{owner[0]}\"（{owner[1]}）"
                                   "的 id、名称或别名重复",
                                   "同一词表里每个叫法只能对应一个词条，请删除或改写其中一个。",
                                   "alias"))
            else:
                claimed.setdefault(key, (tid, name if isinstance(name, str) else tid))
                mine.add(key)
        code = entry.get("code")
        if isinstance(code, str):
            if code in codes:
                out.append(Finding((vocab, i, "code"), f"代码 {quote(code)} 与第 {codes[code] + 1} "
                                                       "项重复", "请核对行政区划代码。", "unique"))
            codes.setdefault(code, i)
        out.extend(_parent_findings(taxonomy, vocab, i, entry))
    return out


def _parent_findings(taxonomy: Taxonomy, vocab: str, i: int, entry: dict) -> list[Finding]:
    parent_id = entry.get("parent")
    if not isinstance(parent_id, str) or not taxonomy.has(vocab, parent_id):
        return []
    loc = (vocab, i, "parent")
    if taxonomy.has_cycle(vocab, entry["id"]):
        tid = entry["id"]
        return [Finding(loc, f"上级关系形成了循环（{tid} → {parent_id} → … → {tid}）",
                        "请检查 parent，最上级的地区不写 parent。", "parent")]
    code, parent_code = entry.get("code"), taxonomy.get(vocab, parent_id).data.get("code")
    if isinstance(code, str) and isinstance(parent_code, str) \
            and len(code) == len(parent_code) == 6 and parent_code.endswith("0000") \
            and parent_code != "000000" and code[:2] != parent_code[:2]:
        return [Finding((vocab, i, "code"), f"代码 {quote(code)} 与上级 {parent_id}"
                                            f"（{quote(parent_code)}）不属于同一省份",
                        "请核对行政区划代码或 parent。", "parent")]
    return []


# --- the tree -------------------------------------------------------------------

@dataclass
class Report:
    """Result of `check_tree`."""

    problems: list[Problem]
    records: int  # record files checked
    # (type, path, data) of every checked record file in `record_files` order,
    # and the taxonomy's data: the build reuses them instead of reading twice.
    data: list[tuple[str, Path, Any]] = field(default_factory=list)
    taxonomy: Any = None


def validate_tree(root: Path = CONTENT, paths: Sequence[Path] | None = None) -> list[Problem]:
    """All problems under `root` (default `content/`), in file and line order.

    With `paths` (files or folders), only those files are checked, but
    references and uniqueness are resolved against every record under
    `root` (plus the given files). Never raises for bad content.
    """
    return check_tree(root, paths).problems


def check_tree(root: Path = CONTENT, paths: Sequence[Path] | None = None) -> Report:
    """`validate_tree` plus the number of record files checked."""
    with _gc_paused():
        return _check_tree(Path(root), paths)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing allocates many short-lived acyclic objects; the cyclic GC
    would rescan them over and over (it more than doubles the run time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_tree(root: Path, paths: Sequence[Path] | None) -> Report:
    if not root.is_dir():
        return Report([Problem(str(root), 1, 1, FILE_FIELD, "内容目录不存在",
                               "请用 --root 指定含 taxonomy.yml 的目录。")], 0)
    records = record_files(root)
    strays = _strays(root, {p for _, p in records})
    problems: list[Problem] = []
    extra: list[tuple[str, Path]] = []
    selected: set[Path] | None = None
    if paths is not None:
        selected, extra, problems = _select(root, [Path(p) for p in paths], records, strays)

    def chosen(path: Path) -> bool:
        return selected is None or _resolved(path) in selected

    taxonomy_path = root / TAXONOMY_FILE
    tax_doc, tax_issues = load_file(taxonomy_path) if taxonomy_path.is_file() else (None, [])
    taxonomy = Taxonomy(tax_doc.data if tax_doc else {})
    if chosen(taxonomy_path):
        if not taxonomy_path.is_file():
            problems.append(Problem(display_path(taxonomy_path), 1, 1, FILE_FIELD, "找不到词表文件",
                                    "请从仓库恢复 content/taxonomy.yml。"))
        else:
            findings = _taxonomy_findings(tax_doc.data) if tax_doc else []
            problems += _file_problems(taxonomy_path, tax_doc, tax_issues, findings)

    # Pass 1: read everything (the index needs every id); keep data, not node trees.
    index = Index()
    parsed = []
    every: list[tuple[str, Any]] = []  # (type, data) of all records, for collection filters
    for rtype, path in records + extra:
        doc, issues = load_file(path)
        data = doc.data if doc else None
        index.add(rtype, path, data)
        every.append((rtype, data))
        if chosen(path):
            parsed.append((rtype, path, doc is not None, data, issues))
    # Pass 2: check; re-read a file for line numbers only when it has problems.
    for rtype, path, ok, data, issues in parsed:
        findings = _record_findings(rtype, data, path, taxonomy, index) if ok else []
        doc = load_file(path)[0] if findings else None
        problems += _file_problems(path, doc, issues, findings)
    for path in strays:
        if chosen(path):
            problems.append(_stray_problem(path))
    problems += check_collections(root, taxonomy, index, every, chosen)
    return Report(problems, len(parsed), [(t, p, d) for t, p, _, d, _ in parsed],
                  tax_doc.data if tax_doc else None)


def _file_problems(path: Path, doc: YamlDoc | None, issues: list[Issue],
                   findings: list[Finding]) -> list[Problem]:
    """Problems of one file, sorted by line, at most `MAX_PER_FILE` (+1 saying so)."""
    if not issues and not findings:
        return []
    shown = display_path(path)
    total = len(issues) + len(findings)
    issues, findings = issues[:MAX_PER_FILE], findings[:MAX_PER_FILE - len(issues[:MAX_PER_FILE])]
    out = [Problem(shown, i.line, i.col, field_name(i.loc), i.message, i.suggestion)
           for i in issues]
    out = _sorted(out + _problems(shown, doc, findings))
    if total >= MAX_PER_FILE:
        out.append(Problem(shown, out[-1].line, out[-1].col, FILE_FIELD,
                           f"问题太多，只列出了前 {MAX_PER_FILE} 个",
                           "请先修正以上问题再重新校验；整个文件可能放错了或格式全错。"))
    return out


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line, p.col))


def _strays(root: Path, records: set[Path]) -> list[Path]:
    """Visible entries of record folders that the loader would ignore (a
    record folder that is itself a symlink is one entry, not looked into)."""
    out = []
    for folder in RECORD_DIRS.values():
        if (root / folder).is_symlink():
            out.append(root / folder)
            continue
        try:
            entries = sorted((root / folder).iterdir())
        except OSError:  # no such folder (or unreadable): nothing stray in it
            continue
        out += [p for p in entries if not p.name.startswith(".") and p not in records]
    return out


def _stray_problem(path: Path) -> Problem:
    """Why a visible entry of a content folder is not read (decided without reading it)."""
    folder = path.parent.name
    try:
        kind = not_regular(path.lstat().st_mode)
    except OSError:
        kind = None
    if kind and path.name in (*RECORD_DIRS.values(), COLLECTION_DIR):  # a linked folder
        message = f"不会被读取：{path.name}/ 是{kind}，不是真正的文件夹，其中的文件一个也不会读取"
        hint = "请把链接换成真正的文件夹。"
    elif kind:
        message = f"不会被读取：这是{kind}，{folder}/ 下只能放普通的 .yml 记录文件"
        hint = ("请把链接换成文件本身（复制内容），或删除它。" if kind == "符号链接"
                else "请把它移出这个目录。")
    elif path.suffix.lower() in (".yaml", ".yml"):
        message = f"不会被读取：文件名 {quote(path.name)} 只能用小写英文字母、数字和连字符"
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        hint = f"请改名为 {slug}.yml。" if slug \
            else "请按记录的 id 重新命名（例如 shanghai-xuexi.yml）。"
    else:
        message = f"不会被读取：{folder}/ 下只能放 .yml 记录文件"
        hint = "记录文件必须是 <id>.yml；其他文件请移出这个目录。"
    return Problem(display_path(path), 1, 1, FILE_FIELD, message, hint)


def _select(root: Path, paths: list[Path], records: list[tuple[str, Path]], strays: list[Path]
            ) -> tuple[set[Path], list[tuple[str, Path]], list[Problem]]:
    """Resolved paths of the files named by `paths`, plus files outside `root`."""
    known = {_resolved(p) for _, p in records} | {_resolved(p) for p in strays}
    known.add(_resolved(root / TAXONOMY_FILE))
    known |= {_resolved(p) for p in _collection_paths(root)}  # collections (专题)
    types = {folder: rtype for rtype, folder in RECORD_DIRS.items()}
    selected: set[Path] = set()
    extra: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    root_dir = _resolved(root)
    for given in paths:
        if not given.exists():
            problems.append(Problem(str(given), 1, 1, FILE_FIELD, "文件或目录不存在", None))
            continue
        target = _resolved(given)
        selected |= {p for p in known if p == target or p.is_relative_to(target)}
        if given.is_file():
            candidates = [given]
        elif target.is_relative_to(root_dir) or root_dir.is_relative_to(target):
            candidates = []  # inside the tree: exactly the files the loader reads
        else:
            candidates = sorted(given.rglob("*.yml"))
        for path in candidates:
            resolved = _resolved(path)
            if resolved in known or resolved in selected:
                continue
            rtype = types.get(path.parent.name)
            if rtype is None:
                problems.append(Problem(str(path), 1, 1, FILE_FIELD, "无法判断记录类型",
                                        "记录文件应放在 " + "、".join(
                                            f"{f}/" for f in RECORD_DIRS.values()) + " 目录下。"))
            else:
                extra.append((rtype, path))
                selected.add(resolved)
    return selected, extra, problems


# --- collections (专题) -----------------------------------------------------------
# A collection (content/collections/<id>.yml, see casebook.collections) is not
# a record: it is not in the Index and needs no unique id across records. It
# is checked against schemas/collection.schema.json like a record, plus what
# the schema cannot say: item ids may name a record of any type, filter
# `type` values, exactly one of items/filter, `sort` only with a filter, no
# repeated item, and a filter that matches at least one record (an empty
# collection is a mistake).

COLLECTION_SCHEMA = "collection"


def _collection_paths(root: Path) -> list[Path]:
    """Collection files plus anything else visible in the collections folder."""
    if (root / COLLECTION_DIR).is_symlink():
        return [root / COLLECTION_DIR]
    try:
        entries = sorted((root / COLLECTION_DIR).iterdir())
    except OSError:
        return []
    return [p for p in entries if not p.name.startswith(".")]


def check_collections(root: Path, taxonomy: Taxonomy, index: Index,
                      records: Sequence[tuple[str, Any]],
                      chosen: Callable[[Path], bool] = lambda p: True) -> list[Problem]:
    """Problems of the collection files under `root` that `chosen` selects;
    `records` is (type, data) of every record, for resolving filters."""
    files = set(collection_files(root))
    out: list[Problem] = []
    for path in _collection_paths(root):
        if not chosen(path):
            continue
        if path not in files:
            out.append(_stray_problem(path))
            continue
        doc, issues = load_file(path)
        findings = _collection_findings(doc.data, path, taxonomy, index, records) if doc else []
        out += _file_problems(path, doc, issues, findings)
    return out


def _collection_findings(data: Any, path: Path, taxonomy: Taxonomy, index: Index,
                         records: Sequence[tuple[str, Any]]) -> list[Finding]:
    out = _record_findings(COLLECTION_SCHEMA, data, path, taxonomy, None)
    if not isinstance(data, dict):
        return out
    out = [_title_for_id(f, data, index) for f in out]
    empty = "空专题没有意义：请至少列出一条记录的 id，或改用 filter 写筛选条件。"
    out = [replace(f, suggestion=empty) if f.loc == ("items",) and f.keyword == "minItems"
           else f for f in out]
    flagged = {f.loc for f in out}
    has_items, has_filter = "items" in data, "filter" in data
    if has_items and has_filter:
        out.append(Finding(("filter",), "items 和 filter 只能写一个",
                           "逐条挑选记录请用 items，按条件自动汇集请用 filter，请删除另一个。",
                           "collection", on_key=True))
    elif not has_items and not has_filter:
        out.append(Finding((), "缺少 items 或 filter：专题要么逐条列出记录，要么写筛选条件",
                           "例如 items: [{id: shanghai-yangben}]，"
                           "或 filter: {theme: credit-bank}。",
                           "collection"))
    if "sort" in data and not has_filter:
        out.append(Finding(("sort",), "sort 只用于 filter", "items 按列出的顺序排列，请删除 sort。",
                           "collection", on_key=True))
    items = data.get("items")
    seen: dict[str, int] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        rid = item.get("id") if isinstance(item, dict) else None
        loc = ("items", i, "id")
        if not isinstance(rid, str) or loc in flagged:
            continue
        if rid in seen:
            out.append(Finding(loc, f"与第 {seen[rid] + 1} 项重复：{quote(rid)}",
                               "同一条记录只列一次，请删除这一项。", "uniqueItems"))
            continue
        seen[rid] = i
        out.extend(_any_record_ref(rid, loc, index))
    flt = data.get("filter")
    if isinstance(flt, dict):
        out.extend(_filter_type_findings(flt.get("type")))
        if not any(f.loc[:1] == ("filter",) for f in out):
            def ancestors(region: str) -> list[str]:
                return [t.id for t in taxonomy.ancestors("regions", region)]
            if not any(isinstance(d, dict) and record_matches(flt, t, d, ancestors)
                       for t, d in records):
                out.append(Finding(("filter",), "筛选条件没有匹配到任何记录，专题会是空的",
                                   "请放宽条件（不同字段之间是“且”，同一字段列表中的值之间是“或”），"
                                   "或改用 items 逐条列出记录。", "collection", on_key=True))
    return out


def _guess_record(index: Index, value: str, rtype: str | None = None) -> Entry | None:
    """The record a mistyped reference most likely means (of `rtype`, or of any
    type): one titled exactly `value`, else the closest id."""
    by_name = [e for e in index.names.get(value.strip(), []) if rtype in (None, e.type)]
    if by_name:
        return by_name[0]
    ids = index.of_type(rtype) if rtype else list(index.ids)
    close = difflib.get_close_matches(value, ids, n=1, cutoff=0.6)
    return index.ids[close[0]][0] if close else None


def _did_you_mean(entry: Entry) -> str:
    return f"你是否想写 {quote(entry.id)}" + (f"（{entry.title}）" if entry.title else "") + "？"


def _any_record_ref(rid: str, loc: Loc, index: Index) -> list[Finding]:
    """`rid` must be the id of a record of any type (case, course or policy)."""
    if index.ids.get(rid):
        return []
    renamed = index.aliases.get(rid, [])
    if renamed:
        new = quote(renamed[0].id)
        return [Finding(loc, f"{quote(rid)} 是旧编号，该记录已改名为 {new}", f"请改为 {new}。",
                        "x-ref")]
    guess = _guess_record(index, rid)
    folders = "、".join(f"{f}/" for f in RECORD_DIRS.values())
    suggestion = (_did_you_mean(guess) if guess
                  else f"请写已有记录的 id（即 {folders} 下的文件名）。")
    return [Finding(loc, f"找不到 id 为 {quote(rid)} 的记录（{folders} 下都没有 {rid}.yml）",
                    suggestion, "x-ref")]


def _filter_type_findings(value: Any) -> list[Finding]:
    """`filter.type` values must be record types (`x-record-type` in the schema)."""
    values = value if isinstance(value, list) else [value]
    loc_of = (lambda i: ("filter", "type", i)) if isinstance(value, list) \
        else (lambda i: ("filter", "type"))
    out = []
    for i, v in enumerate(values):
        if isinstance(v, str) and v not in RECORD_DIRS:
            guess = difflib.get_close_matches(v.rstrip("s"), list(RECORD_DIRS), n=1, cutoff=0.5)
            options = "、".join(quote(t) for t in RECORD_DIRS)
            out.append(Finding(loc_of(i), f"未知记录类型 {quote(v)}，应为 {options} 之一",
                               f"你是否想写 {quote(guess[0])}？" if guess else None, "enum"))
    return out
