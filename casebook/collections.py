"""Collections (专题): curated lists of records that organisers link, print and embed.

A collection is a file `content/collections/<id>.yml` (schema
`schemas/collection.schema.json`). It is not a record: it has no record page,
is not in `records.json` and is not counted; it *points at* records, either

- `items`: an ordered list of `{id, note?}` (record ids of any type), or
- `filter`: a saved filter that the build resolves to records. Keys are
  `FILTERS` (`region`, `task`, `kind`, `year`, `theme`, `audience`, `type`);
  a value is one id or a list of ids. Keys combine with AND, the values of a
  list with OR; a region matches its own records and those of the regions
  below it. `sort` orders the result (`SORTS`).

`record_matches()` works on raw (type, data) pairs so that the validator can
use it before anything is loaded; `collections_for(index)` resolves every
collection against a built `relate.Index`, once per index.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.load import Record, is_content_file, read_yaml
from casebook.paths import COLLECTION_DIR, CONTENT
from casebook.relate import TYPE_NAMES, Index, as_list, sort_key


@dataclass(frozen=True)
class FilterKey:
    """One key of a saved filter: the vocabulary its values come from and
    how to read the matching values off a record."""

    key: str
    label: str
    vocab: str | None                           # taxonomy vocabulary, None: years / types
    values: Callable[[str, Mapping[str, Any]], list[Any]]


def _field(name: str) -> Callable[[str, Mapping[str, Any]], list[Any]]:
    return lambda rtype, data: as_list(data.get(name))


FILTERS: dict[str, FilterKey] = {f.key: f for f in (
    FilterKey("region", "地区", "regions", _field("region")),
    FilterKey("task", "重点任务", "tasks", _field("tasks")),
    FilterKey("kind", "案例类型", "case_kinds", _field("kind")),
    FilterKey("year", "年度", None, _field("year")),
    FilterKey("theme", "主题", "themes", _field("themes")),
    FilterKey("audience", "面向人群", "audiences", _field("audiences")),
    FilterKey("type", "记录类型", None, lambda rtype, data: [rtype]),
)}

def _newest_first(field: str) -> Callable[[list[Record]], list[Record]]:
    def order(records: list[Record]) -> list[Record]:
        by_id = sorted(records, key=lambda r: r.id)
        return sorted(by_id, key=lambda r: str(r.data.get(field) or ""), reverse=True)
    return order


SORTS: dict[str, tuple[str, Callable[[list[Record]], list[Record]]]] = {
    # name in the `sort` field: (label on the page, ordering); ties go by id
    "default": ("案例在前，地方经验优先，年度从新到旧", lambda rs: sorted(rs, key=sort_key)),
    "year": ("年度从新到旧", _newest_first("year")),
    "updated": ("最近更新在前", _newest_first("updated")),
    "title": ("按标题", lambda rs: sorted(rs, key=lambda r: (str(r.data.get("title", "")), r.id))),
}


def filter_values(flt: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The filter with every value as a list (unknown keys dropped)."""
    return {k: as_list(v) for k, v in flt.items() if k in FILTERS}


def record_matches(flt: Mapping[str, Any], rtype: str, data: Mapping[str, Any],
                   ancestors: Callable[[str], Iterable[str]]) -> bool:
    """Whether a record (its type and fields) passes a saved filter.

    `ancestors(region_id)` lists the regions above a region, so that a
    filter on a province also matches its cities and districts.
    """
    for key, wanted in filter_values(flt).items():
        have = FILTERS[key].values(rtype, data)
        if key == "region":
            have = [a for r in have if isinstance(r, str) for a in (r, *ancestors(r))]
        if not any(w in have for w in wanted):
            return False
    return True


@dataclass
class Collection:
    """One collection file: its path and field values (validated beforehand)."""

    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return str(self.data.get("title", self.id))

    @property
    def url(self) -> str:
        """Site-relative URL of the collection page, e.g. `collections/foo/`."""
        return f"{COLLECTION_DIR}/{self.id}/"

    @property
    def embed_url(self) -> str:
        """Site-relative URL of the embeddable view (no site chrome)."""
        return f"embed/{COLLECTION_DIR}/{self.id}/"

    @property
    def is_filter(self) -> bool:
        return "filter" in self.data


@dataclass(frozen=True)
class Item:
    """A record in a collection, with the editor's note (items only)."""

    record: Record
    note: str | None = None


def collection_files(root: Path = CONTENT) -> list[Path]:
    """Collection files under `root`, sorted (`is_content_file` only)."""
    folder = root / COLLECTION_DIR
    if folder.is_symlink():  # never read through a linked folder
        return []
    return [p for p in sorted(folder.glob("*.yml")) if is_content_file(p)]


def load_collections(root: Path = CONTENT) -> list[Collection]:
    """Read every collection file (raises `load.ContentError` on a broken file)."""
    return [Collection(path, read_yaml(path)) for path in collection_files(root)]


def resolve(collection: Collection, index: Index) -> list[Item]:
    """The records of a collection, in order. Ids that no record has are
    left out (the validator refuses them, so this only matters for drafts)."""
    data = collection.data
    if not collection.is_filter:
        out = []
        for entry in data.get("items") or []:
            record = index.by_id.get(entry.get("id")) if isinstance(entry, dict) else None
            if record is not None:
                out.append(Item(record, entry.get("note")))
        return out
    flt = data.get("filter") or {}
    found = [r for r in index.records
             if record_matches(flt, r.type, r.data, index.region_ancestors)]
    _, order = SORTS[data.get("sort", "default")]
    return [Item(r) for r in order(found)]


def describe_filter(collection: Collection, name: Callable[[str, Any], str]) -> list[str]:
    """The filter in words, one line per key, e.g. `主题：学分银行 或 资历框架`.

    `name(vocab, id)` gives a term's Chinese name."""
    lines = []
    for key, values in filter_values(collection.data.get("filter") or {}).items():
        spec = FILTERS[key]
        if spec.vocab:
            words = [name(spec.vocab, v) for v in values]
        elif key == "year":
            words = [f"{v}年" for v in values]
        else:
            words = [TYPE_NAMES.get(v, str(v)) for v in values]
        suffix = "（含下辖地区）" if key == "region" else ""
        lines.append(f"{spec.label}：{' 或 '.join(words)}{suffix}")
    return lines


@dataclass
class CollectionSet:
    """Every collection of a build, resolved, plus the reverse lookup 收录于."""

    collections: list[Collection]
    items: dict[str, list[Item]] = field(default_factory=dict)      # collection id -> items
    including: dict[str, list[Collection]] = field(default_factory=dict)  # record id -> cols

    def __iter__(self) -> Iterator[Collection]:
        return iter(self.collections)

    def __len__(self) -> int:
        return len(self.collections)


def build_collection_set(index: Index) -> CollectionSet:
    """Load the collections of the index's content root and resolve them.
    Listed newest `updated` first, then by title."""
    cols = load_collections(index.corpus.root)
    cols.sort(key=lambda c: (str(c.data.get("title", "")), c.id))
    cols.sort(key=lambda c: str(c.data.get("updated", "")), reverse=True)
    out = CollectionSet(cols)
    for c in cols:
        out.items[c.id] = resolve(c, index)
        for item in out.items[c.id]:
            bucket = out.including.setdefault(item.record.id, [])
            if c not in bucket:
                bucket.append(c)
    return out


_last: tuple[Index, CollectionSet] | None = None


def collections_for(index: Index) -> CollectionSet:
    """The resolved collections of the content tree behind `index`, computed
    once per index (page renderers and exports all call this)."""
    global _last
    if _last is None or _last[0] is not index:
        _last = (index, build_collection_set(index))
    return _last[1]
