"""Limits on Markdown text, so that no record can make rendering slow or deep.

Python-Markdown recurses once per level of nested lists and blockquotes (a
few hundred levels end in RecursionError) and scans ahead from every `[`
for the matching `]` (thousands of `[` take seconds). Real records nest one
level and use a handful of links, so the limits below are far above them:

- `MAX_LONG_TEXT` characters per Markdown field (the longest real one is
  about 550; the schemas say the same in `maxLength`);
- `MAX_NESTING` levels of lists and quotes;
- `MAX_BRACKETS` `[` per field (each link or image needs one), every `[`
  closed by a `]`, every link target `](` by a `)`, nested at most
  `MAX_BRACKET_NESTING` deep: an unclosed one is what makes the scan ahead
  run to the end of the text, so with these rules rendering stays linear.

`markdown_problem()` is the one check: the validator reports it, and the
renderer refuses text that breaks it, so neither can drift from the other.
"""
from __future__ import annotations

import re

MAX_LONG_TEXT = 5000
MAX_NESTING = 8
MAX_BRACKETS = 50
MAX_BRACKET_NESTING = 3

# One level of nesting at the current position of a line: a quote marker, or
# a list marker followed by a space (or ending the line).
_LEVEL = re.compile(r" {0,3}(?:>|[-+*](?= |$)|\d{1,9}[.)](?= |$)) ?")

# A line starting with what could be a level: indentation, a marker or a digit.
_MAYBE_NESTED = re.compile(r"(?:^|\n)(?:[ \t]|[>*+-]|\d)")


def nesting_depth(text: str) -> tuple[int, int]:
    """(deepest level of lists and quotes, offset of the line that has it).

    A line's level is its indentation in steps of four spaces (a tab counts
    as four) plus the quote and list markers it starts with; linear time."""
    if not _MAYBE_NESTED.search(text):  # most texts: no line starts like a level
        return 0, 0
    deepest, where, offset = 0, 0, 0
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        indent = len(line[:len(line) - len(body)].expandtabs(4))
        depth, pos = indent // 4, 0
        while True:
            m = _LEVEL.match(body, pos)
            if m is None or m.end() == pos:
                break
            depth, pos = depth + 1, m.end()
        if depth > deepest:
            deepest, where = depth, offset
        offset += len(line) + 1
    return deepest, where


# A backslash escape, a link target's start `](`, a bracket or a parenthesis.
_BRACKET = re.compile(r"\\.|\]\(|[\[\]()]", re.S)


def bracket_shape(text: str) -> tuple[int | None, int | None, int]:
    """(offset of the first `[` no `]` closes, offset of the first link target
    `](` no `)` closes, deepest nesting of closed brackets or of parentheses
    in link targets). `\\[` is not a bracket; parentheses outside link
    targets do not count."""
    brackets: list[int] = []
    parens: list[int] = []
    deepest = 0
    for m in _BRACKET.finditer(text):
        token = m.group()
        if token == "[":
            brackets.append(m.start())
        elif token[0] == "]":
            if brackets:
                deepest = max(deepest, len(brackets))
                brackets.pop()
            if token == "](":
                parens.append(m.start() + 1)
        elif token == "(" and parens:
            parens.append(m.start())
        elif token == ")" and parens:
            deepest = max(deepest, len(parens))
            parens.pop()
    return (brackets[0] if brackets else None), (parens[0] if parens else None), deepest


def markdown_problem(text: str) -> tuple[int, str, str] | None:
    """(offset, message, suggestion) if `text` breaks a limit, else None."""
    if len(text) > MAX_LONG_TEXT:
        return (0, f"文字太长（{len(text)} 字），每段正文不能超过 {MAX_LONG_TEXT} 字",
                "请删减，或把内容拆到几个条目里。")
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        return (text.index("["), f"方括号“[”太多（{brackets} 个），每段正文最多 {MAX_BRACKETS} 个",
                "方括号只用于链接（[文字](网址)）；其他地方请改用中文括号“【】”。")
    if brackets:
        unclosed, open_link, deepest = bracket_shape(text)
        if unclosed is not None:
            return (unclosed, "方括号“[”没有配对的“]”",
                    "链接要写成 [文字](网址)；不是链接的方括号请改用中文括号“【】”。")
        if open_link is not None:
            return (open_link, "链接的网址没有以“)”结束", "链接要写成 [文字](网址)。")
        if deepest > MAX_BRACKET_NESTING:
            return (text.index("["),
                    f"方括号或链接里的括号嵌套太深（{deepest} 层），最多 {MAX_BRACKET_NESTING} 层",
                    "请去掉多余的括号，或改用中文括号“【】”“（）”。")
    depth, where = nesting_depth(text)
    if depth > MAX_NESTING:
        return (where, f"列表或引用嵌套太深（{depth} 层），最多 {MAX_NESTING} 层",
                "请减少缩进层级，把深层内容改写成同一层的条目。")
    return None
