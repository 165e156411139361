"""What every page renderer shares: site options, relative URLs, labels.

A `View` is made per page: it knows the page's own URL, so that every link it
builds is relative (the site works from any base path and from `file://`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup

from casebook.load import Record
from casebook.paths import RECORD_DIRS
from casebook.relate import TYPE_NAMES, TYPE_ORDER, Index, page_url, policy_date
from casebook.render.markup import md, md_inline, plain

TEMPLATES = Path(__file__).parent / "templates"

STATUS = {
    "partial": ("部分完整",
                "来源只支撑了部分内容；标为“来源未提及”的字段没有公开依据，本站不作推测。"),
    "stub": ("存目", "来源只提到名称或一两句话，本记录只列出已知信息，欢迎依据公开来源补充。"),
}
NOT_STATED = "来源未提及"
# Policy chain fields: (label on the citing document, label on the cited one).
CHAIN_LABELS = {"forwards": ("转发", "被转发"), "based_on": ("依据", "被依据")}
# Qualifiers that go before the number, after the number, or after the unit.
_Q_BEFORE = {"约", "近", "超过", "累计", "至少", "不少于", "达到"}
_Q_AFTER_NUMBER = {"余", "多"}


@dataclass(frozen=True)
class SiteOptions:
    """Build-wide settings taken from mkdocs.yml / the environment."""

    site_url: str = "http://127.0.0.1:8000/"
    repo_url: str | None = None
    edit_branch: str = "main"
    per_page: int = 50
    latest: int = 10

    @property
    def base_path(self) -> str:
        """Path part of site_url, always ending in `/` (e.g. `/` or `/casebook/`)."""
        from urllib.parse import urlsplit

        path = urlsplit(self.site_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, url: str) -> str:
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, undefined=ChainableUndefined)
    env.filters.update(md=md, md_inline=md_inline, plain=plain)
    return env


ENV = make_env()


def render_template(name: str, **ctx: Any) -> Markup:
    return Markup(ENV.get_template(name).render(**ctx))


def format_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def format_indicator_value(ind: dict[str, Any]) -> str:
    """`{"value": 150, "unit": "门", "qualifier": "余"}` -> `150余门`."""
    q, unit = ind.get("qualifier", ""), ind.get("unit", "")
    number = format_number(ind.get("value", ""))
    if q in _Q_BEFORE:
        return f"{q}{number}{unit}"
    if q in _Q_AFTER_NUMBER:
        return f"{number}{q}{unit}"
    return f"{number}{unit}{q}"


@dataclass(frozen=True)
class TaskTargets:
    """What one policy sets for one task: its targets and its numbered provisions."""

    policy: Record
    targets: list[dict[str, Any]]
    provisions: list[tuple[int, dict[str, Any]]]   # (1-based number, provision)


class View:
    """Helpers for one page at site-relative `page_url` (e.g. `cases/foo/`)."""

    def __init__(self, index: Index, options: SiteOptions, page_url: str) -> None:
        self.index, self.options, self.page_url = index, options, page_url
        depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
        self.base = "../" * depth if depth else "./"

    # --- URLs ----------------------------------------------------------------
    def href(self, url: str) -> str:
        """Relative link from this page to site-relative `url`."""
        return self.base + url.lstrip("/")

    def term_url(self, dim: str, value: Any) -> str:
        return f"{dim}/{value}/"

    @staticmethod
    def listing_url(base: str, number: int) -> str:
        return page_url(base, number)

    @staticmethod
    def page_window(pages: int, current: int, radius: int = 2) -> list[int]:
        """Page numbers to show around `current`; 0 marks a gap."""
        near = range(max(1, current - radius), min(pages, current + radius) + 1)
        keep = sorted({1, pages, *near})
        out: list[int] = []
        for n in keep:
            if out and n - out[-1] > 1:
                out.append(0)
            out.append(n)
        return out

    def search_url(self, **params: str) -> str:
        from urllib.parse import urlencode

        return self.href("search/") + ("?" + urlencode(params) if params else "")

    def edit_url(self, record: Record) -> str | None:
        repo = self.options.repo_url
        if not repo:
            return None
        return f"{repo.rstrip('/')}/edit/{self.options.edit_branch}/{self.file_path(record)}"

    @staticmethod
    def file_path(record: Record) -> str:
        return f"content/{RECORD_DIRS[record.type]}/{record.id}.yml"

    def once(self, kind: str, record: Record, render: Any) -> Markup:
        """`render(self, record)`, rendered once per record and page depth for the
        whole build: a list item repeats on every listing that holds its record,
        and its only page-dependent part is the relative link (`self.base`)."""
        key = (kind, record.id, self.base)
        html = self.index.render_cache.get(key)
        if html is None:
            html = self.index.render_cache[key] = Markup(render(self, record))
        return html

    # --- labels --------------------------------------------------------------
    def name(self, vocab: str, term_id: Any) -> str:
        return self.index.name(vocab, term_id)

    def region_path(self, region_id: str) -> list[tuple[str, str]]:
        """[(id, name)] from the outermost parent down to the region."""
        ids = [*reversed(self.index.region_ancestors(region_id)), region_id]
        return [(i, self.name("regions", i)) for i in ids]

    def record(self, rid: str) -> Record | None:
        return self.index.by_id.get(rid)

    def kind_label(self, record: Record) -> str:
        """Type plus subtype, e.g. `案例 · 地方经验`, `政策文件 · 国家级`."""
        d = record.data
        extra = ""
        if record.type == "case" and d.get("kind"):
            extra = self.name("case_kinds", d["kind"])
        elif record.type == "course" and d.get("category"):
            extra = str(d["category"])
        elif record.type == "policy" and d.get("level"):
            extra = self.name("levels", d["level"]) + "级"
        name = self.type_label(record.type)
        return f"{name} · {extra}" if extra else name

    @staticmethod
    def source_doc_nos(record: Record) -> list[str]:
        return list(dict.fromkeys(s["doc_no"] for s in record.data.get("sources", [])
                                  if isinstance(s, dict) and s.get("doc_no")))

    @staticmethod
    def safe_url(url: object) -> str | None:
        """External URLs are only linked when they are http(s)."""
        s = str(url or "")
        return s if s.startswith(("http://", "https://")) else None

    @staticmethod
    def type_label(rtype: str) -> str:
        return TYPE_NAMES.get(rtype, rtype)

    @staticmethod
    def type_counts(records: list[Record]) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for r in records:
            counts[r.type] = counts.get(r.type, 0) + 1
        return sorted(counts.items(), key=lambda kv: TYPE_ORDER.get(kv[0], 9))

    def region_experiences(self, region_id: str) -> list[Record]:
        """Experiences of a region and of the regions above it."""
        ids = [region_id, *self.index.region_ancestors(region_id)]
        return [e for i in ids for e in self.index.experiences.get(i, [])]

    def task_targets(self, task_id: str) -> list[TaskTargets]:
        """Policies that set targets or provisions for a task: national ones
        first, then newest first."""
        out = []
        policies = self.index.policies_by_date()
        for policy in sorted(policies, key=lambda r: r.data.get("level") != "national"):
            targets = [t for t in policy.data.get("targets") or [] if t.get("task") == task_id]
            provisions = [(i, p) for i, p in enumerate(policy.data.get("provisions") or [], 1)
                          if p.get("task") == task_id]
            if targets or provisions:
                out.append(TaskTargets(policy, targets, provisions))
        return out

    @staticmethod
    def policy_date(record: Record) -> str:
        return policy_date(record)

    def policy_chain(self, record: Record) -> list[tuple[str, list[str]]]:
        """转发/依据 links of a policy, both directions, as (label, ids)."""
        out: dict[str, list[str]] = {}
        for link in self.index.outgoing.get(record.id, []):
            if link.field in CHAIN_LABELS:
                out.setdefault(CHAIN_LABELS[link.field][0], []).append(link.target)
        for link in self.index.incoming.get(record.id, []):
            if link.field in CHAIN_LABELS:
                out.setdefault(CHAIN_LABELS[link.field][1], []).append(link.source)
        return list(out.items())

    @staticmethod
    def status(record: Record) -> tuple[str, str] | None:
        return STATUS.get(record.data.get("status", ""))

    not_stated = NOT_STATED
    indicator_value = staticmethod(format_indicator_value)
