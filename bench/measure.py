"""Measuring the search: query sets from the content, the truth, and runs in
headless Chromium through a built site.

The truth for a query is derived from the plain text, not from any index: a
record is relevant iff its normalised text contains every whitespace-separated
term of the query (`tokenize.matches`; normalised = NFKC, lower case,
simplified characters, punctuation and spaces collapsed to one separator).
"""
from __future__ import annotations

import functools
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from casebook.paths import ROOT
from casebook.search.build import ASSET_DIR
from casebook.search.document import SearchDoc
from casebook.search.normalize import normalize
from casebook.search.tokenize import canonical, is_word_char, query_terms, runs

DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
QUOTED = re.compile(r"[“《「]([^”》」]{2,16})[”》」]")
# Queries the issue names; kept in every query set.
FIXED_QUERIES = ("学分银行", "数字鸿沟", "区校终身学习联合体", "一网通学", "金色学堂",
                 "天津城市职业学院", "教职成函〔2023〕9号", "15分钟社区学习圈", "智慧助老",
                 "學分銀行", "終身學習")


# Vocabularies whose term names make queries.
TAXONOMY_VOCABS = ("regions", "tasks", "themes", "case_kinds", "audiences")


def taxonomy_names(taxonomy: dict[str, list[dict]]) -> list[str]:
    """Names of the terms of `TAXONOMY_VOCABS`, for `build_queries`."""
    return [t["name"] for v in TAXONOMY_VOCABS for t in taxonomy.get(v, [])]


@dataclass
class Query:
    text: str
    kind: str
    relevant: frozenset[str] = frozenset()


@dataclass
class Outcome:
    """Results of one engine on a query set."""

    engine: str
    queries: int = 0
    found: int = 0          # relevant results returned
    relevant: int = 0       # relevant records in the truth
    returned: int = 0       # results returned
    misses: list[tuple[str, list[str]]] = field(default_factory=list)
    false_hits: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.returned if self.returned else 1.0

    def add(self, query: Query, urls: Iterable[str]) -> None:
        got = set(urls)
        self.queries += 1
        self.found += len(got & query.relevant)
        self.relevant += len(query.relevant)
        self.returned += len(got)
        if query.relevant - got:
            self.misses.append((query.text, sorted(query.relevant - got)))
        if got - query.relevant:
            self.false_hits.append((query.text, sorted(got - query.relevant)))


def truth(query: str, docs: list[SearchDoc], canon: dict[str, str] | None = None) -> frozenset[str]:
    """Site-relative URLs of the records whose text contains every query term."""
    terms = query_terms(query)
    if not terms:
        return frozenset()
    canon = canon or {d.url: canonical(d.text) for d in docs}
    return frozenset(url for url, text in canon.items() if all(t in text for t in terms))


def _random_substring(rng: random.Random, text: str) -> str | None:
    for _ in range(20):
        length = rng.randint(2, 8)
        if len(text) <= length:
            return None
        start = rng.randrange(0, len(text) - length)
        piece = text[start:start + length].strip()
        # at least two letters/digits, no line breaks: something a reader could type
        if "\n" not in piece and sum(is_word_char(c) for c in normalize(piece)) >= 2:
            return piece
    return None


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC s2t), to test traditional-character queries."""
    import opencc  # opencc-python-reimplemented

    return opencc.OpenCC("s2t").convert(text)


def build_queries(docs: list[SearchDoc], taxonomy_names: Iterable[str], limit: int = 150,
                  seed: int = 20231014) -> list[Query]:
    """A query set drawn from the content: the issue's examples, titles, named
    programmes, taxonomy names, 文号, random substrings of 2–8 characters,
    traditional-character variants and multi-term queries."""
    rng = random.Random(seed)
    texts = [d.text for d in docs]
    found: dict[str, str] = {q: "named" for q in FIXED_QUERIES}

    def add(q: str | None, kind: str) -> None:
        if q and q.strip() and q not in found:
            found[q.strip()] = kind

    buckets: dict[str, list[str]] = {
        "title": [d.title for d in docs],
        "name": sorted({m for t in texts for m in QUOTED.findall(t)}),
        "taxonomy": sorted(set(taxonomy_names)),
        "doc_no": sorted({m for t in texts for m in DOC_NO.findall(t)}),
    }
    share = {"title": 0.12, "name": 0.12, "taxonomy": 0.08, "doc_no": 0.06}
    for kind, pool in buckets.items():
        for q in rng.sample(pool, min(len(pool), max(1, int(limit * share[kind])))):
            add(q, kind)
    picks = (_random_substring(rng, rng.choice(texts)) for _ in range(limit * 2))
    substrings = [s for s in picks if s]
    for q in substrings[: int(limit * 0.4)]:
        add(q, "substring")
    for q in rng.sample(list(found), min(len(found), int(limit * 0.08))):
        add(to_traditional(q), "traditional")
    words = [q for q, k in found.items() if k in ("name", "taxonomy") and " " not in q]
    for _ in range(int(limit * 0.06)):
        if len(words) >= 2:
            add(" ".join(rng.sample(words, 2)), "multi")
    queries = list(found.items())
    fixed = queries[: len(FIXED_QUERIES)]
    rest = queries[len(FIXED_QUERIES):]
    rng.shuffle(rest)
    chosen = (fixed + rest)[:limit]
    canon = {d.url: canonical(d.text) for d in docs}
    return [Query(q, kind, truth(q, docs, canon)) for q, kind in chosen]


def site_relative(href: str, base_url: str) -> str:
    """`http://host/base/cases/x/` -> `cases/x/` (the form of records.json URLs)."""
    path = urlsplit(href).path
    base = urlsplit(base_url).path.rstrip("/")
    return path[len(base):].lstrip("/") if path.startswith(base) else path.lstrip("/")


def search_page_url(base_url: str, query: str, size: int = 100000) -> str:
    return f"{base_url.rstrip('/')}/search/?q={quote(query)}&n={size}"


def run_search_page(page, base_url: str, query: str, timeout: float = 30000) -> list[str]:
    """Results of the real search page for `query`, in rank order (all of them)."""
    page.goto(search_page_url(base_url, query))
    page.wait_for_selector("[data-search-results][data-search-state=done]",
                           state="attached", timeout=timeout)
    hrefs = page.eval_on_selector_all("[data-search-results] li a[href]",
                                      "els => els.map(e => e.href)")
    return [site_relative(h, base_url) for h in hrefs]


def run_queries(runner: Callable[[str], list[str]], queries: list[Query], engine: str) -> Outcome:
    outcome = Outcome(engine)
    for q in queries:
        outcome.add(q, runner(q.text))
    return outcome


# ---------------------------------------------------------------- browser and server
# Shared by the test suite (tests/conftest.py), the benchmark and scripts.measure_search.
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml",
               content: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real MkDocs build (strict) into `site_dir`; `content` overrides content/.
    Shared by the tests (tests/conftest.py) and scripts.measure_search."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if content is not None:
        env["CASEBOOK_CONTENT"] = str(content)
    else:
        env.pop("CASEBOOK_CONTENT", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
         "-d", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=env,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test and script output clean
        pass


def serve_dir(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` uncompressed on a free loopback port; returns (server, base_url)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@dataclass
class ColdLoad:
    """What a cold browser fetched for one search URL: the first page of
    results, then the exact count and facets loaded after them."""

    fetched: list[tuple[str, int]]  # (url, bytes on the wire) per response, all of them
    seconds: float  # until the first page was rendered (data-search-state=done)
    results: int  # result links rendered
    first_page: list[tuple[str, int]] = field(default_factory=list)  # fetched until then
    settled_seconds: float | None = None  # until the count was final (data-search-count=done)


def _network_log(context, page):
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent",
           lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return lambda: [(urls.get(rid, ""), n) for rid, n in list(sizes.items())]


# Records which resources had arrived when the first page was shown: resource
# timing entries exist once a response is complete, so this is exact, where a
# snapshot taken by polling from outside would include what arrived just after.
DONE_WATCH = """
new MutationObserver((_, observer) => {
  const list = document.querySelector("[data-search-results]");
  if (list && list.getAttribute("data-search-state") === "done" && !window.__firstPage) {
    window.__firstPage = performance.getEntriesByType("resource").map((e) => e.name);
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-search-state"] });
"""


def cold_load(browser, url: str, timeout_ms: float = 180000) -> ColdLoad:
    """Open `url` in a fresh context with the cache disabled, wait until the
    first page of results is rendered, then until the count is final and the
    network is idle, and record every response's encoded size (CDP
    `Network.loadingFinished.encodedDataLength`)."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(DONE_WATCH)
        log = _network_log(context, page)
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("[data-search-results][data-search-state=done]",
                               state="attached", timeout=timeout_ms)
        seconds = time.perf_counter() - start
        arrived = set(page.evaluate("window.__firstPage || []"))
        settled = None
        if page.locator("[data-search-count]").count():
            page.wait_for_selector("[data-search-count=done]", state="attached",
                                   timeout=timeout_ms)
            settled = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        results = page.locator("[data-search-results] a[href]").count()
        fetched = log()
        first_page = [(u, n) for u, n in fetched if u in arrived]
    finally:
        context.close()
    return ColdLoad(fetched, seconds, results, first_page, settled)


def transfer_bytes(browser, url: str) -> dict[str, int]:
    """Bytes on the wire for loading `url` with a cold cache (`cold_load`):
    total, and the part that search needs (the search assets)."""
    fetched = cold_load(browser, url).fetched
    search_part = sum(n for u, n in fetched
                      if f"/{ASSET_DIR}/" in u)
    return {"total": sum(n for _, n in fetched), "search": search_part,
            "requests": len(fetched)}


# ---------------------------------------------------------------- other designs
PAGEFIND_DIR = "pagefind"


def pagefind_executable() -> str:
    """The extended Pagefind binary (bench-only dependency): $PAGEFIND_BINARY_PATH
    or the pinned `pagefind_bin_extended` wheel."""
    explicit = os.environ.get("PAGEFIND_BINARY_PATH")
    if explicit:
        return explicit
    from pagefind_bin_extended import get_executable

    return str(get_executable())


def run_pagefind_cli(stage: Path, output: Path) -> None:
    """Index `stage` into `output` with the Pagefind CLI; raise with its log on failure."""
    cmd = [pagefind_executable(), "--site", str(stage), "--output-path", str(output), "--silent"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
# For the comparison on the 关于搜索 page: the same records indexed the two
# obvious other ways, queried through a bare page that calls Pagefind directly.
HARNESS = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>
<script type="module">
const pf = await import("./pagefind/pagefind.js");
await pf.options({{noWorker: true}});
window.run = async (q, limit) => {{
  const r = await pf.search(q);
  const shown = limit ? r.results.slice(0, limit) : r.results;
  return Promise.all(shown.map(async (x) => (await x.data()).raw_url));
}};
window.ready = true;
</script></body></html>"""


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_tokens(text: str) -> list[str]:
    """jieba words of the normalised text, letters and digits only."""
    return [run for word in _jieba().cut(normalize(text)) for run in runs(word)]


def build_alternative(kind: str, docs: list[SearchDoc], out, dictionary: Iterable[str] = ()) -> int:
    """Index `docs` the `kind` way ("default": Pagefind's own Chinese segmentation
    of the plain text; "jieba": jieba words with a domain dictionary) into `out`.
    Returns the index size in bytes."""
    import html as html_lib
    import tempfile
    out = Path(out)
    lang = "zh" if kind == "default" else "und"
    if kind == "jieba":
        jieba = _jieba()
        for word in dictionary:
            jieba.add_word(normalize(word))
    with tempfile.TemporaryDirectory(prefix="casebook-compare-") as tmp:
        for doc in docs:
            body = (html_lib.escape(doc.text) if kind == "default"
                    else " ".join(jieba_tokens(doc.text)))
            page = Path(tmp) / doc.url.strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            title = html_lib.escape(doc.title)
            page.write_text(f'<!doctype html><html lang="{lang}"><head>'
                            f'<meta data-pagefind-meta="title[content]" content="{title}">'
                            f'</head><body data-pagefind-body><p>{body}</p></body></html>',
                            encoding="utf-8")
        run_pagefind_cli(Path(tmp), out / "pagefind")
    (out / "index.html").write_text(HARNESS.format(lang=lang), encoding="utf-8")
    return sum(p.stat().st_size for p in (out / "pagefind").rglob("*") if p.is_file())


def alternative_query(kind: str, query: str) -> str:
    """What the `kind` design sends to Pagefind for a reader's query."""
    if kind == "default":
        return query
    return " ".join(w for term in query.split() for w in jieba_tokens(term))


def cold_harness(browser, base_url: str, query: str, limit: int = 10) -> tuple[float, int]:
    """(seconds, bytes) for a cold browser to open the bare Pagefind page of
    `build_alternative` and show the first `limit` results of `query`
    (bytes: everything below /pagefind/, as Pagefind's own page would fetch)."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        log = _network_log(context, page)
        start = time.perf_counter()
        page.goto(f"{base_url}/")
        page.wait_for_function("window.ready === true")
        page.evaluate("([q, n]) => window.run(q, n)", [query, limit])
        seconds = time.perf_counter() - start
        fetched = log()
    finally:
        context.close()
    return seconds, sum(n for u, n in fetched if f"/{PAGEFIND_DIR}/" in u)


def run_harness(page, base_url: str, kind: str, query: str) -> list[str]:
    if not page.url.startswith(base_url):
        page.goto(f"{base_url}/")
        page.wait_for_function("window.ready === true")
    q = alternative_query(kind, query)
    if not q.strip():
        return []
    urls = page.evaluate("q => window.run(q)", q)
    return [u.lstrip("/") for u in urls]
