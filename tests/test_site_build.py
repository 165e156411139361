"""The showcase site: the real content builds, every record has its page, the
open data matches content/, and the page generation behaves on synthetic trees."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import synthetic_record

from casebook.load import load_corpus, record_files
from casebook.paths import CONTENT, RECORD_DIRS, SCHEMAS
from casebook.relate import build_index, page_url, paginate
from casebook.render.pages import plan
from casebook.render.record import SECTIONS, Section, register_section, render_record
from casebook.render.view import SiteOptions, View, format_indicator_value

ATOM = "{http://www.w3.org/2005/Atom}"


def content_records() -> list[tuple[str, str]]:
    """(type, id) of every record file in content/, from the file names."""
    return sorted((rtype, path.stem) for rtype, path in record_files(CONTENT))


def records_json(site: Path) -> list[dict]:
    return json.loads((site / "data/records.json").read_text(encoding="utf-8"))["records"]


# --- the real content -----------------------------------------------------------

def test_real_content_builds(built_site: Path) -> None:
    for rel in ("index.html", "regions/index.html", "tasks/index.html", "policies/index.html",
                "courses/index.html", "compare/index.html", "stats/index.html",
                "data/index.html", "contribute/index.html", "feed.xml"):
        assert (built_site / rel).is_file(), rel


def test_every_record_has_its_page(built_site: Path) -> None:
    corpus = load_corpus(CONTENT)
    for r in corpus.records:
        page = built_site / r.url / "index.html"
        assert page.is_file(), f"no page for {r.path}"
        text = page.read_text(encoding="utf-8")
        assert f"<h1>{html.escape(r.data['title'], quote=False)}</h1>" in text, r.id
        assert 'id="sources"' in text and 'id="facts"' in text


def test_records_json_holds_exactly_the_records_of_content(built_site: Path) -> None:
    rows = records_json(built_site)
    assert sorted((row["type"], row["id"]) for row in rows) == content_records()
    for row in rows:
        assert row["url"] == f"/{RECORD_DIRS[row['type']]}/{row['id']}/"
        assert (built_site / row["url"].lstrip("/") / "index.html").is_file()
        for fld in ("title", "region", "tasks", "year", "summary", "sources", "status", "updated"):
            assert fld in row, (row["id"], fld)


def test_records_csv_is_excel_friendly(built_site: Path) -> None:
    raw = (built_site / "data/records.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted((r["type"], r["id"]) for r in rows) == content_records()
    multi = [r for r in rows if "；" in r["tasks"]]
    assert all("," not in r["tasks"] for r in rows)
    assert not content_records() or multi or all(";" not in r["tasks"] for r in rows)


def test_taxonomy_and_schemas_are_published(built_site: Path) -> None:
    taxonomy = json.loads((built_site / "data/taxonomy.json").read_text(encoding="utf-8"))
    assert {"regions", "tasks"} <= taxonomy.keys()
    for schema in SCHEMAS.glob("*.json"):
        published = built_site / "data/schemas" / schema.name
        assert json.loads(published.read_text(encoding="utf-8")) == json.loads(schema.read_text())


def test_feed_lists_latest_records(built_site: Path) -> None:
    feed = ET.parse(built_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(content_records()))
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_no_lunr_index_and_no_google_fonts(built_site: Path) -> None:
    assert not (built_site / "search/search_index.json").exists()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert '<html lang="zh"' in home


def test_home_shows_counts_and_experiences(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    rows = records_json(built_site)
    for rtype in ("case", "course", "policy"):
        n = sum(1 for r in rows if r["type"] == rtype)
        assert f'data-count="{rtype}">{n}<' in home
    for r in rows:
        if r.get("kind") == "regional-experience":
            assert f'href="./cases/{r["id"]}/"' in home, r["id"]


# --- plain-Python pieces ------------------------------------------------------------

def test_paginate_and_page_urls() -> None:
    assert [len(p) for p in paginate(list(range(120)), 50)] == [50, 50, 20]
    assert paginate([], 50) == [[]]
    assert page_url("regions/shanghai/", 1) == "regions/shanghai/"
    assert page_url("regions/shanghai/", 3) == "regions/shanghai/page/3/"
    assert View.page_window(20, 10) == [1, 0, 8, 9, 10, 11, 12, 0, 20]
    assert View.page_window(3, 1) == [1, 2, 3]


@pytest.mark.parametrize(("ind", "text"), [
    ({"what": "x", "value": 150, "unit": "门", "qualifier": "余"}, "150余门"),
    ({"what": "x", "value": 2.0, "unit": "万人次", "qualifier": "超过"}, "超过2万人次"),
    ({"what": "x", "value": 97, "unit": "%"}, "97%"),
    ({"what": "x", "value": 50, "unit": "个", "qualifier": "以上"}, "50个以上"),
])
def test_indicator_values_read_naturally(ind: dict, text: str) -> None:
    assert format_indicator_value(ind) == text


SYNTHETIC = [
    ("case", synthetic_record("case", "syn-exp", kind="regional-experience", region="guangdong",
                              cases=["syn-yunfu"], comparison={"mechanism": "**机制**说明"})),
    ("case", synthetic_record("case", "syn-yunfu", region="yunfu", policies=["syn-prov"],
                              aliases=["syn-yunfu-old"], courses=["syn-course"])),
    ("course", synthetic_record("course", "syn-course", region="yunfu", case="syn-yunfu",
                                status="stub")),
    ("policy", synthetic_record("policy", "syn-national", region="quanguo", level="national",
                                doc_no="教职成函〔2023〕9号", issued="2023-08-30",
                                coverage="summary")),
    ("policy", synthetic_record("policy", "syn-prov", region="guangdong", forwards=["syn-national"],
                                issued="2023-09-10")),
    *[("case", synthetic_record("case", f"syn-bulk-{i:03d}", region="zhejiang", year=2020 + i % 4))
      for i in range(55)],
]


def _corpus_index(tmp_path: Path):
    from conftest import write_content

    return build_index(load_corpus(write_content(tmp_path / "content", SYNTHETIC)))


def test_relations_work_in_both_directions(tmp_path: Path) -> None:
    index = _corpus_index(tmp_path)
    v = View(index, SiteOptions(), "cases/syn-yunfu/")
    page = render_record(v, index.by_id["syn-yunfu"]).html
    assert "所属地方经验" in page and 'href="../../cases/syn-exp/"' in page   # city -> province
    assert 'href="../../policies/syn-prov/"' in page
    policy = render_record(View(index, SiteOptions(), "policies/syn-prov/"),
                           index.by_id["syn-prov"]).html
    assert "引用本文件的案例" in policy and 'href="../../cases/syn-yunfu/"' in policy
    national = render_record(View(index, SiteOptions(), "policies/syn-national/"),
                             index.by_id["syn-national"]).html
    assert "转发本文件的文件" in national and 'href="../../policies/syn-prov/"' in national
    course = render_record(View(index, SiteOptions(), "courses/syn-course/"),
                           index.by_id["syn-course"]).html
    assert "仅有简介" in course and "来源未提及" in course


def test_province_page_includes_its_cities(tmp_path: Path) -> None:
    index = _corpus_index(tmp_path)
    ids = {r.id for r in index.group("regions", "guangdong")}
    assert {"syn-exp", "syn-yunfu", "syn-course", "syn-prov"} <= ids
    assert {r.id for r in index.group("regions", "yunfu")} == {"syn-yunfu", "syn-course"}


def test_listings_are_paginated(tmp_path: Path) -> None:
    index = _corpus_index(tmp_path)
    specs = {p.url: p for p in plan(index, SiteOptions(per_page=50))}
    assert "regions/zhejiang/page/2/" in specs and "regions/zhejiang/page/3/" not in specs
    page1 = specs["regions/zhejiang/"].render(index, SiteOptions(per_page=50)).html
    assert page1.count('class="cb-item ') == 50
    assert 'href="../../regions/zhejiang/page/2/"' in page1


def test_record_page_links_to_feedback_and_editors_not_to_files(tmp_path: Path) -> None:
    index = _corpus_index(tmp_path)
    r = index.by_id["syn-yunfu"]
    routed = render_record(View(index, SiteOptions(feedback_url="https://example.org/f"),
                                r.url), r).html
    assert '<a href="https://example.org/f">纠错</a>' in routed
    assert '<a href="../../contribute/">编辑此记录</a>' in routed
    without = render_record(View(index, SiteOptions(), r.url), r).html
    assert '<a href="../../about/#contact">纠错</a>' in without
    assert ".yml" not in without and "content/" not in without


def test_another_feature_can_add_a_section(tmp_path: Path) -> None:
    index = _corpus_index(tmp_path)
    from markupsafe import Markup

    section = Section("collections-test", "收录于", lambda v, r: Markup("<p>专题甲</p>"))
    register_section(section)
    try:
        r = index.by_id["syn-yunfu"]
        out = render_record(View(index, SiteOptions(), r.url), r)
        keys = [k for k, _ in out.toc]
        assert keys.index("collections-test") == keys.index("sources") - 1
        assert "专题甲" in out.html
    finally:
        SECTIONS.remove(section)


# --- a synthetic site, built with MkDocs -----------------------------------------

@pytest.fixture(scope="module")
def synthetic_site(build_synthetic) -> Path:
    result, site = build_synthetic(SYNTHETIC)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_synthetic_site_builds_from_casebook_content(synthetic_site: Path) -> None:
    rows = records_json(synthetic_site)
    assert {r["id"] for r in rows} == {d["id"] for _, d in SYNTHETIC}
    assert (synthetic_site / "regions/zhejiang/page/2/index.html").is_file()


def test_alias_redirects_to_current_url(synthetic_site: Path) -> None:
    redirect = (synthetic_site / "cases/syn-yunfu-old/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../syn-yunfu/"' in redirect
    assert 'rel="canonical"' not in redirect  # no public address in a test build
    assert re.search(r'<a href="\.\./syn-yunfu/">', redirect)


def test_region_and_task_pages_link_to_search(synthetic_site: Path) -> None:
    region = (synthetic_site / "regions/guangdong/index.html").read_text(encoding="utf-8")
    assert 'href="../../search/?region=guangdong"' in region
    task = (synthetic_site / "tasks/learning-city/index.html").read_text(encoding="utf-8")
    assert 'href="../../search/?task=learning-city"' in task


def test_invalid_content_stops_the_build(build_synthetic) -> None:
    bad = synthetic_record("case", "syn-bad", region="nowhere")
    result, site = build_synthetic([("case", bad)])
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "syn-bad.yml" in out and "region" in out and "内容校验未通过" in out
    assert not (site / "cases/syn-bad/index.html").exists()


def test_a_source_without_a_date_says_so(built_site: Path) -> None:
    """A source whose own text gives no date has none (nothing is inferred),
    and its record page says the date is not stated."""
    page = (built_site / "policies/zhongguo-jiaoyu-xiandaihua-2035/index.html").read_text("utf-8")
    assert "发布日期未注明" in page and "None" not in page
