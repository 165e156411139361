"""Propose record ids from Chinese titles, and know which ids are taken.

An id is `<region ids>-<pinyin words>`: the title is cut into words (jieba),
each word spelled in toneless pinyin (pypinyin) and the words joined by
hyphens, e.g. 上海市 + 金色学堂 -> `shanghai-jinse-xuetang`, 沙坪坝区 +
沙磁手工 -> `chongqing-shapingba-shaci-shougong`. Starting with the province
id lets CODEOWNERS route a record's review to its region's maintainers.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MAX_LEN = 60
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# punctuation and brackets that end a "word" in a title
_DROP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】（）()\[\]、，,。.:：;；!！?？·—\-_/]+")


def _words(text: str) -> list[str]:
    """Pinyin (or ASCII) spelling of each word of `text`, lowercase."""
    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(logging.WARNING)
    out = []
    for token in jieba.cut(text):
        token = _DROP.sub(" ", token).strip()
        if not token:
            continue
        spelled = "".join(lazy_pinyin(token, style=Style.NORMAL, errors="default")).lower()
        out.extend(_ASCII_WORD.findall(spelled.replace("ü", "v")))
    return out


def slug(text: str, max_len: int = MAX_LEN) -> str:
    """`text` as an id: pinyin words joined by hyphens, cut at a word boundary."""
    parts: list[str] = []
    for word in _words(text):
        if len("-".join([*parts, word])) > max_len:
            break
        parts.append(word)
    return "-".join(parts)


def propose_id(title: str, prefix: str = "", strip: Iterable[str] = (),
               taken: set[str] | frozenset[str] | dict[str, object] = frozenset()) -> str:
    """A readable, unused id for a record called `title`, starting with `prefix`.

    `prefix` is the region part (`chongqing-shapingba`, see `region_prefix`).
    Leading names in `strip` (e.g. 重庆市, 沙坪坝区) are dropped from the title
    first, because the prefix already says them. If the id is taken, `-2`,
    `-3` … is appended.
    """
    rest, names = title.strip(), sorted(filter(None, strip), key=len, reverse=True)
    stripped = True
    while stripped:  # 重庆市沙坪坝区… loses both the city and the district
        stripped = False
        for name in names:
            if rest.startswith(name) and len(rest) > len(name):
                rest, stripped = rest[len(name):], True
                break
    base = slug(rest, MAX_LEN - (len(prefix) + 1 if prefix else 0)) or "record"
    if prefix and not base.startswith(prefix + "-"):
        base = f"{prefix}-{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
