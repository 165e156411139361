"""Record pages (`/cases/<id>/`, `/courses/<id>/`, `/policies/<id>/`).

A page is the header (title, status, summary) followed by the sections in
`SECTIONS`, in order. Each section decides for itself whether it has anything
to show for a record. Another feature adds a section without touching this
file's logic, e.g.::

    register_section(Section("collections", "收录于", my_renderer), before="sources")
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from casebook.load import Record
from casebook.relate import EXPERIENCE_KIND
from casebook.render.markup import md
from casebook.render.view import NOT_STATED, View, render_template

Renderer = Callable[[View, Record], Markup | None]

COMPARISON_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("mechanism", "推进机制"),
    ("network", "办学网络层级"),
    ("platform", "数字平台"),
    ("credit_bank", "学分银行与资历框架"),
    ("senior_education", "老年教育"),
    ("highlights", "特色做法"),
)


@dataclass(frozen=True)
class Section:
    """One titled part of a record page; `render` returns None to leave it out."""

    key: str
    title: str
    render: Renderer
    types: frozenset[str] | None = None  # None: every record type

    def applies(self, record: Record) -> bool:
        return self.types is None or record.type in self.types


@dataclass
class Rendered:
    """A page body plus its table of contents [(anchor id, title)]."""

    html: str
    toc: list[tuple[str, str]]


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


def template_section(name: str, when: Callable[[Record], bool] = lambda r: True,
                     **extra: object) -> Renderer:
    """A renderer that fills `sections/<name>.html` with v, r, d (= r.data)."""
    def render(v: View, r: Record) -> Markup | None:
        if not when(r):
            return None
        return render_template(f"sections/{name}.html", v=v, r=r, d=r.data, **extra)
    return render


def markdown_field(fld: str, expected: bool = True) -> Renderer:
    """Render one Markdown field; show 来源未提及 when expected but missing."""
    def render(v: View, r: Record) -> Markup | None:
        value = r.data.get(fld)
        if value:
            return md(value)
        return Markup(f'<p class="cb-not-stated">{NOT_STATED}</p>') if expected else None
    return render


def list_field(fld: str, expected: bool = True) -> Renderer:
    """Render a list of Markdown items as a bulleted list."""
    def render(v: View, r: Record) -> Markup | None:
        items = r.data.get(fld) or []
        if not items and not expected:
            return None
        return render_template("sections/list.html", v=v, items=items)
    return render


def indicator_field(fld: str, caption: str, expected: bool = True) -> Renderer:
    def render(v: View, r: Record) -> Markup | None:
        items = r.data.get(fld) or []
        if not items:
            return Markup(f'<p class="cb-not-stated">{NOT_STATED}</p>') if expected else None
        return render_template("sections/indicators.html", v=v, items=items, caption=caption)
    return render


def related_groups(v: View, r: Record) -> list[tuple[str, list[Record | str]]]:
    """Related records in both directions, grouped under Chinese labels; a
    record linked several ways is listed once, under the first label."""
    index = v.index
    groups: dict[str, list[Record | str]] = {}
    # A course's own case is already in its facts table (所属案例).
    seen: set[str] = {r.data["case"]} if r.type == "course" and r.data.get("case") else set()

    def add(label: str, items: Iterable[Record | str]) -> None:
        for it in items:
            key = it if isinstance(it, str) else it.id
            if key not in seen:
                seen.add(key)
                groups.setdefault(label, []).append(it)

    exps = index.experiences_for(r)
    add("所属地方经验", exps)
    exp_ids = {e.id for e in exps}
    is_exp = r.data.get("kind") == EXPERIENCE_KIND
    for link in index.outgoing.get(r.id, []):
        label = "本地区的具体案例" if is_exp and link.field == "cases" else link.label
        add(label, [index.by_id.get(link.target) or link.target])
    for link in index.incoming.get(r.id, []):
        if link.source in exp_ids and link.field == "cases":
            continue
        add(link.label, [index.by_id[link.source]])
    return list(groups.items())


def _related(v: View, r: Record) -> Markup | None:
    groups = related_groups(v, r)
    return render_template("sections/related.html", v=v, groups=groups) if groups else None


def _similar(v: View, r: Record) -> Markup | None:
    cases = v.index.similar_cases(r)
    if not cases:
        return None
    return render_template("sections/related.html", v=v, groups=[("", cases)],
                           note="同属一项重点任务、主题和面向人群最接近的案例。")


SECTIONS: list[Section] = [
    Section("facts", "基本信息", template_section("facts")),
    Section("background", "背景", markdown_field("background"), _types("case")),
    Section("practices", "主要做法", list_field("practices"), _types("case")),
    Section("results", "成效", template_section("results"), _types("case")),
    Section("replicability", "可复制要点与推广条件", markdown_field("replicability"),
            _types("case")),
    Section("next-steps", "下一步打算", list_field("next_steps", expected=False), _types("case")),
    Section("comparison", "五地对比维度",
            template_section("comparison", lambda r: r.data.get("kind") == EXPERIENCE_KIND,
                             dims=COMPARISON_DIMENSIONS), _types("case")),
    Section("description", "课程介绍", markdown_field("description"), _types("course")),
    Section("scale", "规模", indicator_field("scale", "课程规模"), _types("course")),
    Section("provisions", "主要内容", template_section("provisions"), _types("policy")),
    Section("targets", "目标指标", indicator_field("targets", "目标指标", expected=False),
            _types("policy")),
    Section("applications", "申报要求",
            template_section("applications", lambda r: bool(r.data.get("applications"))),
            _types("policy")),
    Section("related", "相关记录", _related),
    Section("similar", "相似案例", _similar),
    Section("sources", "来源", template_section("sources")),
    Section("record-info", "记录信息", template_section("info")),
]


def register_section(section: Section, *, before: str | None = None) -> None:
    """Add `section` before the section keyed `before` (default: before 来源)."""
    keys = [s.key for s in SECTIONS]
    if section.key in keys:
        raise ValueError(f"section {section.key!r} already registered")
    anchor = before or "sources"
    SECTIONS.insert(keys.index(anchor) if anchor in keys else len(SECTIONS), section)


def render_record(v: View, r: Record) -> Rendered:
    """The HTML body of a record page and its TOC."""
    parts = []
    for s in SECTIONS:
        if not s.applies(r):
            continue
        html = s.render(v, r)
        if html is not None:
            parts.append({"key": s.key, "title": s.title, "html": html})
    body = render_template("record.html", v=v, r=r, d=r.data, sections=parts)
    return Rendered(str(body), [(p["key"], p["title"]) for p in parts])
