"""Pagefind's metadata file, rewritten so that its page ids are row numbers.

Pagefind names each page by the hash of its fragment (`und_4bdb79c`) and
lists those names in `pagefind.<hash>.pf_meta`, the one file every search
loads first. The search page never loads Pagefind's fragments: cards and
facets come from the search table (`casebook.search.table`), whose rows are
Pagefind's page numbers. So the page names are replaced by those numbers
(`"0"`, `"1"`, …): a search result's `id` is then its row, and the metadata
shrinks by the 10,000 random hashes (about 40 % at 10,000 records). Word
counts, which Pagefind's ranking uses only to weigh page length, are rounded
to the nearest power of 1.25 (`rounded_count`): a 10 % difference in length
hardly moves a rank, and the rounded counts compress far better.

The first word of each index chunk is returned too: the search page needs
them to load every chunk a prefix spans (`tokenize`).

The file is `pagefind_dcd` + CBOR, gzipped. The CBOR subset Pagefind 1.5
writes (unsigned and negative integers, strings, definite arrays) is decoded
and re-encoded here; a round trip of the untouched file must reproduce it
byte for byte, so a Pagefind release that changes the format stops the build
instead of shipping a broken index.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import math
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
PAGES = 1  # index of the page list in the metadata array: [[name, word_count], ...]
CHUNKS = 2  # index of the index-chunk list: [[first word, last word, file name], ...]
COUNT_STEP = 1.25


@dataclass
class Numbered:
    """What `number_pages` found: page URLs in row order, and the first word of
    every index chunk, in Pagefind's (byte) order."""

    urls: list[str]
    chunk_starts: list[str]


class FormatChanged(RuntimeError):
    """Pagefind wrote something this module does not know how to rewrite."""


def read_pf(path: Path) -> bytes:
    """The CBOR payload of a Pagefind file."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise FormatChanged(f"{path}: no {MAGIC!r} header")
    return raw[len(MAGIC):]


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item from `data` at `at`; returns (item, next offset)."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise FormatChanged(f"CBOR item {head:#x} at {at - 1} is not supported")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise FormatChanged(f"CBOR major type {major} at {at - 1} is not supported")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 << (info - 24)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise ValueError(value)


def encode(item: Any) -> bytes:
    """CBOR for the subset `decode` reads (shortest integer forms, as Pagefind writes)."""
    if isinstance(item, int) and not isinstance(item, bool):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(x) for x in item)
    raise TypeError(f"cannot encode {type(item).__name__}")


def rounded_count(count: int) -> int:
    """`count` rounded to the nearest power of `COUNT_STEP` (at least 1)."""
    return max(1, round(COUNT_STEP ** round(math.log(max(count, 1), COUNT_STEP))))


def _fragment_url(pagefind: Path, name: str) -> str:
    return json.loads(read_pf(pagefind / "fragment" / f"{name}.pf_fragment"))["url"]


def number_pages(pagefind: Path, language: str) -> Numbered:
    """Rename Pagefind's pages to their row numbers and drop the fragments;
    returns the pages' URLs (site-relative, as in records.json) in row order
    and the chunks' first words."""
    entry_path = pagefind / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    meta_path = pagefind / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
    payload = read_pf(meta_path)
    meta, end = decode(payload)
    if end != len(payload) or encode(meta) != payload:
        raise FormatChanged(f"{meta_path.name}: re-encoding does not reproduce the file")
    pages = meta[PAGES]
    urls = [_fragment_url(pagefind, name).strip("/") + "/" for name, _count in pages]
    meta[PAGES] = [[str(row), rounded_count(count)] for row, (_name, count) in enumerate(pages)]
    data = MAGIC + encode(meta)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:11]}"
    meta_path.unlink()
    (pagefind / f"pagefind.{name}.pf_meta").write_bytes(gzip.compress(data, 9, mtime=0))
    entry["languages"][language]["hash"] = name
    entry_path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(pagefind / "fragment")
    return Numbered(urls, [first for first, _last, _name in meta[CHUNKS]])
