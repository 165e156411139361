"""Characters that no text field may hold, and how to name them to an editor.

Refused: C0 and C1 control characters other than newline and tab, Unicode
noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF on every plane), and bidi
embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069), which
can make text read differently from what it is. The validator, the table
importer and the issue converter all use this one check.
"""
from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    "\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff"
    "\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff"
    "\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)


def first_bad_char(text: str) -> tuple[int, str] | None:
    """(index, character) of the first refused character in `text`, or None."""
    if text.replace("\n", " ").isprintable():  # fast path: every refused character
        return None                             # is non-printable to Python
    m = _BAD.search(text)
    return (m.start(), m.group()) if m else None


def describe_char(ch: str) -> str:
    """`U+0000（控制字符）`: the code point and what kind of character it is, in Chinese."""
    cp = ord(ch)
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        kind = "双向文字控制符"
    elif unicodedata.category(ch) == "Cc":
        kind = "控制字符"
    else:
        kind = "非字符码位"
    return f"U+{cp:04X}（{kind}）"


def bad_char_message(text: str) -> str | None:
    """A Chinese message naming the first refused character in `text`, or None."""
    found = first_bad_char(text)
    if found is None:
        return None
    index, ch = found
    return (f"第 {index + 1} 个字符是不可见的 {describe_char(ch)}，不能出现在文字中，"
            "请删除它（常见于从网页或文档复制粘贴的文字）")


def visible(text: str) -> str:
    """`text` with every refused character written as `\\uXXXX`, safe to print."""
    return _BAD.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                    else f"\\U{ord(m.group()):08x}", text)
