"""The content's JSON Schemas: loading, `$ref` resolution and a compiled validator.

Every `schemas/<name>.schema.json` is registered in a `referencing` registry
under its `$id` and compiled once into a tree of `Rule`s (`check_schemas()`
also validates them against the 2020-12 metaschema; the tests run it).
`Rule.check()` validates data in a single walk and explains each failure
in Chinese (what was expected, and a fix where one can be guessed).
It implements the subset of JSON Schema the content uses,
listed in `_KNOWN`; compiling a schema with any other keyword fails loudly so
that nobody relies on a keyword that is silently ignored. It is ~10x faster
than `jsonschema` (which the tests use as an oracle for the same subset).

Custom `x-*` keywords are not interpreted here: when a value passes its
standard keywords, the rule's `x-*` keywords are handed to the caller's
`extension` callback (see `casebook.validate`).

Beyond the standard keywords every rule refuses `null` (write nothing
instead), blank strings, empty mappings and non-finite numbers.
"""
from __future__ import annotations

import difflib
import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from casebook.paths import SCHEMAS
from casebook.yaml_source import Loc, quote

SUFFIX = ".schema.json"

_ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description",
                "default", "examples", "format", "deprecated", "readOnly",
                "enumDescriptions", "markdownEnumDescriptions"}  # the last two: editor hints
_KNOWN = _ANNOTATIONS | {
    "$ref", "allOf", "type", "enum", "const", "properties", "required",
    "additionalProperties", "items", "pattern", "minLength", "maxLength",
    "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum",
}

TYPE_NAMES = {
    "string": "文本", "integer": "整数", "number": "数字", "boolean": "布尔值（true 或 false）",
    "array": "列表", "object": "映射（“字段: 值”）", "null": "空值",
}

# Known patterns explained in words, with a function guessing a fix.
# tests/test_validate.py checks that each one is still used by a schema.
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
PARTIAL_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
URL_PATTERN = "^https?://"
_YEAR_WITH_UNIT = re.compile(r"\s*(\d{4})\s*年度?\s*")  # `2024年`, `2024 年度`


class SchemaError(Exception):
    """A schema file is missing, invalid or uses an unsupported keyword."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed check. `loc` is the field reported; `anchor` (default:
    `loc`) is where the problem points in the file, at the key if `on_key`."""

    loc: Loc
    message: str
    suggestion: str | None = None
    keyword: str = ""
    anchor: Loc | None = None
    on_key: bool = False
    offset: int | None = None


Extension = Callable[["Rule", Any, Loc, list[Finding]], None]
"""Called as `extension(rule, value, loc, out)` for rules with `x-*` keywords."""


# --- loading ----------------------------------------------------------------
# Every function takes an optional `schemas_dir` (default: `schemas/`, looked
# up at call time so tests can point it elsewhere); results are cached per dir.

def _dir(schemas_dir: Path | None) -> Path:
    return Path(schemas_dir) if schemas_dir is not None else SCHEMAS


def schema_names(schemas_dir: Path | None = None) -> list[str]:
    """Names of all schemas: `case` for `case.schema.json`, ..."""
    return sorted(p.name[: -len(SUFFIX)] for p in _dir(schemas_dir).glob("*" + SUFFIX))


@functools.cache
def _load_all(schemas_dir: Path) -> tuple[dict[str, dict], Registry]:
    contents: dict[str, dict] = {}
    resources = []
    for name in schema_names(schemas_dir):
        path = schemas_dir / (name + SUFFIX)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SchemaError(f"{path}: {exc}") from exc
        if not isinstance(doc, dict) or "$id" not in doc:
            raise SchemaError(f"{path}: not a schema object with an $id")
        contents[name] = doc
        resource = Resource.from_contents(doc, default_specification=DRAFT202012)
        resources.append((doc["$id"], resource))
    return contents, Registry().with_resources(resources)


def check_schemas(schemas_dir: Path | None = None) -> None:
    """Check every schema against the 2020-12 metaschema and compile it.

    Raises `SchemaError`. Run by the tests (the validator itself skips the
    metaschema check to start faster)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError as MetaSchemaError

    for name in schema_names(schemas_dir):
        try:
            Draft202012Validator.check_schema(load_schema(name, schemas_dir))
        except MetaSchemaError as exc:
            raise SchemaError(f"{name}{SUFFIX}: invalid JSON Schema: {exc.message}") from exc
        compiled(name, schemas_dir)


def load_schema(name: str, schemas_dir: Path | None = None) -> dict:
    """The parsed JSON of `schemas/<name>.schema.json`."""
    directory = _dir(schemas_dir)
    contents, _ = _load_all(directory)
    if name not in contents:
        raise SchemaError(f"no schema {directory / (name + SUFFIX)}")
    return contents[name]


def registry(schemas_dir: Path | None = None) -> Registry:
    """A `referencing` registry holding every schema under its `$id`."""
    return _load_all(_dir(schemas_dir))[1]


def compiled(name: str, schemas_dir: Path | None = None) -> Rule:
    """The compiled root rule of schema `name` (cached per process)."""
    return _compiled(name, _dir(schemas_dir))


@functools.cache
def _compiled(name: str, schemas_dir: Path) -> Rule:
    doc = load_schema(name, schemas_dir)
    resolver = registry(schemas_dir).resolver(base_uri=doc["$id"])
    return _Compiler().compile(doc, resolver, "")


# --- compiling --------------------------------------------------------------

class _Compiler:
    def __init__(self) -> None:
        self._done: dict[int, Rule] = {}

    def compile(self, schema: Any, resolver: Any, where: str) -> Rule:
        if schema is True or schema == {}:
            return Rule({})
        if schema is False:
            return Rule({"not": {}})
        if not isinstance(schema, dict):
            raise SchemaError(f"{where}: schema must be an object")
        key = id(schema)  # each dict belongs to one file, so one base URI
        if key in self._done:  # shared (or recursive) subschema
            return self._done[key]
        rule = Rule(schema)
        self._done[key] = rule
        unknown = [k for k in schema if k not in _KNOWN and not k.startswith("x-")]
        if unknown:
            raise SchemaError(f"{where or '/'}: unsupported keyword(s) {unknown}; "
                              "extend casebook/schema.py to support them")
        if "$ref" in schema:
            resolved = resolver.lookup(schema["$ref"])
            rule.all_of.append(self.compile(resolved.contents, resolved.resolver, schema["$ref"]))
        for i, sub in enumerate(schema.get("allOf", [])):
            rule.all_of.append(self.compile(sub, resolver, f"{where}/allOf/{i}"))
        for prop, sub in schema.get("properties", {}).items():
            rule.properties[prop] = self.compile(sub, resolver, f"{where}/properties/{prop}")
        extra = schema.get("additionalProperties", True)
        if extra is not True:
            rule.additional = None if extra is False else \
                self.compile(extra, resolver, f"{where}/additionalProperties")
        if "items" in schema:
            rule.items = self.compile(schema["items"], resolver, f"{where}/items")
        if len(rule.all_of) == 1 and set(schema) <= _ANNOTATIONS | {"$ref"}:
            rule.delegate = rule.all_of[0]  # a bare `$ref` (plus description)
        return rule


def _freeze(value: Any) -> Any:
    """Hashable form with JSON equality (1 == 1.0, True != 1)."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(_freeze(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _freeze(v)) for k, v in value.items()))
    return ("s", value)


_KINDS = {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object",
          type(None): "null"}


def _json_type(value: Any) -> str:
    kind = _KINDS.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def describe_value(value: Any) -> str:
    """`文本 "abc"`, `整数 2023`, `列表`… for “实际是 …” in messages."""
    kind = _json_type(value)
    if kind in ("array", "object", "null"):
        return TYPE_NAMES[kind]
    if kind == "integer" and not isinstance(value, int):
        kind = "number"
    return f"{TYPE_NAMES[kind]} {quote(value)}"


def label(schema: Mapping[str, Any]) -> str:
    """Short Chinese name of a field from its title or description."""
    text = schema.get("title") or schema.get("description") or ""
    return re.split("[：:（(，,。；]", text, maxsplit=1)[0].strip()


class Rule:
    """One compiled (sub)schema."""

    __slots__ = ("schema", "all_of", "properties", "additional", "items", "types", "required",
                 "enum", "pattern", "min_len", "max_len", "min_items", "max_items", "unique",
                 "bounds", "year_range", "ext", "never", "delegate")

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.all_of: list[Rule] = []
        self.properties: dict[str, Rule] = {}
        self.additional: Rule | None | bool = True  # True: anything; None: nothing else
        self.items: Rule | None = None
        types = schema.get("type", [])
        self.types: frozenset[str] = frozenset([types] if isinstance(types, str) else types)
        self.required: list[str] = list(schema.get("required", []))
        # An `enum` generated from the taxonomy (scripts/schema_enums.py) is for
        # editors; here the `x-taxonomy` check judges, with its better message.
        self.enum: list[Any] | None = None if "x-taxonomy" in schema else schema.get("enum")
        if "const" in schema:
            self.enum = [schema["const"]]
        self.pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        self.min_len = schema.get("minLength")
        self.max_len = schema.get("maxLength")
        self.min_items = schema.get("minItems")
        self.max_items = schema.get("maxItems")
        self.unique = bool(schema.get("uniqueItems"))
        self.bounds = [(k, schema[k]) for k in
                       ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                       if k in schema]
        # with an extension, x-year checks the range itself (with a clearer message)
        self.year_range = "x-year" in schema
        self.ext = {k: v for k, v in schema.items() if k.startswith("x-")}
        self.never = "not" in schema
        self.delegate: Rule | None = None  # check with this rule instead (bare `$ref`)

    # -- description helpers used in messages --
    def describe(self) -> str:
        """The schema's own description, else that of what it refers to."""
        text = self.schema.get("description")
        if text:
            return text.rstrip("。")
        return next((d for d in (r.describe() for r in self.all_of) if d), "")

    def allowed_properties(self) -> dict[str, Rule]:
        props = dict(self.properties)
        for r in self.all_of:
            props.update(r.allowed_properties())
        return props

    # -- validation --
    def check(self, value: Any, loc: Loc, out: list[Finding],
              extension: Extension | None = None) -> None:
        """Append a `Finding` to `out` for every failure in `value`."""
        if self.delegate is not None:
            self.delegate.check(value, loc, out, extension)
            return
        start = len(out)
        for rule in self.all_of:
            rule.check(value, loc, out, extension)
        if len(out) > start:
            return
        if self.never:
            out.append(Finding(loc, "这里不允许写任何值", "请删除这个字段。", "false"))
            return
        kind = _json_type(value)
        if kind == "null" and "null" not in self.types:
            out.append(Finding(loc, "值为空（null）", "请在“- ”后面填写这一项，或删掉这一项。"
                               if loc and isinstance(loc[-1], int) else
                               "来源没有提到的字段请整行删除，不要写 null 或只写字段名。", "null"))
            return
        if kind == "string" and not value.strip():
            out.append(Finding(loc, "值为空白",
                               "请填写内容；来源没有提到的字段请整行删除。", "blank"))
            return
        if kind == "number" and not math.isfinite(value):
            out.append(Finding(loc, f"{quote(value)} 不是有效的数字",
                               "请写一个普通数字。", "finite"))
            return
        if self.types and kind not in self.types \
                and not (kind == "integer" and "number" in self.types):
            out.append(self._type_finding(value, kind, loc))
            return
        if self.enum is not None:
            self._check_enum(value, loc, out)
        if kind == "string":
            self._check_string(value, loc, out)
        elif kind in ("integer", "number"):
            if not (self.year_range and extension is not None):
                self._check_number(value, loc, out)
        elif kind == "array":
            self._check_array(value, loc, out, extension)
        elif kind == "object":
            self._check_object(value, loc, out, extension)
        if len(out) == start and self.ext and extension is not None:
            extension(self, value, loc, out)

    def _calendar_slip(self, value: str) -> bool:
        """A date of the right shape whose month or day does not exist (2023-13-05):
        left to the x-date check, which says which part is wrong."""
        if "x-date" not in self.ext or self.pattern is None:
            return False
        shape = re.sub(r"-\d{2}", "-01", value)
        return shape != value and re.fullmatch(r"\d{4}(-\d{2}){1,2}", value) is not None \
            and self.pattern.search(shape) is not None

    def _type_finding(self, value: Any, kind: str, loc: Loc) -> Finding:
        want = "或".join(TYPE_NAMES[t] for t in sorted(self.types))
        message = f"应为{want}，实际是{describe_value(value)}"
        suggestion = None
        if "string" in self.types and kind in ("integer", "number", "boolean"):
            text = str(value).lower() if kind == "boolean" else str(value)
            suggestion = f"请给值加引号：{quote(text)}。"
        elif self.types & {"integer", "number"} and kind == "string" \
                and (year := _YEAR_WITH_UNIT.fullmatch(value)):
            suggestion = f"只写数字，不加“年”：{year.group(1)}。"
        elif self.year_range and kind == "string" and not re.fullmatch(r"\s*\d{4}\s*", value):
            # typed in a form, a cell or a prompt: the text is the problem, not quotes
            suggestion = "年度写四位数字，例如 2023。"
        elif self.types & {"integer", "number"} and kind == "string" \
                and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value):
            suggestion = f"请去掉引号：{value.strip()}。"
        elif "array" in self.types and kind in ("string", "integer", "number"):
            suggestion = f"列表请写成 [{value}]，或每行一项“- {value}”。"
        elif "array" in self.types and kind == "object":
            suggestion = "列表的每一项前面要加“- ”。"
        elif "object" in self.types:
            suggestion = "请写成“字段: 值”的形式，每个字段一行。"
        elif kind == "array":
            suggestion = "这里只能写一个值，不能是列表。"
        return Finding(loc, message, suggestion, "type")

    def _check_enum(self, value: Any, loc: Loc, out: list[Finding]) -> None:
        frozen = _freeze(value)
        if any(_freeze(v) == frozen for v in self.enum):
            return
        options = "、".join(quote(v) for v in self.enum)
        guess = _close(str(value), [str(v) for v in self.enum])
        out.append(Finding(loc, f"{quote(value)} 不是允许的值，应为 {options} 之一",
                           f"你是否想写 {quote(guess)}？" if guess else None, "enum"))

    def _check_string(self, value: str, loc: Loc, out: list[Finding]) -> None:
        if self.pattern is not None and not self.pattern.search(value) \
                and not self._calendar_slip(value):
            hint, fix = _pattern_hint(self.pattern.pattern, self)
            guess = fix(value) if fix else None
            out.append(Finding(loc, f"{quote(value)} 格式不对：应为{hint}",
                               f"你是否想写 {quote(guess)}？" if guess else None, "pattern"))
        n = len(value)
        if self.min_len is not None and n < self.min_len:
            out.append(Finding(loc, f"太短：至少 {self.min_len} 个字，现在只有 {n} 个",
                               "请补充内容。", "minLength"))
        if self.max_len is not None and n > self.max_len:
            out.append(Finding(loc, f"太长：最多 {self.max_len} 个字，现在有 {n} 个"
                                    f"（多了 {n - self.max_len} 个）",
                               f"请删减到 {self.max_len} 字以内。", "maxLength"))

    def _check_number(self, value: float, loc: Loc, out: list[Finding]) -> None:
        for key, bound in self.bounds:
            bad = {"minimum": value < bound, "maximum": value > bound,
                   "exclusiveMinimum": value <= bound, "exclusiveMaximum": value >= bound}[key]
            if bad:
                words = {"minimum": "不小于", "maximum": "不大于",
                         "exclusiveMinimum": "大于", "exclusiveMaximum": "小于"}[key]
                out.append(Finding(loc, f"{quote(value)} 超出范围：应{words} {bound}", None, key))

    def _check_array(self, value: list, loc: Loc, out: list[Finding],
                     extension: Extension | None) -> None:
        n = len(value)
        if self.min_items is not None and n < self.min_items:
            if n == 0:
                out.append(Finding(loc, "列表为空",
                                   "请至少写一项；来源没有提到的话请整行删除这个字段。",
                                   "minItems"))
            else:
                out.append(Finding(loc, f"至少需要 {self.min_items} 项，现在只有 {n} 项",
                                   None, "minItems"))
        if self.max_items is not None and n > self.max_items:
            out.append(Finding(loc, f"最多 {self.max_items} 项，现在有 {n} 项", None, "maxItems"))
        if self.unique:
            seen: dict[Any, int] = {}
            for i, item in enumerate(value):
                try:
                    frozen = _freeze(item)
                    first = seen.setdefault(frozen, i)
                except TypeError:
                    continue
                if first != i:
                    out.append(Finding(loc + (i,), f"与第 {first + 1} 项重复：{quote(item)}",
                                       "请删除重复的一项。", "uniqueItems"))
        if self.items is not None:
            for i, item in enumerate(value):
                self.items.check(item, loc + (i,), out, extension)

    def _check_object(self, value: dict, loc: Loc, out: list[Finding],
                      extension: Extension | None) -> None:
        if not value:
            out.append(Finding(loc, "内容为空" if loc else "记录没有任何字段",
                               "请填写内容；来源没有提到的话请整行删除这个字段。" if loc
                               else "请按模板填写记录。", "empty"))
            return
        for name in self.required:
            if name not in value:
                sub = self.properties.get(name)
                what = sub.describe() if sub else ""
                out.append(Finding(loc + (name,), f"缺少必填字段 {quote(name)}"
                                   + (f"（{what}）" if what else ""),
                                   f"请添加一行“{name}: …”。", "required", anchor=loc))
        for key, item in value.items():
            rule = self.properties.get(key)
            if rule is not None and key in self.required and _unfilled(item) \
                    and "null" not in rule.types:
                what = rule.describe()
                message = "必填字段还没有填写" + (f"（{what}）" if what else "")
                out.append(Finding(loc + (key,), message, "请在冒号后面填写；这一行不能删除。",
                                   "required"))
            elif rule is not None:
                rule.check(item, loc + (key,), out, extension)
            elif self.additional is None:
                out.append(self._unknown(key, loc))
            elif isinstance(self.additional, Rule):
                self.additional.check(item, loc + (key,), out, extension)

    def _unknown(self, key: str, loc: Loc) -> Finding:
        allowed = self.allowed_properties()
        guess = _close(key, list(allowed))
        if guess is None:  # a Chinese field name? match it against the labels
            for name, rule in allowed.items():
                text = label(rule.schema) or label({"description": rule.describe()})
                if key and text and (key in text or text in key):
                    guess = name
                    break
        names = "、".join(allowed)
        suggestion = f"你是否想写 {quote(guess)}？" if guess else f"允许的字段：{names}。"
        return Finding(loc + (key,), f"未知字段 {quote(key)}", suggestion,
                       "additionalProperties", on_key=True)


def _unfilled(value: Any) -> bool:
    """Nothing written after the colon (a template line left as it was), or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _close(word: str, options: Iterable[str]) -> str | None:
    options = list(options)
    lower = {o.casefold(): o for o in options}
    if word.casefold() in lower:
        return lower[word.casefold()]
    found = difflib.get_close_matches(word.casefold(), list(lower), n=1, cutoff=0.75)
    return lower[found[0]] if found else None


def slugify(text: str) -> str | None:
    """A valid id guessed from `text` (`Foo_Bar 2` -> `foo-bar-2`), or None."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    return slug if slug and slug != text else None


def fix_date(text: str, partial: bool = False) -> str | None:
    """`2023年8月30日`, `2023/8/30`, `2023.08.30` -> `2023-08-30`."""
    parts = re.findall(r"\d+", text)
    if not parts or len(parts[0]) != 4 or len(parts) > 3 or (len(parts) < 3 and not partial):
        return None
    out = parts[0] + "".join(f"-{int(p):02d}" for p in parts[1:])
    return out if out != text else None


def _pattern_hint(pattern: str, rule: Rule) -> tuple[str, Callable[[str], str | None] | None]:
    known = {
        ID_PATTERN: ("小写英文字母、数字和连字符组成的编号（拼音或英文），例如 learning-city；"
                     "不能有空格、大写字母或汉字，连字符不能打头、收尾或连用", slugify),
        DATE_PATTERN: ("YYYY-MM-DD 格式的日期，例如 2023-08-30", fix_date),
        PARTIAL_DATE_PATTERN: ("YYYY、YYYY-MM 或 YYYY-MM-DD 格式的日期，"
                               "例如 2023、2023-08 或 2023-08-30",
                               functools.partial(fix_date, partial=True)),
        URL_PATTERN: ("以 http:// 或 https:// 开头的网址", None),
    }
    if pattern in known:
        return known[pattern]
    return (rule.describe() or f"符合正则表达式 {pattern} 的文本"), None
