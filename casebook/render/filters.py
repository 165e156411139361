"""Filters on listing pages, as links to the search page with no query.

The search page (`/search/?type=case&region=…&status=complete`, see
casebook/search) already filters and counts in the browser; listings do not
build a second filter UI. `type_filters` gives, for one record type, every
filter value that has records of that type, with its count, computed at build
time, so that no link leads to an empty result.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from casebook.load import Record
from casebook.relate import Index, as_list
from casebook.render.view import View, render_template
from casebook.status import STATUS_ORDER, status_label

# Browse dimension key -> the search page's URL parameter (its URL contract).
SEARCH_PARAM = {"regions": "region", "tasks": "task", "kinds": "kind", "years": "year",
                "audiences": "audience"}
COMPLETE = "complete"


@dataclass(frozen=True)
class FilterGroup:
    """One row of filter links: a label, the URL parameter and (value, name, count)."""

    label: str
    param: str
    options: list[tuple[Any, str, int]]


def _top_region(index: Index, region: Any) -> Any:
    ancestors = index.region_ancestors(region) if region else []
    return ancestors[-1] if ancestors else region


def type_filters(index: Index, rtype: str) -> list[FilterGroup]:
    """Region, task, kind, year and completeness links for the records of `rtype`."""
    records = index.by_type.get(rtype, [])
    regions = Counter(_top_region(index, r.data.get("region")) for r in records)
    tasks = Counter(t for r in records for t in as_list(r.data.get("tasks")))
    kinds = Counter(r.data.get("kind") for r in records if r.data.get("kind"))
    years = Counter(r.data.get("year") for r in records if r.data.get("year"))
    statuses = Counter(r.data.get("status") for r in records)

    def ordered(vocab: str, counts: Counter) -> list[tuple[Any, str, int]]:
        terms = index.terms.get(vocab, {})
        known = [(tid, str(t.get("short") or t.get("name", tid)), counts[tid])
                 for tid, t in terms.items() if counts.get(tid)]
        return sorted(known, key=lambda o: -o[2])

    groups = [
        FilterGroup("地区", "region", ordered("regions", regions)),
        FilterGroup("重点任务", "task", ordered("tasks", tasks)),
        FilterGroup("案例类型", "kind", ordered("case_kinds", kinds)),
        FilterGroup("年度", "year", [(y, f"{y}年", n) for y, n in
                                    sorted(years.items(), reverse=True)]),
        FilterGroup("内容完整度", "status", [(s, status_label(s), statuses[s])
                                        for s in STATUS_ORDER if statuses.get(s)]),
    ]
    return [g for g in groups if g.options]


def complete_count(records: Sequence[Record]) -> int:
    return sum(1 for r in records if r.data.get("status") == COMPLETE)


def filter_bar(v: View, records: Sequence[Record], base: dict[str, Any],
               groups: list[FilterGroup] | None = None) -> str:
    """The filter links above a listing of `records`; `base` holds the search
    parameters the listing stands for (e.g. {"type": "case"})."""
    return render_template("filters.html", v=v, base=base, groups=groups or [],
                           complete=complete_count(records))
