"""What every page renderer shares: site options, relative URLs, labels.

A `View` is made per page: it knows the page's own URL, so that every link it
builds is relative (the site works from any base path and from `file://`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup

from casebook.load import Record
from casebook.relate import TYPE_NAMES, TYPE_ORDER, Index, page_url, policy_date
from casebook.render.markup import md, md_inline, plain
from casebook.status import STATUS_LABELS, status_sentence

TEMPLATES = Path(__file__).parent / "templates"

# A policy the sources only name (`coverage: metadata`), in readers' words.
NAME_ONLY = ("来源只提及名称", "来源只提到了这份文件的名称，本站没有它的内容概述。")
NOT_STATED = "来源未提及"
# Level ids in readers' words. A 直辖市's own level reads 市级（直辖市）:
# its provincial level is what its readers call 市级.
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "municipal": "市级",
                "county": "区县级", "township": "乡镇（街道）级", "village": "村（社区）级"}
MUNICIPALITY_LEVEL = "市级（直辖市）"
# Policy chain fields: (label on the citing document, label on the cited one).
CHAIN_LABELS = {"forwards": ("转发", "被转发"), "based_on": ("依据", "被依据")}
# Qualifiers that go before the number, after the number, or after the unit.
_Q_BEFORE = {"约", "近", "超过", "累计", "至少", "不少于", "达到"}
_Q_AFTER_NUMBER = {"余", "多"}


# Shown wherever a shared address (QR code, permalink, embed code) would be:
# a build without SITE_URL is a local preview and knows no public address.
PREVIEW_NOTE = "本地预览：未设置网站正式地址"
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def public_site_url(url: str | None) -> str | None:
    """`url` when it is a public address; None when unset or on this machine
    (`mkdocs serve` sets site_url to its own loopback address)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return None if host in _LOOPBACK_HOSTS or host.startswith("127.") else url


@dataclass(frozen=True)
class SiteOptions:
    """Build-wide settings taken from mkdocs.yml / the environment.

    `site_url` is the public address (SITE_URL) or None. Without it nothing
    absolute is written: links are relative and QR codes, permalinks and
    embed codes are replaced by `PREVIEW_NOTE` (see README, 网站正式地址)."""

    site_url: str | None = None
    feedback_url: str | None = None   # the one 纠错 / 推荐案例 route (casebook.render.about)
    publisher: str | None = None      # who publishes the site (mkdocs.yml extra.publisher)
    contact: str | None = None        # how to reach the publisher (extra.contact)
    per_page: int = 50
    type_per_page: int = 20     # /cases/, /courses/, /policies/: filters above, short pages
    latest: int = 10

    @property
    def public(self) -> bool:
        return bool(self.site_url)

    @property
    def base_path(self) -> str:
        """Path part of site_url, always ending in `/` (e.g. `/` or `/casebook/`)."""
        path = urlsplit(self.site_url or "/").path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, url: str) -> str | None:
        """The public address of site-relative `url`; None without SITE_URL."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")

    def link_from(self, url: str, from_dir: str) -> str:
        """`url` as written in a file in site folder `from_dir` (e.g. a feed):
        the public address, or a relative link in a local preview."""
        depth = len([s for s in from_dir.split("/") if s])
        return self.absolute(url) or "../" * depth + url.lstrip("/") or "./"


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

    def feedback_href(self) -> str:
        """Where 纠错 / 推荐案例 links lead (see casebook.render.about)."""
        return self.options.feedback_url or self.href("about/#contact")

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
            extra = self.level_label(record)
        name = self.type_label(record.type)
        return f"{name} · {extra}" if extra else name

    def level_label(self, record: Record) -> str:
        """`level` in readers' words, e.g. 省级, 区县级, 市级（直辖市）."""
        level = record.data.get("level")
        if level == "provincial" and self.is_municipality(record.data.get("region")):
            return MUNICIPALITY_LEVEL
        return LEVEL_LABELS.get(level) or self.name("levels", level) + "级"

    def is_municipality(self, region_id: str | None) -> bool:
        """True for the four 直辖市 (provincial-level regions named …市)."""
        term = self.index.term("regions", region_id) or {}
        return (not term.get("parent") and str(term.get("name", "")).endswith("市")
                and str(term.get("code", "")).endswith("0000"))

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
        """(badge label, sentence) from `casebook.status` for the record's status."""
        status = record.data.get("status", "")
        if status not in STATUS_LABELS:
            return None
        return STATUS_LABELS[status][0], status_sentence(status, record.type)

    name_only = NAME_ONLY

    not_stated = NOT_STATED
    preview_note = PREVIEW_NOTE
    indicator_value = staticmethod(format_indicator_value)
