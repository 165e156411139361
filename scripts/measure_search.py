"""Measure the search: recall, precision and bytes per query, through the real
search page in headless Chromium; optionally compare with the other designs
and measure the first query on a synthetic site of N records.

    python -m scripts.measure_search                 # real content, writes the numbers
    python -m scripts.measure_search --compare       # + Pagefind default and jieba
    python -m scripts.measure_search --synthetic 10000 --no-write

The numbers go to docs/assets/search/measurements.json and into the generated
block of docs/about-search.md (the 关于搜索 page).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median

from bench.measure import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Outcome,
    Query,
    build_alternative,
    build_queries,
    build_site,
    run_harness,
    run_queries,
    run_search_page,
    search_page_url,
    serve_dir,
    taxonomy_names,
    transfer_bytes,
)
from bench.synthetic import generate, write_tree
from casebook.load import load_corpus
from casebook.paths import ROOT
from casebook.render.build import content_root
from casebook.search.build import ASSET_DIR, INDEX_DIR, build_search
from casebook.search.document import Labels, SearchDoc, corpus_docs

OUT_JSON = ROOT / "docs" / "assets" / "search" / "measurements.json"
ABOUT = ROOT / "docs" / "about-search.md"
BEGIN, END = "<!-- measurements:begin -->", "<!-- measurements:end -->"
ALTERNATIVES = (
    ("default", "Pagefind 扩展版默认（jieba-rs 分词建索引，浏览器 Intl.Segmenter 切分查询）"),
    ("jieba", "jieba 分词（含领域词典）建索引，查询同样用 jieba 切分"),
)
OURS = "本站：自建 n-gram 索引（单字、双字行集，三字片段按位置核对）"
BYTES_QUERIES = ("学分银行", "數字鴻溝", "15分钟社区学习圈", "教职成函〔2023〕9号", "老年教育 上海")


def summary(outcome: Outcome) -> dict[str, object]:
    return {"queries": outcome.queries, "recall": round(outcome.recall, 4),
            "precision": round(outcome.precision, 4), "relevant": outcome.relevant,
            "returned": outcome.returned, "found": outcome.found,
            "queries_with_misses": len(outcome.misses),
            "queries_with_wrong_results": len(outcome.false_hits),
            "examples_missed": outcome.misses[:5], "examples_wrong": outcome.false_hits[:5]}


def measure_bytes(browser, base_url: str, queries: tuple[str, ...]) -> dict[str, object]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    rows: dict[str, dict[str, int] | None] = {}
    for q in queries:
        try:
            rows[q] = transfer_bytes(browser, search_page_url(base_url, q, 10))
        except PlaywrightTimeout:
            rows[q] = None  # reported as a timeout
    done = [r for r in rows.values() if r]
    return {"per_query": rows,
            "median_total": median(r["total"] for r in done) if done else None,
            "median_search": median(r["search"] for r in done) if done else None}


def synthetic_docs(n: int, work: Path) -> list[SearchDoc]:
    """The search documents of `n` synthetic records: the benchmark's
    (`bench.synthetic`, seed 7), so both report on the same kind of site."""
    return corpus_docs(load_corpus(write_tree(work / "content", generate(n))))


def write_numbers(data: dict[str, object]) -> None:
    """Write measurements.json and the block of the 关于搜索 page. Without
    --compare, the other designs' numbers of the previous run are kept (they
    do not change with this site's engine) and only this site's row is new."""
    if "compare" not in data and OUT_JSON.is_file():
        old = json.loads(OUT_JSON.read_text(encoding="utf-8")).get("compare")
        if old:
            others = {k: v for k, v in old.items() if not k.startswith("本站")}
            index = data.get("index_bytes", 0)
            data["compare"] = {**others, OURS: {**data["site"], "index_bytes": index}}
    OUT_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    site = data["site"]
    lines = [BEGIN, "",
             f"测量日期：{data['date']}；记录数：{data['records']}；查询数：{site['queries']}"
             "（由 `python -m scripts.measure_search` 在无头 Chromium 中"
             "通过本站搜索页实测）。", "",
             "| 指标 | 结果 |", "|---|---|",
             f"| 召回率（应找到的记录中找到的比例） | {site['recall']:.1%} |",
             f"| 准确率（返回的结果中确实包含查询词的比例） | {site['precision']:.1%} |"]
    if "bytes" in data:
        b = data["bytes"]
        lines += ["| 首次查询传输量（中位数，仅搜索所需文件） | "
                  f"{b['median_search'] / 1024:.0f} KB |",
                  "| 首次查询传输量（中位数，含整个页面） | "
                  f"{b['median_total'] / 1024:.0f} KB |"]
    lines.append("")
    if "compare" in data:
        lines += ["同一批记录和查询，三种做法的对比：", "",
                  "| 做法 | 召回率 | 准确率 | 索引大小 |", "|---|---|---|---|"]
        for name, row in data["compare"].items():
            lines.append(f"| {name} | {row['recall']:.1%} | {row['precision']:.1%} | "
                         f"{row['index_bytes'] / 1024:.0f} KB |")
        lines.append("")
    if "synthetic" in data:
        s = data["synthetic"]
        lines += [f"在 {s['records']} 条合成记录的网站上，首次查询传输量中位数为 "
                  f"{s['median_search'] / 1024:.0f} KB（仅搜索所需文件），"
                  f"索引构建 {s['index_seconds']:.0f} 秒（合成记录与性能基准所用的相同，"
                  "见“性能”页）。", ""]
    lines.append(END)
    text = ABOUT.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    ABOUT.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--queries", type=int, default=300, help="size of the query set")
    parser.add_argument("--compare", action="store_true",
                        help="also measure Pagefind default and jieba")
    parser.add_argument("--synthetic", type=int, default=0,
                        help="first-query bytes on N synthetic records")
    parser.add_argument("--no-write", action="store_true",
                        help="print only, do not update the docs")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    corpus = load_corpus(content_root())
    docs = corpus_docs(corpus)
    names = taxonomy_names(corpus.taxonomy)
    queries: list[Query] = build_queries(docs, names, limit=args.queries)
    data: dict[str, object] = {"date": dt.date.today().isoformat(), "records": len(docs)}
    with tempfile.TemporaryDirectory(prefix="casebook-measure-") as tmp:
        tmp_path = Path(tmp)
        site_dir = args.site
        if site_dir is None:
            site_dir = tmp_path / "site"
            result = build_site(site_dir)
            if result.returncode != 0:
                sys.exit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
        server, base_url = serve_dir(site_dir)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            site = run_queries(lambda q: run_search_page(page, base_url, q), queries, "ngram")
            data["site"] = summary(site)
            data["bytes"] = measure_bytes(browser, base_url, BYTES_QUERIES)
            data["index_bytes"] = sum(p.stat().st_size for p in
                                      (site_dir / ASSET_DIR / INDEX_DIR).rglob("*") if p.is_file())
            if args.compare:
                compare = {}
                for kind, label in ALTERNATIVES:
                    out = tmp_path / kind
                    dictionary = names + [d.title for d in docs]
                    index_bytes = build_alternative(kind, docs, out, dictionary=dictionary)
                    alt_server, alt_url = serve_dir(out)
                    alt_page = browser.new_page()
                    def runner(q: str, k: str = kind, p=alt_page, u: str = alt_url) -> list[str]:
                        return run_harness(p, u, k, q)

                    outcome = run_queries(runner, queries, kind)
                    compare[label] = {**summary(outcome), "index_bytes": index_bytes}
                    alt_server.shutdown()
                compare[OURS] = {**data["site"], "index_bytes": data["index_bytes"]}
                data["compare"] = compare
            if args.synthetic:
                synth_site = tmp_path / "synthetic"
                shutil.copytree(site_dir / "search", synth_site / "search")
                shutil.copytree(site_dir / "assets", synth_site / "assets")
                report = build_search(synthetic_docs(args.synthetic, tmp_path), synth_site,
                                      Labels(corpus.taxonomy))
                syn_server, syn_url = serve_dir(synth_site)
                b = measure_bytes(browser, syn_url, BYTES_QUERIES)
                data["synthetic"] = {"records": args.synthetic,
                                     "index_seconds": round(report.seconds, 1),
                                     "index_bytes": report.index_bytes, **b}
                syn_server.shutdown()
            browser.close()
        server.shutdown()
    print(json.dumps(data, ensure_ascii=False, indent=1))
    if not args.no_write:
        write_numbers(data)


if __name__ == "__main__":
    main()
