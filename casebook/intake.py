"""Turn what an editor typed (a form, a table row, flags) into a record dict.

This is input normalisation only: a region written as 沪 or 上海市 becomes
`shanghai`, "2023年" becomes 2023, 重点任务 separated by 、 or ； become a list,
"标题｜发布机构｜日期｜章节" becomes a source. Anything that cannot be
normalised is passed through unchanged, so that the validator (the only judge
of a record) reports it with its usual message and suggestion.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from casebook.schema import load_schema
from casebook.status import rule_status
from casebook.taxonomy import Taxonomy, Term, normalise

# Separators editors use between list items in one cell or text box.
# (?<!\s): leading spaces only from the start of their run (linear time).
_ITEM_SEP = re.compile(r"(?:(?<!\s)\s*)?(?:[、；;，,]|\n)+\s*")
# Separators between the parts of a source: full-width or ASCII bar.
_SOURCE_SEP = re.compile(r"(?:(?<!\s)\s*)?[｜|]\s*")
# A leading bullet or number on a line: "1.", "（1）", "一、", "-", "•".
_BULLET = re.compile(
    r"^\s*(?:[-*•·]|\d{1,2}[.、．)）](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十]+[)）])\s*")
# "上海市（shanghai）" as written by the issue form: the id in brackets at the end.
_BRACKET_ID = re.compile(r"[（(]\s*([a-z0-9-]+)\s*[)）]\s*$")
_DATE = re.compile(r"^(\d{4})(?:[-./年](\d{1,2})(?:[-./月](\d{1,2})日?)?月?)?年?$")


def resolve_term(taxonomy: Taxonomy, vocab: str, text: str) -> str:
    """The id of the `vocab` term that `text` names, else `text` unchanged.

    Accepts an id, a name or an alias (`Taxonomy.lookup`), "名称（id）" as
    the issue form writes it, and for regions a province followed by one of
    its cities or districts ("重庆市沙坪坝区"). Unknown text is returned
    stripped, for the validator to report with its suggestions.
    """
    text = text.strip()
    bracket = _BRACKET_ID.search(text)
    if bracket and taxonomy.has(vocab, bracket.group(1)):
        return bracket.group(1)
    term = taxonomy.lookup(vocab, text)
    if term:
        return term.id
    if vocab == "regions":
        key = normalise(text)
        for cand in taxonomy.suggest(vocab, text, limit=5):
            for label in map(normalise, cand.labels):
                head = key[: len(key) - len(label)]
                if key.endswith(label) and head and _names_ancestor(taxonomy, cand, head):
                    return cand.id
    return text


def _names_ancestor(taxonomy: Taxonomy, term: Term, head: str) -> bool:
    """True if `head` is the (normalised) name or alias of one of `term`'s ancestors."""
    return any(normalise(label) == head
               for anc in taxonomy.ancestors("regions", term.id) for label in anc.labels)


def split_items(text: str) -> list[str]:
    """Items of a list written in one cell: separated by 、，；, or new lines."""
    return [item for item in _ITEM_SEP.split(text.strip()) if item]


def split_organisations(text: str) -> list[dict[str, str]]:
    """申报单位 as written in a table cell or a form box ("A、B", one per line,
    numbered lines) as `organisations` entries with the role 申报单位."""
    lines = (_BULLET.sub("", line) for line in text.splitlines())
    return [{"name": name, "role": "申报单位"} for line in lines for name in split_items(line)]


# Fields whose presence means a record says more than its summary.
def file_problem(exc: OSError) -> str:
    """Why a file an editor named cannot be read, in Chinese (not the OS's English)."""
    if isinstance(exc, FileNotFoundError):
        return ("找不到这个文件：请检查文件名和所在的文件夹"
                "（文件名里有空格时，整个文件名要加引号）")
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件：请写出文件夹里的文件名"
    if isinstance(exc, PermissionError):
        return "没有读取这个文件的权限"
    return f"无法读取文件（{exc.strerror or type(exc).__name__}）"


def record_field(key: str) -> str:
    """The record field a form question or prompt fills: `source_date` -> `sources[0].date`."""
    return f"sources[0].{key[len('source_'):]}" if key.startswith("source_") else key


def form_tip(suggestion: str | None) -> str | None:
    """A validator suggestion fit for a form or a table cell: advice to "add a
    line" to a YAML file (missing fields) or to look up ids in the vocabulary
    file means nothing there, so None."""
    yaml_only = ("添加一行", "可用的值见")
    return suggestion if suggestion and not any(s in suggestion for s in yaml_only) else None


def term_examples(taxonomy: Taxonomy, vocab: str, limit: int = 4) -> str:
    """A few names a form box or a table cell accepts for `vocab` ("北京市、天津市…")."""
    names = [t.name for t in taxonomy.terms(vocab) if t.id != NATIONAL]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def one_line(text: str) -> str:
    """Text wrapped over several lines as one line.

    Line breaks become a space only between two Latin letters or digits
    (Chinese needs none); spaces inside a line are kept (runs collapsed).
    """
    out = ""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() \
                and line[0].isalnum():
            out += " "
        out += line
    return out


def split_lines(text: str) -> list[str]:
    """One item per non-empty line, without leading bullets or numbers."""
    items = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [item for item in items if item]


def resolve_terms(taxonomy: Taxonomy, vocab: str, value: str | list[str]) -> list[str]:
    """`resolve_term` for each item of a list or of a 、-separated string."""
    items = split_items(value) if isinstance(value, str) else value
    out: list[str] = []
    for item in items:
        term = resolve_term(taxonomy, vocab, item)
        if term not in out:
            out.append(term)
    return out


def normalise_year(value: Any) -> Any:
    """2023, "2023", "2023年", "2023.0" -> 2023; anything else unchanged."""
    if isinstance(value, int):  # bool too: left for the validator to report
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:\.0+)?\s*年?(?:度)?", text)
    return int(match.group(1)) if match else text


def normalise_date(value: Any) -> Any:
    """A date as ISO text (YYYY, YYYY-MM or YYYY-MM-DD) from the ways people write it.

    Accepts 2023-10-14, 2023/10/14, 2023.10.14, 2023年10月14日, 2023年10月,
    Excel date cells and 2023; anything else is returned unchanged.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value).strip()
    match = _DATE.match("".join(text.split()))  # "2023 年 10 月" reads as 2023年10月
    if not match:
        return text
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


SOURCE_PARTS = ("title", "issuer", "date", "section", "doc_no", "url")


def parse_source(text: str) -> dict[str, Any]:
    """"标题｜发布机构｜日期｜章节[｜文号][｜网址]" as a source dict.

    A URL may stand in any position after the fourth. Missing parts are simply
    absent, so the validator names the field that is missing.
    """
    parts = _SOURCE_SEP.split(text.strip())
    source: dict[str, Any] = {}
    extra = parts[4:]
    for key, part in zip(SOURCE_PARTS[:4], parts[:4], strict=False):
        if part:
            source[key] = normalise_date(part) if key == "date" else part
    for part in extra:
        if re.match(r"^https?://", part):
            source["url"] = part
        elif part:
            source["doc_no"] = part
    return source


def parse_sources(text: str) -> list[dict[str, Any]]:
    """One source per non-empty line of `text`."""
    return [parse_source(line) for line in text.splitlines() if line.strip()]


def clean(value: Any) -> Any:
    """Strip strings, drop empty strings, lists and dicts (recursively)."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None
    if isinstance(value, list):
        items = [clean(v) for v in value]
        return [v for v in items if v is not None] or None
    if isinstance(value, dict):
        items = {k: clean(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v is not None} or None
    return value


def taxonomy_fields(rtype: str) -> dict[str, tuple[str, bool]]:
    """Top-level fields of `rtype` that hold taxonomy ids: field -> (vocabulary, is list).

    Read from the schema's `x-taxonomy` keywords, the single source of truth.
    """
    out: dict[str, tuple[str, bool]] = {}
    for key, prop in load_schema(rtype)["properties"].items():
        if "x-taxonomy" in prop:
            out[key] = (prop["x-taxonomy"], False)
        elif "x-taxonomy" in (prop.get("items") or {}):
            out[key] = (prop["items"]["x-taxonomy"], True)
    return out


def build_record(rtype: str, values: dict[str, Any], taxonomy: Taxonomy,
                 today: dt.date | None = None, status: str = "stub") -> dict[str, Any]:
    """A record dict of type `rtype` from already-split `values`.

    `values` keys are record field names; names and aliases in taxonomy
    fields are resolved to ids, years normalised. `audiences` and `themes`
    default to [] (the sources did not mention any), `updated` to today,
    `status` to the given one.
    """
    vocab_of = taxonomy_fields(rtype)
    data: dict[str, Any] = {}
    for key, value in values.items():
        value = clean(value)
        if value is None:
            continue
        if key in vocab_of:
            vocab, many = vocab_of[key]
            if many:
                value = resolve_terms(taxonomy, vocab, value)
            elif isinstance(value, str):
                value = resolve_term(taxonomy, vocab, value)
        elif key == "year":
            value = normalise_year(value)
        data[key] = value
    data.setdefault("audiences", [])
    data.setdefault("themes", [])
    data.setdefault("status", status)
    data["status"] = rule_status(rtype, data)  # the status rule decides stub/partial
    data.setdefault("updated", (today or dt.date.today()).isoformat())
    return data


NATIONAL = "quanguo"


def region_chain(taxonomy: Taxonomy, region: str) -> list[Term]:
    """`region` and its ancestors, province first; [] for an unknown region."""
    term = taxonomy.get("regions", region)
    return [*reversed(taxonomy.ancestors("regions", region)), term] if term else []


def region_prefix(taxonomy: Taxonomy, region: str) -> str:
    """Id prefix for records of `region`: `chongqing-shapingba`; none for 全国."""
    return "-".join(t.id for t in region_chain(taxonomy, region) if t.id != NATIONAL)


def region_names(taxonomy: Taxonomy, region: str) -> list[str]:
    """Names and aliases of `region` and its ancestors (to strip from titles).

    One-character aliases (沪, 新, 云 …) are left out: 新 would eat 新型….
    """
    return [n for term in region_chain(taxonomy, region)
            for n in (term.name, *term.aliases) if len(n) > 1]
