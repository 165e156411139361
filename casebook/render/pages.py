"""The list of pages the site generates, each with a lazy renderer.

`plan(index, options)` returns one `PageSpec` per generated page. Nothing is
rendered until `PageSpec.render()` is called, so MkDocs (or a test) renders
each page once, when it needs it, and no page renders more than its own
chunk of records: listings are paginated by `options.per_page`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from casebook.load import Record
from casebook.relate import (
    DIMENSIONS,
    TYPE_NAMES,
    Dimension,
    Index,
    page_url,
    paginate,
)
from casebook.render.collections import collection_pages  # also registers 收录于
from casebook.render.filters import SEARCH_PARAM, filter_bar, type_filters
from casebook.render.record import Rendered, render_record
from casebook.render.view import SiteOptions, View, render_template


@dataclass
class PageSpec:
    """A generated page: its site-relative URL, title and renderer."""

    url: str                                  # e.g. "cases/foo/" ("" is the home page)
    title: str                                # plain text, not escaped
    build: Callable[[View], Rendered]
    description: str | None = None            # plain text, not escaped
    hide: tuple[str, ...] = ()                # Material `hide` front matter
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"

    def render(self, index: Index, options: SiteOptions) -> Rendered:
        return self.build(View(index, options, self.url))


def _blocks(records: Sequence[Record]) -> list[tuple[str, list[Record]]]:
    """Consecutive runs of the same record type."""
    out: list[tuple[str, list[Record]]] = []
    for r in records:
        if out and out[-1][0] == r.type:
            out[-1][1].append(r)
        else:
            out.append((r.type, [r]))
    return out


def listing_pages(base: str, title: str, records: Sequence[Record], per_page: int,
                  intro: Callable[[View], Markup] | None = None, table: str | None = None,
                  description: str | None = None) -> list[PageSpec]:
    """Paginated listing of `records` at `base`, `base/page/2/`, ..."""
    type_counts: dict[str, int] = {}
    for r in records:
        type_counts[r.type] = type_counts.get(r.type, 0) + 1
    chunks = paginate(records, per_page)
    specs = []
    for number, chunk in enumerate(chunks, start=1):
        page_title = title if number == 1 else f"{title}（第 {number} 页）"

        def build(v: View, chunk: Sequence[Record] = chunk, number: int = number,
                  page_title: str = page_title) -> Rendered:
            blocks = _blocks(chunk)
            html = render_template(
                "listing.html", v=v, title=page_title,
                intro=intro(v) if intro and number == 1 else Markup(""),
                records=chunk, blocks=blocks, pages=len(chunks), current=number, base=base,
                type_names=TYPE_NAMES, type_counts=type_counts, table=table)
            return Rendered(str(html), [(f"{t}-list", TYPE_NAMES[t]) for t, _ in blocks])

        specs.append(PageSpec(page_url(base, number), page_title, build,
                              description=description, hide=("navigation",)))
    return specs


def dimension_values(index: Index, dim: Dimension) -> list[Any]:
    """Every value a dimension has a page for: all taxonomy terms, or the years present."""
    if dim.vocab:
        return list(index.terms.get(dim.vocab, {}))
    return sorted(index.groups.get(dim.key, {}), reverse=True)


def dimension_title(index: Index, dim: Dimension, value: Any) -> str:
    if dim.vocab:
        return index.name(dim.vocab, value)
    return f"{value}年"


def _dimension_intro(dim: Dimension, value: Any) -> Callable[[View], Markup]:
    def intro(v: View) -> Markup:
        param = SEARCH_PARAM.get(dim.key)
        records = v.index.group(dim.key, value)
        filters = Markup(filter_bar(v, records, {param: value}) if param and records else "")
        return render_template("dimension_intro.html", v=v, dim=dim, value=value,
                               term=v.index.term(dim.vocab, value) if dim.vocab else None,
                               filters=filters)
    return intro


def dimension_pages(index: Index, options: SiteOptions) -> list[PageSpec]:
    """Index page and per-value listing pages for every browse dimension."""
    specs: list[PageSpec] = []
    for dim in DIMENSIONS:
        values = dimension_values(index, dim)

        def build_index(v: View, dim: Dimension = dim, values: list[Any] = values) -> Rendered:
            html = render_template("dimension_index.html", v=v, dim=dim, values=values,
                                   counts=v.index.counts(dim.key),
                                   title_of=lambda val, dim=dim: dimension_title(v.index, dim, val))
            return Rendered(str(html), [])

        specs.append(PageSpec(f"{dim.key}/", f"按{dim.label}浏览", build_index,
                              description=f"按{dim.label}浏览全部案例、课程和政策文件。"))
        for value in values:
            title = dimension_title(index, dim, value)
            specs.extend(listing_pages(
                f"{dim.key}/{value}/", title, index.group(dim.key, value), options.per_page,
                intro=_dimension_intro(dim, value),
                description=f"{dim.label}：{title}。相关的案例、课程和政策文件。"))
    return specs


def type_pages(index: Index, options: SiteOptions) -> list[PageSpec]:
    """The case list, the course catalogue and the policy library, each with
    filter links to the search page (casebook.render.filters)."""
    def intro(name: str) -> Callable[[View], Markup]:
        rtype = {"cases": "case", "courses": "course", "policies": "policy"}[name]

        def render(v: View) -> Markup:
            bar = filter_bar(v, v.index.by_type.get(rtype, []), {"type": rtype},
                             type_filters(v.index, rtype))
            return render_template(f"intro_{name}.html", v=v) + Markup(bar)
        return render

    return [
        *listing_pages("cases/", "案例", index.by_type.get("case", []), options.type_per_page,
                       intro=intro("cases"), description="全部案例与地方经验。"),
        *listing_pages("courses/", "课程目录", index.by_type.get("course", []),
                       options.type_per_page, intro=intro("courses"), table="courses",
                       description="社区教育品牌课程和其他课程。"),
        *listing_pages("policies/", "政策文件库", index.policies_by_date(), options.type_per_page,
                       intro=intro("policies"), table="policies",
                       description="按日期排列的政策文件，含文号、发文机关、层级和转发、依据关系。"),
    ]


def record_pages(index: Index) -> list[PageSpec]:
    return [PageSpec(r.url, r.data.get("title", r.id),
                     lambda v, r=r: render_record(v, r),
                     description=r.data.get("summary"), hide=("navigation",),
                     extra={"record": r})
            for r in index.records]


def plan(index: Index, options: SiteOptions) -> list[PageSpec]:
    """Every generated page of the site."""
    from casebook.render.special import special_pages

    return [*special_pages(index, options), *type_pages(index, options),
            *collection_pages(index, options),
            *dimension_pages(index, options), *record_pages(index)]
