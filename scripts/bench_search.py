"""Search numbers for `make bench` (called by scripts/bench.py).

- `measure_queries(site, queries)`: each query cold through `/search/?q=`
  in headless Chromium: time and bytes until the first page is shown, and
  until the exact count is final;
- `pagefind_design(docs, work, queries)`: the same records indexed by plain
  Pagefind (its default Chinese segmentation; bench-only dependency
  `pagefind_bin_extended`) and the same queries through a bare Pagefind page;
- `index_only(n, seed, work, queries)`: the index alone at a size too large
  for a whole build (50,000): build time, peak memory, size, and the bytes of
  index files the Python engine reads for the exact answer of each query.
`markdown(report)` renders them for the 性能 and 关于搜索 pages.
"""
from __future__ import annotations

import gzip
import json
import multiprocessing
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from bench.measure import (
    CHROMIUM,
    CHROMIUM_ARGS,
    build_alternative,
    cold_harness,
    cold_load,
    serve_dir,
)
from bench.synthetic import generate, real_clauses, write_tree
from casebook.load import load_corpus
from casebook.search.build import ASSET_DIR, INDEX_DIR, build_search
from casebook.search.document import Labels, corpus_docs
from casebook.search.engine import Reader, search
from casebook.search.normalize import normalize
from casebook.search.table import CARDS, META, TABLE
from casebook.search.tokenize import runs

QUERY_WORDS = ("教育", "老年", "学", "终身学习账户")
DOC_NO_QUERY = "教职成函〔2023〕9号"
PHRASE_LENGTH = 12
PAGE = 10
TARGETS = {"first_page_bytes": 100_000, "first_page_s": 1.0, "settled_bytes": 300_000,
           "settled_s": 3.0, "index_s": 20.0, "index_rss_mb": 1024.0}
PARTS = (("code", "搜索脚本"), ("table", "检索表"), ("index", "索引文件"),
         ("cards", "结果卡片"), ("t2s", "繁简对照"))


def phrase_query(length: int = PHRASE_LENGTH) -> str:
    """A `length`-character phrase from the real records' clauses (the first,
    in code point order, with a run that long): synthetic text holds it."""
    for clause in sorted(real_clauses()):
        for run in runs(normalize(clause)):
            if len(run) >= length:
                return run[:length]
    raise RuntimeError("no clause with a long enough run of characters")


def bench_queries() -> list[str]:
    return [*QUERY_WORDS, phrase_query(), DOC_NO_QUERY]


def search_part(path: str) -> str | None:
    """Which part of the search a fetched path is; None for the page itself."""
    prefix = f"/{ASSET_DIR}/"
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):]
    if rest.endswith(".js"):
        return "code"
    if rest.startswith((TABLE, META)):
        return "table"
    for folder, part in ((f"{INDEX_DIR}/", "index"), (f"{CARDS}/", "cards"), ("t2s/", "t2s")):
        if rest.startswith(folder):
            return part
    return None  # search.css: loaded by every page


def _parts(fetched: list[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for url, size in fetched:
        part = search_part(urlsplit(url).path)
        if part:
            out[part] = out.get(part, 0) + size
    return out


def _gzip_bytes(site: Path, fetched: list[tuple[str, int]]) -> int:
    """Bytes a host that gzips text (level 6) would send for the search part."""
    total = 0
    for url, size in fetched:
        path = urlsplit(url).path
        if not search_part(path):
            continue
        file = site / path.lstrip("/")
        raw = file.read_bytes() if file.is_file() else b""
        total += min(size, len(gzip.compress(raw, 6))) if raw else size
    return total


def measure_queries(site: Path, queries: list[str], timeout_s: float = 120) -> list[dict]:
    """Each query cold through the site's search page."""
    from playwright.sync_api import sync_playwright

    server, base = serve_dir(site)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    load = cold_load(browser, f"{base}/search/?q={quote(query)}",
                                     timeout_s * 1000)
                    first, total = _parts(load.first_page), _parts(load.fetched)
                    rows.append({
                        "query": query, "results": load.results,
                        "first_page_s": round(load.seconds, 2),
                        "first_page_bytes": sum(first.values()), "first_page_parts": first,
                        "first_page_gzip_bytes": _gzip_bytes(site, load.first_page),
                        "settled_s": round(load.settled_seconds or load.seconds, 2),
                        "settled_bytes": sum(total.values()),
                        "requests": sum(1 for u, _ in load.fetched
                                        if search_part(urlsplit(u).path))})
            finally:
                browser.close()
    finally:
        server.shutdown()
    return rows


# --- peak memory of one step --------------------------------------------------------

def _child(fn: Callable[[], dict], queue: Any) -> None:
    try:
        out = fn()
        own, kids = (resource.getrusage(resource.RUSAGE_SELF),
                      resource.getrusage(resource.RUSAGE_CHILDREN))
        cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
        queue.put({**out, "peak_rss_mb": round(max(own.ru_maxrss, kids.ru_maxrss) / 1024, 1),
                   "cpu_s": round(cpu, 1)})
    except BaseException as err:  # noqa: BLE001 - reported by the parent
        queue.put({"error": repr(err)})


def in_child(fn: Callable[[], dict]) -> dict:
    """Run `fn` in a forked process; its result plus its peak RSS (MB), its
    CPU time (`cpu_s`: less disturbed by other work on the machine than the
    wall time) and the parent's RSS at the fork (`inherited_rss_mb`, shared
    until written)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    inherited = _current_rss_mb()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    out = queue.get()
    proc.join()
    if "error" in out:
        raise RuntimeError(out["error"])
    return {**out, "inherited_rss_mb": inherited}


def _current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# --- plain Pagefind beside it -------------------------------------------------------

def pagefind_design(docs: list, work: Path, queries: list[str]) -> dict[str, Any]:
    """Plain Pagefind over the same records: build time, peak memory of the
    Pagefind process, index size, and each query cold (first 10 results)."""
    from playwright.sync_api import sync_playwright

    out = work / "pagefind-plain"

    def build() -> dict:
        start = time.perf_counter()
        size = build_alternative("default", docs, out)
        return {"index_s": round(time.perf_counter() - start, 1), "index_bytes": size}
    result: dict[str, Any] = in_child(build)
    server, base = serve_dir(out)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    seconds, size = cold_harness(browser, base, query, PAGE)
                    rows.append({"query": query, "first_page_s": round(seconds, 2),
                                 "first_page_bytes": size})
            finally:
                browser.close()
    finally:
        server.shutdown()
    result["queries"] = rows
    return result


# --- the index alone ----------------------------------------------------------------

def engine_bytes(site: Path, query: str) -> int:
    """Bytes the exact answer of `query` needs, as the Python engine reads it:
    the index files it opens, the table's small part and the first page's cards."""
    folder = site / ASSET_DIR
    table = json.loads((folder / TABLE).read_text(encoding="utf-8"))
    opened: set[str] = set()

    def read(name: str) -> Any:
        opened.add(name)
        return json.loads(gzip.decompress((folder / INDEX_DIR / f"{name}.gz").read_bytes()))
    rows = search(Reader(read, table["index"]["buckets"]), query)
    size = sum((folder / INDEX_DIR / f"{name}.gz").stat().st_size for name in opened)
    size += (folder / f"{META}.gz").stat().st_size
    return size + sum((folder / CARDS / f"{row}.json").stat().st_size for row in rows[:PAGE])


def index_only(n: int, seed: int, work: Path, queries: list[str],
               docs: list | None = None) -> dict[str, Any]:
    """The search index of `n` synthetic records, built alone (see module docstring)."""
    if docs is None:
        content = write_tree(work / f"content-{n}", generate(n, seed=seed))
        corpus = load_corpus(content)
        docs, labels = corpus_docs(corpus), Labels(corpus.taxonomy)
    else:
        labels = Labels(load_corpus().taxonomy)
    site = work / f"index-{n}"

    def build() -> dict:
        report = build_search(docs, site, labels)
        return {"index_s": round(report.seconds, 1), "index_bytes": report.index_bytes,
                "index_files": report.index_files, "search_bytes": report.bytes}
    result = {"records": n, **in_child(build)}
    result["query_bytes"] = {q: engine_bytes(site, q) for q in queries}
    chars = sum(len(d.text) for d in docs)
    result["text_chars"] = chars
    return result


# --- report ---------------------------------------------------------------------------

def _kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:,.0f} KB"


def _ok(good: bool | None) -> str:
    return "—" if good is None else ("达标" if good else "未达标")


def query_table(run: dict[str, Any]) -> list[str]:
    """One row per query: this site (first page, exact count) and plain Pagefind."""
    pf = {r["query"]: r for r in (run.get("pagefind") or {}).get("queries", [])}
    lines = ["| 查询 | 首屏结果：时间 | 首屏：传输（其中索引） | 若服务器 gzip | "
             "精确计数完成：时间 / 传输 | 纯 Pagefind：时间 / 传输 |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in run.get("search_queries", []):
        p = pf.get(r["query"])
        lines.append(
            f"| {r['query']} | {r['first_page_s']:.2f} 秒 | {_kb(r['first_page_bytes'])}"
            f"（{_kb(r['first_page_parts'].get('index', 0))}） | "
            f"{_kb(r['first_page_gzip_bytes'])} | "
            f"{r['settled_s']:.2f} 秒 / {_kb(r['settled_bytes'])} | "
            + (f"{p['first_page_s']:.2f} 秒 / {_kb(p['first_page_bytes'])}" if p else "—")
            + " |")
    return lines


def target_rows(runs_: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    by_n = {r["records"]: r for r in runs_}
    big = by_n.get(10000)
    rows: list[tuple[str, str, str]] = []
    queries = (big or {}).get("search_queries") or []
    if queries:
        worst_b = max(queries, key=lambda r: r["first_page_bytes"])
        worst_s = max(queries, key=lambda r: r["first_page_s"])
        rows.append(("10,000 条时任一查询首屏传输 ≤ 100 KB（页面本身以外）",
                     f"最多 {_kb(worst_b['first_page_bytes'])}（{worst_b['query']}）",
                     _ok(worst_b["first_page_bytes"] <= TARGETS["first_page_bytes"])))
        rows.append(("10,000 条时任一查询首屏结果 ≤ 1 秒（冷缓存）",
                     f"最慢 {worst_s['first_page_s']:.2f} 秒（{worst_s['query']}）",
                     _ok(worst_s["first_page_s"] <= TARGETS["first_page_s"])))
        settled_b = max(r["settled_bytes"] for r in queries)
        settled_s = max(r["settled_s"] for r in queries)
        rows.append(("10,000 条时精确计数与筛选计数完成 ≤ 300 KB、≤ 3 秒",
                     f"最多 {_kb(settled_b)}、{settled_s:.2f} 秒",
                     _ok(settled_b <= TARGETS["settled_bytes"]
                         and settled_s <= TARGETS["settled_s"])))
    idx = (big or {}).get("search_index") or {}
    if idx:
        rows.append(("10,000 条时索引构建 ≤ 20 秒、峰值内存 ≤ 1 GB",
                     f"{idx['index_s']:.1f} 秒（CPU {idx['cpu_s']:.1f} 秒）、"
                     f"{idx['peak_rss_mb']:,.0f} MB",
                     _ok(idx["index_s"] <= TARGETS["index_s"]
                         and idx["peak_rss_mb"] <= TARGETS["index_rss_mb"])))
    return rows


def markdown(report: dict[str, Any]) -> str:
    """The search part of the 性能 page, also shown on 关于搜索."""
    lines: list[str] = []
    for run in report["runs"]:
        if not run.get("search_queries"):
            continue
        lines += [f"**{run['records']:,} 条记录**（冷缓存，无头 Chromium，本机本地服务器；"
                  "传输为页面本身以外、搜索所需的文件）：", "", *query_table(run), ""]
    builds = [r for r in report["runs"] if r.get("search_index")]
    if builds:
        lines += ["索引构建（与 MkDocs 渲染页面同时在后台子进程中进行）：", "",
                  "| 记录数 | 本站索引：构建 / 峰值内存 / 大小 "
                  "| 纯 Pagefind：构建 / 峰值内存 / 大小 |",
                  "|---:|---:|---:|"]
        for r in builds:
            s, p = r["search_index"], r.get("pagefind")
            lines.append(
                f"| {r['records']:,} | {s['index_s']:.1f} 秒（CPU {s['cpu_s']:.1f} 秒）/ "
                f"{s['peak_rss_mb']:,.0f} MB / "
                f"{s['index_bytes'] / 1e6:.1f} MB | "
                + (f"{p['index_s']:.1f} 秒（CPU {p['cpu_s']:.1f} 秒）/ "
                   f"{p['peak_rss_mb']:,.0f} MB / {p['index_bytes'] / 1e6:.1f} MB"
                   if p else "—") + " |")
        lines.append("")
    scale = report.get("scale") or []
    if scale:
        queries = list(scale[0]["query_bytes"])
        lines += ["规模上限（只建索引；每个查询得到精确结果所需的全部文件，由 Python 引擎按浏览器"
                  "同样的读取方式计算，是首屏传输的上限）：", "",
                  "| 记录数 | 文字量 | 索引大小（gzip） | 文件数 | 构建 / 峰值内存 | "
                  + " | ".join(queries) + " |",
                  "|---:|---:|---:|---:|---:|" + "---:|" * len(queries)]
        for s in scale:
            lines.append(
                f"| {s['records']:,} | {s['text_chars'] / 1e6:.1f} M 字 | "
                f"{s['index_bytes'] / 1e6:.1f} MB | {s['index_files']:,} | "
                f"{s['index_s']:.1f} 秒（CPU {s['cpu_s']:.1f} 秒）/ {s['peak_rss_mb']:,.0f} MB | "
                + " | ".join(_kb(s["query_bytes"][q]) for q in queries) + " |")
        lines.append("")
    targets = target_rows(report["runs"])
    if targets:
        lines += ["| 搜索目标 | 实测 | 结论 |", "|---|---|---|",
                  *[f"| {a} | {b} | {c} |" for a, b, c in targets], ""]
    return "\n".join(lines)
