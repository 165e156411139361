"""Line-aware YAML loading for content files.

`load_file(path)` reads one file and returns a `YamlDoc` (plain Python data
plus the composed node tree, so any value can be traced back to its line and
column) and a list of `Issue`s: encoding, size, syntax, duplicate keys and
other things PyYAML would silently accept or crash on. It never raises for
bad input.

Data differs from `yaml.safe_load` in one deliberate way: timestamps stay
the strings the editor wrote (`2023-08-30`), so records match their JSON
Schemas (dates are strings there) and impossible dates (2023-02-30) become
validation errors instead of exceptions.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1024 * 1024  # content files are a few KB; refuse anything over 1 MB
MAX_DEPTH = 32  # records nest 3-4 levels; anything deeper is junk
MAX_ISSUES = 100  # per file: a junk file with 100,000 duplicate keys stops there
# libyaml's composer recurses in C and crashes the interpreter around 50,000
# nested levels, so text that *might* nest deeper than this is scanned first.
_SAFE_COMPOSE_DEPTH = 5000
_SCAN_LIMIT = 200

# Opening never follows a symlink swapped in after the check, nor blocks on a FIFO.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CTOR = yaml.constructor.SafeConstructor()

_Y = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _Y + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP, _SEQ = _Y + "map", _Y + "seq"

# Characters YAML refuses (C0/C1 controls, surrogates, U+FFFE/FFFF).
_BAD_CHAR = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

Loc = tuple[str | int, ...]
"""A path into the data: `("sources", 0, "date")`; `()` is the whole file."""


@dataclass(frozen=True)
class Issue:
    """A problem found while reading a file (1-based line and column)."""

    line: int
    col: int
    loc: Loc
    message: str
    suggestion: str | None = None


@dataclass
class YamlDoc:
    """Parsed file: plain data plus the node tree for line/column lookups."""

    data: Any
    root: Node | None
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False)

    def _entry(self, node: MappingNode, key: str) -> tuple[Node, Node] | None:
        """(key node, value node) of `key` in `node`; the last duplicate wins."""
        table = self._keys.get(id(node))
        if table is None:
            table = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
            self._keys[id(node)] = table
        return table.get(key)

    def locate(self, loc: Loc, key: bool = False, offset: int | None = None) -> tuple[int, int]:
        """1-based (line, col) of the value at `loc` (of its key if `key`).

        Stops at the deepest part of `loc` that exists, so a missing field
        points at its parent mapping. `offset` (a character index into a
        string value) refines the line inside `|` block scalars.
        """
        node = self.root
        if node is None:
            return 1, 1
        key_node: Node | None = None
        for part in loc:
            if isinstance(node, MappingNode) and isinstance(part, str):
                found = self._entry(node, part)
                if found is None:
                    break
                key_node, node = found
            elif isinstance(node, SequenceNode) and isinstance(part, int) \
                    and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                break
        target = key_node if key and key_node is not None else node
        line, col = target.start_mark.line + 1, target.start_mark.column + 1
        if offset and not key and isinstance(node, ScalarNode) and node.style == "|":
            line += 1 + node.value.count("\n", 0, offset)
            col = 1
        return line, col


def quote(value: object, limit: int = 40) -> str:
    """Short one-line rendering of a value for messages: `"上海"`, `2023`."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "…"
        return json.dumps(text, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


# --- reading and decoding -------------------------------------------------

def read_text(path: Path) -> tuple[str | None, list[Issue]]:
    """Read a content file as UTF-8 text, refusing huge or non-UTF-8 files and
    anything that is not a regular file (a symlink is not followed, a FIFO or
    device is not opened for reading)."""
    try:
        kind = not_regular(path.lstat().st_mode)
        if kind:
            return None, [Issue(1, 1, (), f"不会被读取：这是{kind}，内容文件必须是普通文件",
                                "请换成真正的 .yml 文件，或把它移出 content/。")]
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW)
        with open(fd, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                return None, [Issue(1, 1, (), f"文件太大（{size / 1024 / 1024:.1f} MB），"
                                    f"内容文件不能超过 {MAX_BYTES // 1024 // 1024} MB",
                                    "请检查是否误放了其他文件，或把内容拆分成多条记录。")]
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Issue(1, 1, (), f"无法读取文件（{exc.strerror or exc}）", None)]
    if len(raw) > MAX_BYTES:
        return None, [Issue(1, 1, (), "文件太大，内容文件不能超过 1 MB", None)]
    return decode(raw)


def not_regular(mode: int) -> str | None:
    """What a non-regular file is, in Chinese (符号链接, 目录…); None for a file."""
    for test, name in ((stat.S_ISLNK, "符号链接"), (stat.S_ISDIR, "目录"),
                       (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "设备文件"),
                       (stat.S_ISBLK, "设备文件"), (stat.S_ISSOCK, "套接字")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "特殊文件"


def decode(raw: bytes) -> tuple[str | None, list[Issue]]:
    """Decode bytes as UTF-8 (a BOM is allowed); explain what else it looks like."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [Issue(1, 1, (), "文件是 UTF-16 编码，不是 UTF-8",
                            "请用 UTF-8 编码另存此文件（编辑器的“另存为”里选择 UTF-8）。")]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        pos = exc.start
    line_start = raw.rfind(b"\n", 0, pos) + 1
    line = raw.count(b"\n", 0, pos) + 1
    col = len(raw[line_start:pos].decode("utf-8", "replace")) + 1
    gbk_line = _as_gb18030_line(raw, line_start)
    if gbk_line is not None:
        return None, [Issue(line, col, (),
                            f"文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（第 {line} 行："
                            f"{quote(gbk_line)}）",
                            "请用 UTF-8 编码另存此文件（编辑器的“另存为”里选择 UTF-8），"
                            "内容文件一律使用 UTF-8。")]
    return None, [Issue(line, col, (),
                        f"文件不是 UTF-8 文本：第 {line} 行第 {col} 列有无法解码的字节 "
                        f"0x{raw[pos]:02X}，可能是二进制文件或其他编码",
                        "请用 UTF-8 编码保存，或删除误放的非文本文件。")]


def _as_gb18030_line(raw: bytes, line_start: int) -> str | None:
    """The offending line if the whole file reads as Chinese GB18030 text."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if _BAD_CHAR.search(text) or not re.search("[\u4e00-\u9fff]", text):
        return None
    line_end = raw.find(b"\n", line_start)
    chunk = raw[line_start:] if line_end < 0 else raw[line_start:line_end]
    return chunk.decode("gb18030", "replace").strip()


# --- parsing --------------------------------------------------------------

_PROBLEMS_ZH = [  # (fragment of PyYAML's English problem, Chinese explanation)
    ("mapping values are not allowed",
     "这里不能出现“字段: 值”：可能是缩进不对，或值里含有“: ”却没有加引号"),
    ("could not find expected ':'",
     "缺少冒号：每个字段应写成“字段名: 值”"),
    ("did not find expected key",
     "没有找到预期的字段名：可能是缩进不一致，或某行少了冒号"),
    ("did not find expected '-' indicator",
     "列表项缩进不一致：同一列表的每项应以同样缩进的“- ”开头"),
    ("did not find expected ',' or ']'",
     "方括号列表没有正确结束：缺少“,”或“]”"),
    ("did not find expected ',' or '}'",
     "花括号映射没有正确结束：缺少“,”或“}”"),
    ("did not find expected node content",
     "缺少内容：可能是多了逗号，或括号没有闭合"),
    ("found unexpected end of stream",
     "文件意外结束：可能是引号或括号没有闭合"),
    ("found unknown escape character",
     "双引号里有无效的转义符“\\”：请改用单引号，或把 \\ 写成 \\\\"),
    ("found undefined alias",
     "使用了未定义的别名（*名称）"),
    ("found a tab character",
     "不能用 Tab 缩进，请改用空格"),
    ("but found another document",
     "一个文件只能有一个 YAML 文档：请删除多余的“---”"),
    ("found unexpected ':'",
     "出现了多余的冒号：含冒号的值请加引号"),
    ("found character that cannot start any token",
     "出现了不能作为值开头的字符（如 Tab、@、`）：请改用空格缩进，或给值加引号"),
    ("found duplicate anchor",
     "锚点（&名称）重复"),
]


def _syntax_issue(text: str, exc: yaml.YAMLError) -> Issue:
    if isinstance(exc, yaml.reader.ReaderError):
        bad = _BAD_CHAR.search(text)
        line, col = _line_col(text, bad.start()) if bad else (1, 1)
        code = f"U+{ord(bad.group()):04X}" if bad else "?"
        return Issue(line, col, (), f"文件包含 YAML 不允许的控制字符 {code}",
                     "请删除这个不可见字符；如果这不是文本文件，请把它移出 content/。")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    wide = _full_width_colon(text, getattr(exc, "context_mark", None), line)
    if wide:
        return wide
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = getattr(exc, "context", None) or ""
    zh = next((z for en, z in _PROBLEMS_ZH if en in problem), "无法解析")
    if text[_offset(text, line) + col - 1:][:1] == "\t":
        zh = "不能用 Tab 缩进，请改用空格"
    detail = f"{context}: {problem}" if context else problem
    said = zh if zh != "无法解析" else f"{zh}（{detail}）"  # PyYAML's English only if unexplained
    return Issue(line, col, (), f"YAML 语法错误：{said}",
                 "请对照相邻的行检查缩进、冒号和引号。")


# `region：shanghai`: a field name followed by a full-width colon.
_WIDE_COLON_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*[ \t]*(：)")
# `region:shanghai`: a field name, a colon and no space (a URL's `://` is not one).
_TIGHT_COLON_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*(:)(?=[^\s/])")
_COLON_SLIPS = (
    (_WIDE_COLON_KEY, "这里用了全角冒号“：”，字段名后面应是半角冒号“:”",
     "请把“：”改成半角的“: ”（英文冒号加一个空格）。"),
    (_TIGHT_COLON_KEY, "冒号后面缺少空格：字段应写成“字段名: 值”",
     "请在这个冒号后面加一个空格。"),
)


def _full_width_colon(text: str, context: Any, last_line: int) -> Issue | None:
    """A syntax error caused by `字段：值` (full-width colon) or `字段:值` (no
    space), pointed at the colon."""
    first = context.line + 1 if context is not None else max(last_line - 1, 1)
    lines = text.split("\n")
    for number in range(first, min(last_line, len(lines)) + 1):
        for pattern, message, suggestion in _COLON_SLIPS:
            m = pattern.match(lines[number - 1])
            if m:
                return Issue(number, m.start(1) + 1, (), message, suggestion)
    return None


def _offset(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            return len(text)
    return pos


def _depth_bound(text: str) -> int:
    """Cheap upper bound of the nesting depth (flow brackets + columns)."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    return text.count("[") + text.count("{") + 2 * longest + 2


def _too_deep(text: str) -> Issue | None:
    """Scan events (no recursion) to refuse absurd nesting before composing."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _SCAN_LIMIT:
                    mark = event.start_mark
                    return Issue(mark.line + 1, mark.column + 1, (),
                                 f"嵌套层级过深（超过 {_SCAN_LIMIT} 层）",
                                 "记录只需要几层嵌套，请检查文件内容。")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error itself
    return None


def parse(text: str) -> tuple[YamlDoc | None, list[Issue]]:
    """Compose `text` and build plain data, collecting every issue."""
    if 3 * len(text) > _SAFE_COMPOSE_DEPTH and _depth_bound(text) > _SAFE_COMPOSE_DEPTH:
        deep = _too_deep(text)
        if deep:
            return None, [deep]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        return None, [_syntax_issue(text, exc)]
    except (RecursionError, MemoryError):
        return None, [Issue(1, 1, (), "文件结构过于复杂，无法解析", "请检查文件内容。")]
    if root is None:
        return None, [Issue(1, 1, (), "文件是空的（没有任何字段）",
                            "请按模板填写记录，或删除这个文件。")]
    builder = _Builder()
    data = builder.value(root, (), 0)
    return YamlDoc(data, root), builder.issues


def load_file(path: Path) -> tuple[YamlDoc | None, list[Issue]]:
    """Read and parse one file; `doc` is None when nothing usable was read."""
    text, issues = read_text(path)
    if text is None:
        return None, issues
    return parse(text)


class _Builder:
    """Node tree -> plain data, reporting duplicate keys and odd constructs."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self._seen: set[int] = set()

    def _issue(self, node: Node, loc: Loc, message: str, suggestion: str | None) -> None:
        if len(self.issues) >= MAX_ISSUES:
            return
        mark = node.start_mark
        self.issues.append(Issue(mark.line + 1, mark.column + 1, loc, message, suggestion))

    def value(self, node: Node, loc: Loc, depth: int) -> Any:
        if type(node) is ScalarNode:
            if node.tag == _STR:
                return node.value
            return self._scalar(node, loc)
        if depth >= MAX_DEPTH:
            self._issue(node, loc, f"嵌套层级过深（超过 {MAX_DEPTH} 层）", "请检查缩进和括号。")
            return None
        if id(node) in self._seen:
            self._issue(node, loc, "不支持 YAML 别名（*名称）引用整段内容", "请直接写出内容。")
            return None
        self._seen.add(id(node))
        if node.tag not in (_MAP, _SEQ):
            self._issue(node, loc, f"不支持 YAML 标签 {node.tag}", "请删除这个标签。")
        if type(node) is SequenceNode:
            items = []
            for i, item in enumerate(node.value):
                if type(item) is ScalarNode and item.tag == _STR:  # fast path: plain text
                    items.append(item.value)
                else:
                    items.append(self.value(item, loc + (i,), depth + 1))
            return items
        return self._mapping(node, loc, depth)

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self._issue(key_node, loc, "字段名必须是简单文本，不能是列表或映射",
                            "请检查这一行的“?”或括号。")
                continue
            key = key_node.value
            if key in first:
                where = first[key].start_mark.line + 1
                self._issue(key_node, loc + (key,),
                            f"字段 {quote(key)} 重复：第 {where} 行已经写过一次，"
                            "YAML 只会保留最后一个值",
                            "请删除或合并其中一个。")
            else:
                first[key] = key_node
            if type(value_node) is ScalarNode and value_node.tag == _STR:  # fast path
                out[key] = value_node.value
            else:
                out[key] = self.value(value_node, loc + (key,), depth + 1)
        return out

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        try:
            if tag == _INT:
                if text.isdigit() and (text[0] != "0" or text == "0"):
                    return int(text)
                return _CTOR.construct_yaml_int(node)
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return _CTOR.construct_yaml_bool(node)
            if tag == _FLOAT:
                return _CTOR.construct_yaml_float(node)
        except Exception:  # noqa: BLE001 - resolver and constructor disagree: keep the text
            return text
        if tag != _TIMESTAMP:
            self._issue(node, loc, f"不支持 YAML 标签 {tag}", "请删除这个标签，直接写值。")
        return text
