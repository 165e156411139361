"""Benchmark: the full site pipeline from 50 to 10,000 records (`make bench`).

    python -m scripts.bench [--records N ...] [--out FILE.json] [--md FILE.md]
                            [--skip-browser] [--no-pagefind] [--scale N ...]
                            [--seed S] [--keep DIR]

For each N it generates N synthetic records (`bench.synthetic`) in a
temporary content tree (never in `content/`; the real taxonomy is copied) and:

1. times the validator alone (`casebook.validate.check_tree`, schemas compiled
   beforehand) -> `validate_records_per_s`;
2. builds the real site (`mkdocs.yml`, $CASEBOOK_CONTENT -> the tree, `-d` a
   temporary dir) in a child process that times every stage
   (`scripts.bench_build`) -> `total_s`, `stages`, `peak_rss_mb`, `output_bytes`;
3. builds the baseline: bare MkDocs + Material (same theme options and Markdown
   extensions, no hooks, no plugins, no overrides) on N plain Markdown pages
   holding the same text, kept out of the nav -> `baseline_s`, `ratio`;
4. measures the search (`scripts.bench_search`): the index built alone
   (time, CPU time, peak memory, size) -> `search_index`; each query of
   `bench_search.bench_queries()` cold through `/search/?q=` in headless
   Chromium (first page and exact count: time and bytes) -> `search_queries`;
   from `--pagefind-from` records on, plain Pagefind over the same records
   with the same queries -> `pagefind`.

After the sizes, the index alone at `--scale` sizes (default 50,000) ->
`scale`, together with the index figures of the runs from 2,000 records on.

Writes the results as JSON (`--out`) and as a Markdown table with the machine
it ran on (`--md`: replaces the part of the file between the
`<!-- bench:start -->` and `<!-- bench:end -->` markers, or writes the file);
with the default `--md`, the search tables also go between the same markers
of the 关于搜索 page.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import generate, write_tree
from casebook.load import load_corpus, load_taxonomy
from casebook.paths import CONTENT, RECORD_DIRS, ROOT
from casebook.search.document import corpus_docs
from scripts import bench_search

DEFAULT_SIZES = (50, 500, 2000, 10000)
DEFAULT_OUT = ROOT / "bench-results" / "bench.json"
DEFAULT_MD = ROOT / "docs" / "performance.md"
SCALE_SIZES = (50000,)  # index alone; 2,000 and 10,000 come from the whole-build runs
DEFAULT_ABOUT = ROOT / "docs" / "about-search.md"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGETS = {
    "total_s_10000": 120.0, "ratio": 1.3, "bytes_per_record_drift": 0.10,
    "validate_records_per_s": 2000.0,
}
# Stages in build order; they add up to `total_s` (wall time of the build process).
STAGES = (
    ("startup", "启动：Python、导入、读取 mkdocs.yml"),
    ("validate", "校验全部记录"),
    ("load", "读取记录"),
    ("relate", "关联：交叉引用、反向链接、分组"),
    ("plan", "规划页面（及 on_config 其余工作）"),
    ("exports", "开放数据与订阅（JSON、CSV、Atom、跳转页）"),
    ("collect", "MkDocs 收集文件与导航"),
    ("render_records", "记录页正文"),
    ("render_listings", "列表页与专题页正文"),
    ("markdown", "MkDocs 读取与 Markdown 转换"),
    ("static", "复制主题与静态文件"),
    ("theme", "Material 模板渲染并写出页面"),
    ("anchors", "MkDocs 锚点检查"),
    ("search_index", "等待搜索索引完成（on_post_build）"),
    ("teardown", "结束进程"),
)


# --- machine ----------------------------------------------------------------------

def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """CPU, cores, RAM, load, software versions and the date of the run."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": len(os.sched_getaffinity(0)), "ram_gib": ram_gib,
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "mkdocs": _version("mkdocs"),
        "material": _version("mkdocs-material"), "pagefind": _version("pagefind_bin_extended"),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


# --- trees ------------------------------------------------------------------------

def dir_bytes(root: Path) -> tuple[int, int, int]:
    """(total bytes, files, HTML pages) below `root`."""
    total = files = pages = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
            pages += name.endswith(".html")
    return total, files, pages


def record_markdown(data: dict[str, Any]) -> str:
    """The text of a record as one plain Markdown page (for the baseline)."""
    lines = [f"# {data.get('title', data['id'])}", ""]

    def flat(value: Any) -> str:
        if isinstance(value, dict):
            return "，".join(flat(v) for v in value.values())
        if isinstance(value, list):
            return "；".join(flat(v) for v in value)
        return str(value)

    for key, value in data.items():
        if key in ("id", "title") or value in (None, [], {}):
            continue
        lines += [f"## {key}", ""]
        if isinstance(value, list):
            lines += [f"- {flat(v)}" for v in value]
        elif isinstance(value, dict):
            lines += [f"- {k}：{flat(v)}" for k, v in value.items()]
        else:
            lines.append(str(value))
        lines.append("")
    return "\n".join(lines)


def write_baseline(root: Path, records: list[tuple[str, dict[str, Any]]]) -> Path:
    """Bare MkDocs + Material project with one Markdown page per record; returns its config."""
    docs = root / "docs"
    for folder in RECORD_DIRS.values():
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 基线\n\n同样文字的纯 Markdown 页面，不在导航中。\n",
                                   encoding="utf-8")
    for rtype, data in records:
        (docs / RECORD_DIRS[rtype] / f"{data['id']}.md").write_text(record_markdown(data),
                                                                    encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(json.dumps({
        "site_name": "基线", "site_url": "http://127.0.0.1:8000/", "docs_dir": str(docs),
        "use_directory_urls": True, "strict": True,
        "theme": {"name": "material", "language": "zh", "font": False,
                  "features": ["navigation.tabs"]},
        "plugins": [], "markdown_extensions": ["toc", "attr_list", "tables", "admonition"],
        "nav": [{"首页": "index.md"}],
        "validation": {"omitted_files": "ignore", "absolute_links": "warn",
                       "unrecognized_links": "warn", "anchors": "warn"},
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    return config


# --- builds -----------------------------------------------------------------------

def run_build(config: Path, site: Path, content: Path | None, work: Path) -> dict[str, Any]:
    """One timed build in a child process; returns wall time, stages and RSS."""
    timings = work / f"timings-{site.name}.json"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    env.pop("CASEBOOK_CONTENT", None)
    if content is not None:
        env["CASEBOOK_CONTENT"] = str(content)
    start = time.time()
    proc = subprocess.run([sys.executable, "-m", "scripts.bench_build", str(config), str(site),
                           str(timings)], cwd=ROOT, env=env, capture_output=True, text=True)
    end = time.time()
    if proc.returncode != 0:
        raise RuntimeError(f"build of {config} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    raw = json.loads(timings.read_text(encoding="utf-8"))
    return {"total_s": end - start, "stages": stages(raw, start, end), "raw": raw,
            "peak_rss_mb": (raw["maxrss_self_kb"] + raw["maxrss_children_kb"]) / 1024,
            "log": proc.stderr.strip().splitlines()[-20:]}


def stages(raw: dict[str, Any], start: float, end: float) -> dict[str, float]:
    """Seconds per stage from the child's marks; they sum to `end - start`."""
    m, s = raw["marks"], raw["sums"]

    def at(*names: str) -> float | None:
        return next((m[n] for n in names if n in m), None)

    points = [
        ("startup", at("config:first_start")),
        ("prepare", at("config:last_end")),
        ("collect", at("nav:last_end")),
        ("populate", at("env:first_start")),
        ("static", at("page_context:first_start")),
        ("theme", at("post_page:last_end")),
        ("anchors", at("post_build:first_start")),
        ("search_index", at("post_build:last_end")),
        ("teardown", end),
    ]
    spans: dict[str, float] = {}
    prev = start
    for name, t in points:
        if t is None:
            spans[name] = 0.0
            continue
        spans[name] = max(0.0, t - prev)
        prev = max(prev, t)
    pipeline = {k: s.get(k, 0.0) for k in ("validate", "load", "relate", "plan")}
    renders = {"render_records": s.get("render:records", 0.0),
               "render_listings": s.get("render:listings", 0.0)}
    out = {
        "startup": spans["startup"],
        **pipeline,
        # everything else in on_config (the hooks' glue) counts with `plan`
        "plan": pipeline["plan"] + max(0.0, spans["prepare"] - sum(pipeline.values())),
        "exports": s.get("exports", 0.0),
        "collect": max(0.0, spans["collect"] - s.get("exports", 0.0)),
        **renders,
        "markdown": max(0.0, spans["populate"] - sum(renders.values())),
        "static": spans["static"], "theme": spans["theme"], "anchors": spans["anchors"],
        "search_index": spans["search_index"], "teardown": spans["teardown"],
    }
    return {k: round(out[k], 3) for k, _ in STAGES}


def validator_rate(content: Path, repeat: int = 1) -> tuple[float, int, int]:
    """(records per second, records, problems) of the validator alone on `content`,
    best of `repeat` runs (schemas compiled beforehand)."""
    from casebook import validate

    for rtype in RECORD_DIRS:  # schema compilation is a one-off, not per record
        validate.compiled(rtype)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        report = validate.check_tree(content)
        best = min(best, time.perf_counter() - start)
    return report.records / best, report.records, len(report.problems)


# --- one size ---------------------------------------------------------------------

def default_repeat(n: int) -> int:
    """Builds per size: small sizes are cheap and the noisiest, so run them more."""
    return 5 if n <= 100 else 3 if n <= 500 else 2 if n <= 2000 else 1


def bench_size(n: int, args: argparse.Namespace, taxonomy: dict, work: Path) -> dict[str, Any]:
    """Generate, validate, build (pipeline and baseline, alternating) and query one size."""
    say = functools.partial(print, f"[bench] {n}:", file=sys.stderr, flush=True)
    repeat = args.repeat or default_repeat(n)
    say("generating records")
    records = generate(n, taxonomy, seed=args.seed)
    content = write_tree(work / "content", records)
    rate, checked, problems = validator_rate(content, repeat)
    if problems:
        raise RuntimeError(f"{problems} validation problems in the synthetic records "
                           f"(run: python -m scripts.validate --root {content})")
    say(f"validator {rate:.0f} records/s")
    baseline_cfg = write_baseline(work / "baseline", records)
    builds, baselines = [], []
    for i in range(repeat):  # alternate, so that both see the same background load
        builds.append(run_build(ROOT / "mkdocs.yml", work / "site", content, work))
        baselines.append(run_build(baseline_cfg, work / "baseline-site", None, work))
        say(f"run {i + 1}/{repeat}: site {builds[-1]['total_s']:.1f} s, "
            f"baseline {baselines[-1]['total_s']:.1f} s")
    build = min(builds, key=lambda b: b["total_s"])
    baseline = min(baselines, key=lambda b: b["total_s"])
    output, files, pages = dir_bytes(work / "site")
    base_output, _, base_pages = dir_bytes(work / "baseline-site")
    result: dict[str, Any] = {
        "records": n,
        "types": {t: sum(1 for rt, _ in records if rt == t) for t in RECORD_DIRS},
        "total_s": round(build["total_s"], 2),
        "stages": build["stages"],
        "baseline_s": round(baseline["total_s"], 2),
        "baseline_stages": {k: v for k, v in baseline["stages"].items() if v},
        "ratio": round(build["total_s"] / baseline["total_s"], 3),
        "runs_total_s": [round(b["total_s"], 2) for b in builds],
        "runs_baseline_s": [round(b["total_s"], 2) for b in baselines],
        "output_bytes": output,
        "bytes_per_record": round(output / n),
        "output_files": files,
        "html_pages": pages,
        "baseline_output_bytes": base_output,
        "baseline_html_pages": base_pages,
        "peak_rss_mb": round(max(b["peak_rss_mb"] for b in builds), 1),
        "peak_rss_main_mb": round(max(b["raw"]["maxrss_self_kb"] for b in builds) / 1024, 1),
        "baseline_peak_rss_mb": round(max(b["peak_rss_mb"] for b in baselines), 1),
        "cpu_s": round(build["raw"]["cpu_s"], 2),
        "baseline_cpu_s": round(baseline["raw"]["cpu_s"], 2),
        "cpu_ratio": round(build["raw"]["cpu_s"] / baseline["raw"]["cpu_s"], 3),
        "search_index_work_s": round(build["raw"]["sums"].get("search:work", 0.0), 2),
        "search_index_in_background": bool(build["raw"]["counts"].get("search:background")),
        "validate_records_per_s": round(rate),
        "validate_in_build_records_per_s": round(checked / build["stages"]["validate"])
        if build["stages"]["validate"] else None,
    }
    if build["raw"]["missed"]:
        result["uninstrumented"] = build["raw"]["missed"]
    queries = bench_search.bench_queries()
    docs = corpus_docs(load_corpus(content))
    say("search index alone")
    result["search_index"] = bench_search.index_only(n, args.seed, work, queries, docs=docs)
    if not args.skip_browser:
        say("search queries in Chromium")
        result["search_queries"] = bench_search.measure_queries(work / "site", queries)
        if not args.no_pagefind and n >= args.pagefind_from:
            say("plain Pagefind on the same records")
            result["pagefind"] = bench_search.pagefind_design(docs, work, queries)
    if args.keep:
        dest = Path(args.keep) / str(n)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(work, dest)
    return result


# --- report -----------------------------------------------------------------------

def _kb(value: int | None) -> str:
    return "—" if value is None else f"{value / 1000:,.0f} KB"


def _ok(good: bool | None) -> str:
    return "—" if good is None else ("达标" if good else "未达标")


def target_rows(runs: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of the issue."""
    by_n = {r["records"]: r for r in runs}
    big, small = by_n.get(10000), by_n.get(500)
    rows = []
    rows.append(("10,000 条记录完整构建 ≤ 120 秒",
                 f"{big['total_s']:.1f} 秒" if big else "未测",
                 _ok(big["total_s"] <= TARGETS["total_s_10000"] if big else None)))
    largest = max(runs, key=lambda r: r["records"])
    rows.append((f"构建时间 / 基线 ≤ 1.3（{largest['records']:,} 条时；括号内为其他规模）",
                 f"{largest['ratio']:.2f}（" + "、".join(
                     f"{r['records']:,} 条 {r['ratio']:.2f}" for r in runs if r is not largest)
                 + "）", _ok(largest["ratio"] <= TARGETS["ratio"])))
    if big and small:
        drift = big["bytes_per_record"] / small["bytes_per_record"] - 1
        rows.append(("每条记录字节数：10,000 条与 500 条相差 ≤ 10%",
                     f"{small['bytes_per_record']:,} → {big['bytes_per_record']:,} 字节"
                     f"（{drift:+.1%}）", _ok(abs(drift) <= TARGETS["bytes_per_record_drift"])))
        fixed, slope = linear_fit(runs)
        first, last = marginal_pair(runs)
        if fixed is not None and first and last:
            step = last["marginal_bytes_per_record"] / first["marginal_bytes_per_record"] - 1
            rows.append((f"输出随记录数线性增长：新增每条记录的字节数（{_span(last)} 与 "
                         f"{_span(first)} 比较）相差 ≤ 10%",
                         f"{first['marginal_bytes_per_record']:,} → "
                         f"{last['marginal_bytes_per_record']:,} 字节（{step:+.1%}）；"
                         f"固定部分约 {fixed / 1e6:.1f} MB，每条约 {slope:,.0f} 字节",
                         _ok(abs(step) <= TARGETS["bytes_per_record_drift"])))
    rate = largest["validate_records_per_s"]
    rows.append((f"校验器 ≥ 2,000 条/秒（{largest['records']:,} 条时）", f"{rate:,} 条/秒",
                 _ok(rate >= TARGETS["validate_records_per_s"])))
    return rows


def add_marginals(runs: list[dict[str, Any]]) -> None:
    """`marginal_bytes_per_record`: output added per record since the next smaller size."""
    ordered = sorted(runs, key=lambda r: r["records"])
    for prev, run in zip(ordered, ordered[1:], strict=False):
        run["marginal_from"] = prev["records"]
        run["marginal_bytes_per_record"] = round(
            (run["output_bytes"] - prev["output_bytes"]) / (run["records"] - prev["records"]))


def marginal_pair(runs: list[dict[str, Any]]) -> tuple[dict | None, dict | None]:
    """The first and the last run that have a marginal figure."""
    with_marginal = sorted((r for r in runs if "marginal_bytes_per_record" in r),
                           key=lambda r: r["records"])
    if len(with_marginal) < 2:
        return None, None
    return with_marginal[0], with_marginal[-1]


def _span(run: dict[str, Any]) -> str:
    return f"{run['marginal_from']:,}→{run['records']:,} 条"


def linear_fit(runs: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """Least-squares (fixed bytes, bytes per record) of output size against N."""
    if len(runs) < 2:
        return None, None
    xs = [r["records"] for r in runs]
    ys = [r["output_bytes"] for r in runs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if not sxx:
        return None, None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def markdown(report: dict[str, Any]) -> str:
    """The table the 性能 page shows, with the machine."""
    runs, mach = report["runs"], report["machine"]
    head = "| 指标 | " + " | ".join(f"{r['records']:,} 条" for r in runs) + " |"
    sep = "|---|" + "---:|" * len(runs)

    def row(label: str, fmt: Any) -> str:
        return f"| {label} | " + " | ".join(fmt(r) for r in runs) + " |"

    lines = [
        f"测量时间 {mach['date'][:10]}；机器：{mach['cpu']}，{mach['cores']} 核，"
        f"内存 {mach['ram_gib']} GiB，系统负载（1/5/15 分钟平均）开始时 "
        f"{' / '.join(map(str, mach['load_avg_start']))}、结束时 "
        f"{' / '.join(map(str, mach.get('load_avg_end', ['—'])))}（与其他任务共用）；"
        f"Python {mach['python']}，MkDocs {mach['mkdocs']}，Material {mach['material']}，"
        f"Pagefind {mach['pagefind']}。",
        "",
        head, sep,
        row("完整构建（秒）", lambda r: f"{r['total_s']:.1f}"),
        row("基线：MkDocs + Material 纯页面（秒）", lambda r: f"{r['baseline_s']:.1f}"),
        row("构建 / 基线", lambda r: f"{r['ratio']:.2f}"),
        row("CPU 时间：构建 / 基线（受其他任务干扰较小）",
            lambda r: f"{r['cpu_s']:.1f} / {r['baseline_cpu_s']:.1f} = {r['cpu_ratio']:.2f}"),
        row("输出总量", lambda r: f"{r['output_bytes'] / 1e6:,.1f} MB"),
        row("每条记录字节数", lambda r: f"{r['bytes_per_record']:,}"),
        row("新增每条记录的字节数", lambda r: f"{r['marginal_bytes_per_record']:,}"
            if "marginal_bytes_per_record" in r else "—"),
        row("HTML 页面数", lambda r: f"{r['html_pages']:,}"),
        row("峰值内存（MB）", lambda r: f"{r['peak_rss_mb']:,.0f}"),
        row("　其中构建主进程（MB）", lambda r: f"{r['peak_rss_main_mb']:,.0f}"),
        row("校验速度（条/秒）", lambda r: f"{r['validate_records_per_s']:,}"),
        "",
        "各阶段耗时（秒）：",
        "",
        head.replace("指标", "阶段"), sep,
        *[row(label, lambda r, k=key: f"{r['stages'][k]:.2f}") for key, label in STAGES],
        row("另：搜索索引实际用时（后台子进程，与页面渲染同时进行，不计入上面的合计）",
            lambda r: f"{r.get('search_index_work_s', 0):.2f}"),
        "",
        "| 目标 | 实测 | 结论 |", "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in target_rows(runs)],
        "",
        "### 搜索",
        "",
        bench_search.markdown(report),
    ]
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, text: str) -> None:
    """Put `text` between the bench markers of `path` (or write it whole)."""
    block = f"{MARK_START}\n{text}{MARK_END}"
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if MARK_START in old and MARK_END in old:
            before, rest = old.split(MARK_START, 1)
            after = rest.split(MARK_END, 1)[1]
            path.write_text(before + block + after, encoding="utf-8")
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, action="append",
                        help=f"number of records (repeatable; default {DEFAULT_SIZES})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results")
    parser.add_argument("--md", type=Path, default=DEFAULT_MD,
                        help="Markdown table (between the bench markers if present)")
    parser.add_argument("--skip-browser", action="store_true",
                        help="do not measure the first search query")
    parser.add_argument("--no-pagefind", action="store_true",
                        help="do not build plain Pagefind beside the site's search")
    parser.add_argument("--pagefind-from", type=int, default=2000,
                        help="smallest size that gets the Pagefind comparison")
    parser.add_argument("--scale", type=int, action="append",
                        help=f"index-only sizes (repeatable; default {SCALE_SIZES}; 0: none)")
    parser.add_argument("--seed", type=int, default=7, help="synthetic records seed")
    parser.add_argument("--repeat", type=int, default=0,
                        help="builds per size, the fastest counts (default: 5 up to 100 "
                             "records, 3 up to 500, 2 up to 2,000, then 1)")
    parser.add_argument("--keep", help="copy each size's trees and sites to this folder")
    args = parser.parse_args(argv)
    sizes = args.records or list(DEFAULT_SIZES)
    if any(n < 3 for n in sizes):
        parser.error("--records must be at least 3")
    taxonomy = load_taxonomy(CONTENT)
    report: dict[str, Any] = {"machine": machine(), "seed": args.seed,
                              "queries": bench_search.bench_queries(),
                              "targets": {**TARGETS, "search": bench_search.TARGETS},
                              "runs": [], "scale": []}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
            report["runs"].append(bench_size(n, args, taxonomy, Path(tmp)))
        add_marginals(report["runs"])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    scale = [] if args.scale == [0] else (args.scale or list(SCALE_SIZES))
    for n in scale:
        print(f"[bench] {n}: search index alone", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"casebook-bench-index-{n}-") as tmp:
            report["scale"].append(bench_search.index_only(n, args.seed, Path(tmp),
                                                           report["queries"]))
    report["scale"] = sorted([r["search_index"] for r in report["runs"]
                              if r["records"] >= 2000] + report["scale"],
                             key=lambda r: r["records"])
    report["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_markdown(args.md, markdown(report))
    if args.md == DEFAULT_MD:
        write_markdown(DEFAULT_ABOUT, bench_search.markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
