"""The benchmark keeps working: synthetic records are valid, and a small run of
`python -m scripts.bench` writes every key with sane types (no timing asserts)."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.synthetic import generate, minimal_record, real_clauses, write_tree
from casebook.paths import ROOT
from casebook.validate import check_tree
from scripts.bench import MARK_END, MARK_START, STAGES

SMOKE_RECORDS = 30
RUN_KEYS = {
    "records": int, "total_s": float, "stages": dict, "baseline_s": float, "ratio": float,
    "output_bytes": int, "bytes_per_record": int, "peak_rss_mb": float,
    "validate_records_per_s": int, "html_pages": int, "baseline_html_pages": int,
    "search_index_work_s": float, "runs_total_s": list, "runs_baseline_s": list,
    "cpu_s": float, "baseline_cpu_s": float, "cpu_ratio": float,
}


def test_synthetic_records_validate_and_spread(tmp_path: Path) -> None:
    records = generate(200, seed=11)
    report = check_tree(write_tree(tmp_path / "content", records))
    assert [p.format() for p in report.problems] == []
    assert report.records == 200
    types = Counter(rtype for rtype, _ in records)
    assert types["case"] > types["course"] > types["policy"] > 0
    assert len({d["region"] for _, d in records}) >= 15
    assert len({d["year"] for _, d in records}) >= 8
    assert len({d["kind"] for t, d in records if t == "case"}) >= 5
    assert any(d.get("policies") for t, d in records if t == "case")
    assert any(d.get("case") for t, d in records if t == "course")
    assert any(d.get("forwards") or d.get("based_on") for t, d in records if t == "policy")


def test_synthetic_records_are_deterministic_and_not_copied(tmp_path: Path) -> None:
    assert generate(40, seed=5) == generate(40, seed=5)
    assert generate(40, seed=5) != generate(40, seed=6)
    real_titles = {p.read_text(encoding="utf-8").split("title:", 1)[-1].split("\n", 1)[0].strip()
                   for p in (ROOT / "content").glob("*/*.yml")}
    assert not real_titles & {d["title"] for _, d in generate(300)}


def test_minimal_record_is_valid(tmp_path: Path) -> None:
    records = [("case", minimal_record("case", "syn-a")),
               ("course", minimal_record("course", "syn-b", case="syn-a")),
               ("policy", minimal_record("policy", "syn-c"))]
    assert check_tree(write_tree(tmp_path / "content", records)).problems == []


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """One small benchmark run, browser included (a few seconds)."""
    out = tmp_path_factory.mktemp("bench")
    page = out / "page.md"
    page.write_text(f"# 性能\n\n前言。\n\n{MARK_START}\n旧表格\n{MARK_END}\n\n后记。\n",
                    encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--records", str(SMOKE_RECORDS), "--repeat", "1",
         "--out", str(out / "bench.json"), "--md", str(page), "--scale", "0",
         "--pagefind-from", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"bench failed:\n{result.stdout}\n{result.stderr}"
    return json.loads((out / "bench.json").read_text(encoding="utf-8")), \
        page.read_text(encoding="utf-8")


def test_bench_json_has_every_key(smoke_run: tuple[dict, str]) -> None:
    report, _ = smoke_run
    assert {"cpu", "cores", "ram_gib", "python", "mkdocs", "material", "pagefind", "date"} \
        <= report["machine"].keys()
    (run,) = report["runs"]
    for key, kind in RUN_KEYS.items():
        assert isinstance(run[key], kind), (key, run[key])
    assert run["records"] == SMOKE_RECORDS
    assert list(run["stages"]) == [key for key, _ in STAGES]
    assert all(isinstance(v, float) and v >= 0 for v in run["stages"].values())
    # the stages account for the whole build (rounding aside)
    assert abs(sum(run["stages"].values()) - run["total_s"]) <= 0.05 + 0.02 * run["total_s"]
    assert run["total_s"] > 0 and run["baseline_s"] > 0 and run["ratio"] > 0
    assert run["bytes_per_record"] == round(run["output_bytes"] / SMOKE_RECORDS)
    assert run["html_pages"] > SMOKE_RECORDS and run["baseline_html_pages"] > SMOKE_RECORDS
    assert run["peak_rss_mb"] > 0 and run["validate_records_per_s"] > 0
    assert "uninstrumented" not in run, run.get("uninstrumented")


def test_bench_measures_the_search(smoke_run: tuple[dict, str]) -> None:
    report, page = smoke_run
    (run,) = report["runs"]
    assert [q["query"] for q in run["search_queries"]] == report["queries"]
    for q in run["search_queries"]:
        assert q["first_page_bytes"] == sum(q["first_page_parts"].values()) > 0
        assert {"code", "table"} <= q["first_page_parts"].keys()
        assert q["settled_bytes"] >= q["first_page_bytes"]
        assert 0 < q["first_page_s"] <= q["settled_s"]
        assert 0 < q["first_page_gzip_bytes"] <= q["first_page_bytes"]
    assert any(q["results"] > 0 for q in run["search_queries"])
    index = run["search_index"]
    assert index["records"] == SMOKE_RECORDS and index["index_files"] > 0
    assert index["peak_rss_mb"] > 0 and index["index_bytes"] > 0
    assert set(index["query_bytes"]) == set(report["queries"])
    plain = run["pagefind"]
    assert plain["index_bytes"] > 0 and len(plain["queries"]) == len(report["queries"])
    assert "纯 Pagefind" in page and "搜索目标" not in page  # targets are for 10,000 records


def test_synthetic_prose_is_real_clauses_recombined() -> None:
    clauses = {c.rstrip("，；。！？：") for c in real_clauses()}
    (_, case), *_ = [(t, d) for t, d in generate(30, seed=3) if t == "case"]
    parts = [p for p in case["background"].replace("。", "，").split("，") if p]
    assert parts and all(p in clauses for p in parts)


def test_bench_writes_the_table_between_markers(smoke_run: tuple[dict, str]) -> None:
    _, page = smoke_run
    assert page.startswith("# 性能\n\n前言。\n\n" + MARK_START)
    assert page.endswith(MARK_END + "\n\n后记。\n")
    assert "旧表格" not in page
    assert f"| 指标 | {SMOKE_RECORDS} 条 |" in page
    assert "| 目标 | 实测 | 结论 |" in page
