"""What the search knows of one record: text, card fields and facets.

The searchable text is every human-readable field of the record (Markdown
reduced to text) plus the Chinese names of its taxonomy terms and its type, so
that a reader who types what a record page shows finds the record. Ids,
dates of last update, source URLs and references to other records are left
out. Which fields hold taxonomy ids or record references is read from the
JSON Schemas (`x-taxonomy`, `x-ref`), so new fields are picked up by themselves.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from casebook.load import Corpus, Record
from casebook.paths import SCHEMAS
from casebook.relate import TYPE_NAMES
from casebook.status import status_label

# Fields that are bookkeeping, not text a reader searches for.
SKIP_FIELDS = frozenset({"id", "$schema", "aliases", "status", "updated", "url", "coverage"})
# Facets: URL/filter key -> (record field, taxonomy vocabulary or None).
FACETS: dict[str, tuple[str, str | None]] = {
    "region": ("region", "regions"),
    "task": ("tasks", "tasks"),
    "type": ("", None),
    "kind": ("kind", "case_kinds"),
    "year": ("year", None),
    "audience": ("audiences", "audiences"),
    "status": ("status", None),
}
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"[*_`#>|~]+")


@dataclass
class SearchDoc:
    """One record as the search index sees it."""

    url: str                      # site-relative, e.g. "cases/foo/"
    text: str                     # searchable plain text
    meta: dict[str, str]          # card fields (title, type, region, year, summary)
    filters: dict[str, list[str]] = field(default_factory=dict)
    heads: list[str] = field(default_factory=list)  # title and 文号: exact and title hits
    id: str = ""                  # record id (data-record-id on a result)


    @property
    def title(self) -> str:
        return self.meta["title"]


def _scan_schema(node: Any, prop: str | None, found: dict[str, tuple[str, Any]]) -> None:
    if isinstance(node, list):
        for item in node:
            _scan_schema(item, prop, found)
        return
    if not isinstance(node, dict):
        return
    if prop is not None:
        for key in ("x-taxonomy", "x-ref"):
            if key in node:
                found.setdefault(prop, (key, node[key]))
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                _scan_schema(sub, name, found)
        elif key in ("items", "allOf", "anyOf", "oneOf"):
            _scan_schema(value, prop, found)
        elif key == "$defs" and isinstance(value, dict):
            for sub in value.values():
                _scan_schema(sub, None, found)


@lru_cache(maxsize=1)
def schema_fields(schemas: Path = SCHEMAS) -> dict[str, tuple[str, Any]]:
    """Property name -> ("x-taxonomy", vocab) or ("x-ref", type), over all schemas."""
    found: dict[str, tuple[str, Any]] = {}
    for path in sorted(schemas.glob("*.schema.json")):
        _scan_schema(json.loads(path.read_text(encoding="utf-8")), None, found)
    return found


def markdown_text(value: str) -> str:
    """Markdown reduced to its words (link targets and markup dropped)."""
    return _MD_MARKUP.sub(" ", _MD_LINK.sub(r"\1", value))


class Labels:
    """Taxonomy id -> Chinese name, and region ancestry."""

    def __init__(self, taxonomy: dict[str, list[dict[str, Any]]]) -> None:
        self.terms = {vocab: {str(t["id"]): t for t in terms or []}
                      for vocab, terms in taxonomy.items()}

    def name(self, vocab: str, term_id: Any) -> str:
        term = self.terms.get(vocab, {}).get(str(term_id))
        return str(term["name"]) if term else str(term_id)

    def region_with_ancestors(self, region_id: str) -> list[str]:
        out = [region_id]
        current = self.terms.get("regions", {}).get(region_id)
        while current and current.get("parent") and current["parent"] not in out:
            out.append(current["parent"])
            current = self.terms["regions"].get(current["parent"])
        return out


def _texts(value: Any, prop: str | None, labels: Labels) -> Iterator[str]:
    kind = schema_fields().get(prop or "")
    if prop in SKIP_FIELDS or (kind and kind[0] == "x-ref"):
        return
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _texts(sub, key, labels)
    elif isinstance(value, list):
        for sub in value:
            yield from _texts(sub, prop, labels)
    elif kind and kind[0] == "x-taxonomy":
        yield labels.name(kind[1], value)
    elif isinstance(value, str):
        yield markdown_text(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)


def search_text(record: Record, labels: Labels) -> str:
    """The record's searchable text: title first, then every other field."""
    data = record.data
    parts = [str(data.get("title", "")), TYPE_NAMES.get(record.type, record.type)]
    rest = {k: v for k, v in data.items() if k != "title"}
    parts.extend(_texts(rest, None, labels))
    return "\n".join(p for p in parts if p)


def facet_values(record: Record, labels: Labels) -> dict[str, list[str]]:
    """Filter values (taxonomy ids) per facet; a region brings its ancestors."""
    data = record.data
    out: dict[str, list[str]] = {}
    for key, (fld, _vocab) in FACETS.items():
        if key == "type":
            values = [record.type]
        elif key == "region":
            values = labels.region_with_ancestors(str(data["region"])) if data.get("region") else []
        else:
            raw = data.get(fld)
            values = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if v is not None]
        if values:
            out[key] = values
    return out


def record_doc(record: Record, labels: Labels) -> SearchDoc:
    data = record.data
    year = str(data.get("year") or "")
    meta = {
        "title": str(data.get("title", record.id)),
        "type": TYPE_NAMES.get(record.type, record.type),
        "region": labels.name("regions", data["region"]) if data.get("region") else "",
        "year": year,
        "summary": str(data.get("summary", "")),
        "status": status_label(str(data["status"])) if data.get("status") else "",
    }
    heads = [meta["title"]] + ([str(data["doc_no"])] if data.get("doc_no") else [])
    return SearchDoc(url=record.url, text=search_text(record, labels), meta=meta,
                     filters=facet_values(record, labels), heads=heads, id=record.id)


def corpus_docs(corpus: Corpus) -> list[SearchDoc]:
    labels = Labels(corpus.taxonomy)
    return [record_doc(r, labels) for r in corpus.records]
