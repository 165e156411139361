"""Cross-references, backlinks, region roll-up, listings and similar cases,
computed once.

`build_index(corpus)` walks the records a fixed number of times and returns an
`Index` that every page renderer reads from; no renderer scans all records.
Dangling references (an id that no record has) are kept as links with no
target record, so pages can show them as "未收录" instead of crashing; the
validator is what refuses them.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from casebook.load import Corpus, Record
from casebook.paths import RECORD_DIRS

T = TypeVar("T")

TYPE_ORDER = {"case": 0, "course": 1, "policy": 2}
TYPE_NAMES = {"case": "案例", "course": "课程", "policy": "政策文件"}
EXPERIENCE_KIND = "regional-experience"
# 相似案例 on record pages: at most this many, and records that share only a
# task (no theme or audience) fill the list up to SIMILAR_MIN.
SIMILAR_MAX = 5
SIMILAR_MIN = 3
# Path segment used by paginated listings (`cases/page/2/`); no record may use it as id.
PAGE_SEGMENT = "page"

# Relation fields per record type: (field, label on the source, label on the target).
RELATIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "case": (
        ("cases", "相关案例", "被以下案例或地方经验引用"),
        ("policies", "相关政策文件", "引用本文件的案例"),
        ("courses", "相关课程", "介绍本课程的案例"),
    ),
    "course": (("case", "所属案例", "本案例的课程"),),
    "policy": (
        ("based_on", "依据", "以本文件为依据的文件"),
        ("forwards", "转发", "转发本文件的文件"),
        ("cites", "文中提到的文件", "提到本文件的文件"),
    ),
}


@dataclass(frozen=True)
class Link:
    """One reference from `source` (a record id) to `target` (an id) via `field`."""

    source: str
    target: str
    field: str
    label: str


@dataclass(frozen=True)
class Dimension:
    """A way to browse records: by region, task, kind, year, audience or theme."""

    key: str          # URL prefix and dict key, e.g. "regions"
    label: str        # Chinese name, e.g. "地区"
    vocab: str | None  # taxonomy vocabulary, or None (years)
    values: Callable[[Record], Iterable[Any]]


def as_list(value: Any) -> list[Any]:
    """`None` -> [], a list or tuple -> a list, anything else -> [it]."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("regions", "地区", "regions", lambda r: as_list(r.data.get("region"))),
    Dimension("tasks", "重点任务", "tasks", lambda r: as_list(r.data.get("tasks"))),
    Dimension("kinds", "案例类型", "case_kinds", lambda r: as_list(r.data.get("kind"))),
    Dimension("years", "年度", None, lambda r: as_list(r.data.get("year"))),
    Dimension("audiences", "面向人群", "audiences", lambda r: as_list(r.data.get("audiences"))),
    Dimension("themes", "主题", "themes", lambda r: as_list(r.data.get("themes"))),
)
DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}


def sort_key(record: Record) -> tuple:
    """Default listing order: type, experiences first, newest year, title."""
    return (
        TYPE_ORDER.get(record.type, 9),
        0 if record.data.get("kind") == EXPERIENCE_KIND else 1,
        -int(record.data.get("year") or 0),
        record.data.get("title", ""),
        record.id,
    )


def policy_date(record: Record) -> str:
    """The date a policy is filed under: issued, else published, else its year."""
    d = record.data
    return str(d.get("issued") or d.get("published") or d.get("year") or "")


def paginate(items: Sequence[T], per_page: int) -> list[Sequence[T]]:
    """Split `items` into pages of `per_page`; an empty list still gives one page."""
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    return pages or [items[:0]]


def page_url(base: str, number: int) -> str:
    """URL of page `number` (1-based) of the listing at `base` (e.g. `cases/`)."""
    return base if number == 1 else f"{base}{PAGE_SEGMENT}/{number}/"


@dataclass
class Index:
    """Everything the renderers need, precomputed from a corpus."""

    corpus: Corpus
    terms: dict[str, dict[str, dict[str, Any]]]
    records: list[Record]
    by_id: dict[str, Record]
    outgoing: dict[str, list[Link]]
    incoming: dict[str, list[Link]]
    region_children: dict[str, list[str]]
    experiences: dict[str, list[Record]]          # region id -> its own experiences
    groups: dict[str, dict[Any, list[Record]]]    # dimension key -> value -> records (sorted)
    by_type: dict[str, list[Record]] = field(default_factory=dict)
    # HTML fragments that many pages repeat (see `View.once`), for this index only.
    render_cache: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)
    # (task, theme or audience) -> case ids, built on the first `similar_cases` call.
    _postings: dict[tuple[str, str], list[str]] | None = field(
        default=None, repr=False, compare=False)
    _case_meta: dict[str, tuple[frozenset[str], int]] = field(
        default_factory=dict, repr=False, compare=False)
    _newest_cases: dict[str, list[tuple[int, str]]] = field(
        default_factory=dict, repr=False, compare=False)

    # --- taxonomy -----------------------------------------------------------
    def term(self, vocab: str, term_id: Any) -> dict[str, Any] | None:
        return self.terms.get(vocab, {}).get(term_id)

    def name(self, vocab: str, term_id: Any) -> str:
        """Chinese name of a taxonomy term, or the id itself when unknown."""
        t = self.term(vocab, term_id)
        return str(t["name"]) if t else str(term_id)

    def region_ancestors(self, region_id: str) -> list[str]:
        """Parents of a region, nearest first (cycle-safe)."""
        out: list[str] = []
        current = self.term("regions", region_id)
        while current and current.get("parent") and current["parent"] not in out:
            out.append(current["parent"])
            current = self.term("regions", current["parent"])
        return out

    # --- records -------------------------------------------------------------
    def experiences_for(self, record: Record) -> list[Record]:
        """Regional experiences covering the record's region (its own or an ancestor's)."""
        region = record.data.get("region")
        if not region:
            return []
        found: list[Record] = []
        for rid in [region, *self.region_ancestors(region)]:
            found.extend(e for e in self.experiences.get(rid, []) if e.id != record.id)
        return found

    def all_experiences(self) -> list[Record]:
        """All regional experiences, ordered by their region's code."""
        exps = [e for lst in self.experiences.values() for e in lst]
        return sorted(exps, key=lambda e: (
            str((self.term("regions", e.data.get("region")) or {}).get("code", "")), e.id))

    def latest(self, n: int) -> list[Record]:
        """The `n` most recently updated records (ties: by id)."""
        return sorted(self.records, key=lambda r: (str(r.data.get("updated", "")), r.id),
                      reverse=True)[:n]

    def group(self, dim: str, value: Any) -> list[Record]:
        return self.groups.get(dim, {}).get(value, [])

    def counts(self, dim: str) -> dict[Any, int]:
        return {k: len(v) for k, v in self.groups.get(dim, {}).items()}

    def related_ids(self, record: Record) -> set[str]:
        """Ids the record page already lists under 相关记录 (both directions)."""
        return ({link.target for link in self.outgoing.get(record.id, [])}
                | {link.source for link in self.incoming.get(record.id, [])}
                | {e.id for e in self.experiences_for(record)})

    def similar_cases(self, record: Record) -> list[Record]:
        """Up to SIMILAR_MAX cases that share a task with `record` and the most
        themes and audiences; not the record itself nor its related records.

        Order: shared themes + audiences, then shared tasks (both more first),
        then the newer year, then id. When fewer than SIMILAR_MIN share a theme
        or audience, the newest cases of the same task (then by id) fill up.
        """
        tasks = set(as_list(record.data.get("tasks")))
        skip = self.related_ids(record) | {record.id}
        postings = self._case_postings()
        shared: dict[str, int] = defaultdict(int)
        for feature in _features(record):
            for cid in set().union(*(postings.get((t, feature), ()) for t in tasks)) - skip:
                shared[cid] += 1

        def rank(cid: str) -> tuple:
            case_tasks, year = self._case_meta[cid]
            return (-shared.get(cid, 0), -len(tasks & case_tasks), -year, cid)

        # Rank only the candidates of the highest scores that can make the list.
        by_score: dict[int, list[str]] = defaultdict(list)
        for cid, n in shared.items():
            by_score[n].append(cid)
        pool: list[str] = []
        for n in sorted(by_score, reverse=True):
            pool += by_score[n]
            if len(pool) >= SIMILAR_MAX:
                break
        best = heapq.nsmallest(SIMILAR_MAX, pool, key=rank)
        if len(best) < SIMILAR_MIN:
            newest = heapq.merge(*(self._newest_cases[t] for t in sorted(tasks)))
            for _, cid in newest:
                if cid not in skip and cid not in shared and cid not in best:
                    best.append(cid)
                    if len(best) == SIMILAR_MIN:
                        break
        return [self.by_id[cid] for cid in best]

    def _case_postings(self) -> dict[tuple[str, str], list[str]]:
        if self._postings is None:
            postings: dict[tuple[str, str], list[str]] = defaultdict(list)
            for c in self.by_type.get("case", []):
                for t in as_list(c.data.get("tasks")):
                    for feature in _features(c):
                        postings[(t, feature)].append(c.id)
            self._postings = dict(postings)
            self._case_meta = {c.id: (frozenset(as_list(c.data.get("tasks"))),
                                      int(c.data.get("year") or 0))
                               for c in self.by_type.get("case", [])}
            newest: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for cid, (case_tasks, year) in self._case_meta.items():
                for t in case_tasks:
                    newest[t].append((-year, cid))
            self._newest_cases = defaultdict(list, {t: sorted(v) for t, v in newest.items()})
        return self._postings

    def policies_by_date(self) -> list[Record]:
        """Policies, newest first."""
        return sorted(self.by_type.get("policy", []),
                      key=lambda r: (policy_date(r), r.id), reverse=True)


def _features(record: Record) -> set[str]:
    """Themes and audiences of a record, as comparable keys."""
    return ({f"theme:{t}" for t in as_list(record.data.get("themes"))}
            | {f"audience:{a}" for a in as_list(record.data.get("audiences"))})


def _check_reserved(records: Iterable[Record]) -> None:
    for r in records:
        for rid in [r.id, *as_list(r.data.get("aliases"))]:
            if rid == PAGE_SEGMENT:
                raise ValueError(
                    f"{r.path}: id: \"{PAGE_SEGMENT}\" 是分页网址保留字，"
                    f"请换一个编号（例如 \"{PAGE_SEGMENT}-1\"）")


def build_index(corpus: Corpus) -> Index:
    """Precompute links, backlinks, region roll-up and browse groups."""
    terms = {vocab: {t["id"]: t for t in (items or []) if isinstance(t, dict) and "id" in t}
             for vocab, items in (corpus.taxonomy or {}).items()}
    records = list(corpus.records)
    _check_reserved(records)
    by_id = {r.id: r for r in records}

    outgoing: dict[str, list[Link]] = defaultdict(list)
    incoming: dict[str, list[Link]] = defaultdict(list)
    for r in records:
        for fld, label, back_label in RELATIONS.get(r.type, ()):
            for target in as_list(r.data.get(fld)):
                outgoing[r.id].append(Link(r.id, target, fld, label))
                incoming[target].append(Link(r.id, target, fld, back_label))

    children: dict[str, list[str]] = defaultdict(list)
    for tid, t in terms.get("regions", {}).items():
        if t.get("parent"):
            children[t["parent"]].append(tid)

    experiences: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.type == "case" and r.data.get("kind") == EXPERIENCE_KIND and r.data.get("region"):
            experiences[r.data["region"]].append(r)

    index = Index(corpus=corpus, terms=terms, records=records, by_id=by_id,
                  outgoing=dict(outgoing), incoming=dict(incoming),
                  region_children=dict(children), experiences=dict(experiences), groups={})

    groups: dict[str, dict[Any, list[Record]]] = {d.key: defaultdict(list) for d in DIMENSIONS}
    for r in records:
        for dim in DIMENSIONS:
            values = dim.values(r)
            if dim.key == "regions":
                values = [v2 for v in values for v2 in [v, *index.region_ancestors(v)]]
            for v in dict.fromkeys(values):
                groups[dim.key][v].append(r)
    index.groups = {k: {v: sorted(lst, key=sort_key) for v, lst in g.items()}
                    for k, g in groups.items()}

    by_type: dict[str, list[Record]] = {t: [] for t in RECORD_DIRS}
    for r in sorted(records, key=sort_key):
        by_type.setdefault(r.type, []).append(r)
    index.by_type = by_type
    return index
