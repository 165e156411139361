"""Text normalisation shared by the index and the query.

`normalize()` = NFKC (full-width forms, compatibility ideographs), diacritics
removed, lower case, traditional → simplified characters with a char-level
table generated from OpenCC's `TSCharacters.txt` (package
`opencc-python-reimplemented`, pinned in requirements.txt). The browser gets
the same table as `search/t2s.json` and applies the same steps.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from functools import lru_cache
from importlib import resources

T2S_SOURCE = ("opencc", "dictionary/TSCharacters.txt")


def _single(ch: str) -> bool:
    return len(ch) == 1


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional → simplified, one character to one character.

    Takes the first candidate of each OpenCC entry, follows chains to a fixed
    point and drops identities, so applying the table twice changes nothing.
    """
    package, name = T2S_SOURCE
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    raw: dict[str, str] = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if _single(key) and _single(first):
            raw[key] = first
    table: dict[str, str] = {}
    for key, value in raw.items():
        seen = {key}
        while value in raw and value not in seen:
            seen.add(value)
            value = raw[value]
        if value != key:
            table[key] = value
    return table


def t2s_buckets() -> dict[str, str]:
    """The table as browser assets, one per block of 256 code points (hex id):
    a query loads only the blocks of its own characters. Each asset is
    `{"from": ..., "to": ...}`, two strings of equal length in code points."""
    groups: dict[str, list[str]] = {}
    for key in sorted(t2s_table()):
        groups.setdefault(format(ord(key) >> 8, "x"), []).append(key)
    table = t2s_table()
    return {bucket: json.dumps({"from": "".join(keys), "to": "".join(table[k] for k in keys)},
                               ensure_ascii=False, separators=(",", ":"))
            for bucket, keys in groups.items()}


@lru_cache(maxsize=1)
def _t2s_translation() -> dict[int, str]:
    return {ord(k): v for k, v in t2s_table().items()}


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    """Combining marks (Unicode M*), built once from the Unicode database."""
    chars = [chr(cp) for cp in range(sys.maxunicode + 1)
             if unicodedata.category(chr(cp)).startswith("M")]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]+")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text:
        return text
    return unicodedata.normalize("NFC", _marks().sub("", decomposed))


def normalize(text: str) -> str:
    """NFKC, no diacritics, lower case, simplified characters."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _strip_marks(text)
    return text.lower().translate(_t2s_translation())
