"""The search page and the header search box in headless Chromium."""
from __future__ import annotations

import gzip
import json
import re
from urllib.parse import quote

import pytest

from bench.measure import serve_dir, site_relative
from casebook.paths import ROOT
from casebook.search.build import ASSET_DIR, INDEX_DIR
from casebook.search.engine import Reader, search

DONE = "[data-search-results][data-search-state=done]"
FACETS_DONE = "[data-search-facets][data-facets-state=done]"


def open_search(page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/search/{query}")
    page.wait_for_selector(DONE, state="attached")


def wait_for_query(page, query: str) -> None:
    """After back/forward: the page has taken up `query` and rendered its results."""
    page.wait_for_function("q => document.querySelector('#cb-search-q').value === q", arg=query)
    page.wait_for_selector(DONE, state="attached")


def result_urls(page, site_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-search-results] li a[href]",
                                      "els => els.map(e => e.href)")
    return [site_relative(h, site_url) for h in hrefs]


@pytest.fixture(scope="module")
def records(built_site):
    data = json.loads((built_site / "data" / "records.json").read_text(encoding="utf-8"))
    return data["records"] if isinstance(data, dict) else data


def test_empty_query_browses_all_records(page, site_url, records):
    open_search(page, site_url)
    assert "共" in page.inner_text("[data-search-status]")
    assert len(result_urls(page, site_url)) == min(10, len(records))
    assert str(len(records)) in page.inner_text("[data-search-status]")


def test_facet_counts_match_records_json(page, site_url, records):
    open_search(page, site_url)
    page.wait_for_selector(FACETS_DONE, state="attached")
    by_type: dict[str, int] = {}
    for r in records:
        by_type[r["type"]] = by_type.get(r["type"], 0) + 1
    for rtype, n in by_type.items():
        label = page.locator(f"[data-facet=type] label[for='f-type-{rtype}']")
        assert label.locator(".cb-facet__count").inner_text() == str(n)
    # a province counts its cities' records too
    region = page.locator("[data-facet=region] input").first.get_attribute("value")
    count = int(page.locator(f"label[for='f-region-{region}'] .cb-facet__count").inner_text())
    page.check(f"#f-region-{region}")
    page.wait_for_selector(DONE, state="attached")
    assert f"region={region}" in page.url
    assert f"找到 {count} 条" in page.inner_text("[data-search-status]")


def test_facets_or_within_and_across(page, site_url, records):
    years = sorted({str(r["year"]) for r in records if r["year"]})[-2:]
    open_search(page, site_url, "?" + "&".join(f"year={y}" for y in years) + "&type=policy&n=1000")
    expected = {r["url"].lstrip("/") for r in records
                if str(r["year"]) in years and r["type"] == "policy"}
    assert set(result_urls(page, site_url)) == expected


def test_url_round_trip_with_back_and_forward(page, site_url):
    open_search(page, site_url, "?q=" + quote("学分银行"))
    first = result_urls(page, site_url)
    assert first
    page.fill("#cb-search-q", "数字鸿沟")
    page.press("#cb-search-q", "Enter")
    page.wait_for_url("**q=%E6%95%B0%E5%AD%97%E9%B8%BF%E6%B2%9F**")
    page.wait_for_selector(DONE, state="attached")
    second = result_urls(page, site_url)
    assert second and second != first
    page.go_back()
    wait_for_query(page, "学分银行")
    assert result_urls(page, site_url) == first
    page.go_forward()
    wait_for_query(page, "数字鸿沟")
    assert result_urls(page, site_url) == second
    # a shared URL gives the same results in a fresh page
    page.goto(page.url)
    page.wait_for_selector(DONE, state="attached")
    assert result_urls(page, site_url) == second


@pytest.mark.parametrize("traditional,simplified",
                         [("學分銀行", "学分银行"), ("終身學習", "终身学习")])
def test_traditional_query_finds_simplified_text(page, site_url, traditional, simplified):
    open_search(page, site_url, "?n=1000&q=" + quote(simplified))
    expected = result_urls(page, site_url)
    assert expected
    open_search(page, site_url, "?n=1000&q=" + quote(traditional))
    assert result_urls(page, site_url) == expected


def test_header_search_box(page, site_url):
    page.goto(f"{site_url}/")
    page.fill("#cb-header-q", "一网通学")
    page.press("#cb-header-q", "Enter")
    page.wait_for_url("**/search/?q=**")
    page.wait_for_selector(DONE, state="attached")
    assert result_urls(page, site_url)
    assert page.input_value("#cb-search-q") == "一网通学"


def test_no_results_message(page, site_url):
    open_search(page, site_url, "?q=" + quote("不存在的关键词xyz"))
    assert result_urls(page, site_url) == []
    assert "没有找到" in page.inner_text("[data-search-status]")


@pytest.mark.parametrize("query", ["教职成函〔2023〕9号", "15分钟社区学习圈"])
def test_document_numbers_and_mixed_text(page, site_url, query, records):
    open_search(page, site_url, "?n=1000&q=" + quote(query))
    urls = result_urls(page, site_url)
    assert urls
    known = {r["url"].lstrip("/") for r in records}
    assert set(urls) <= known


def test_matches_are_highlighted(page, site_url):
    open_search(page, site_url, "?q=" + quote("學分銀行"))
    marks = page.eval_on_selector_all("[data-search-results] mark",
                                      "els => els.map(e => e.textContent)")
    assert "学分银行" in marks


def test_results_link_to_record_pages(page, site_url, built_site, records):
    open_search(page, site_url, "?q=" + quote("学分银行"))
    for url in result_urls(page, site_url):
        assert (built_site / url / "index.html").exists(), url
    assert len(result_urls(page, site_url)) >= min(10, len(records))


# --- ranking and the contract with the Python engine ----------------------------

def python_ranking(built_site, query: str) -> list[str]:
    """URLs the Python engine returns for `query` on the built site's index files."""
    folder = built_site / ASSET_DIR
    table = json.loads((folder / "table.json").read_text(encoding="utf-8"))

    def read(name: str):
        return json.loads(gzip.decompress((folder / INDEX_DIR / f"{name}.gz").read_bytes()))
    rows = search(Reader(read, table["index"]["buckets"]), query)
    return [json.loads((folder / "cards" / f"{row}.json").read_text(encoding="utf-8"))["url"]
            for row in rows]


@pytest.mark.parametrize("query", ["教职成函〔2023〕9号", "老年", "学", "终身学习账户",
                                   "学分银行 上海", "學習型城市"])
def test_page_shows_the_engines_ranking(page, site_url, built_site, query):
    open_search(page, site_url, "?n=1000&q=" + quote(query))
    expected = python_ranking(built_site, query)
    assert expected
    assert result_urls(page, site_url) == expected


def test_document_number_finds_its_document_first(page, site_url):
    open_search(page, site_url, "?q=" + quote("教职成函〔2023〕9号"))
    assert result_urls(page, site_url)[0] == "policies/jiaozhichenghan-2023-9/"


def test_result_items_carry_record_ids_and_links_as_in_records_json(page, site_url, records):
    open_search(page, site_url, "?n=1000&q=" + quote("老年"))
    by_url = {r["url"].lstrip("/"): r["id"] for r in records}
    items = page.eval_on_selector_all(
        "[data-search-results] > li",
        "els => els.map(e => [e.dataset.recordId, e.querySelector('a').href])")
    assert items
    for record_id, href in items:
        assert by_url[site_relative(href, site_url)] == record_id


def test_status_facet(page, site_url, records):
    open_search(page, site_url, "?n=1000&status=complete")
    page.wait_for_selector(FACETS_DONE, state="attached")
    legend = page.locator("[data-facet=status] legend").inner_text()
    assert legend == "内容完整度"
    labels = page.locator("[data-facet=status] label").all_inner_texts()
    assert any(text.startswith("内容完整") for text in labels)
    expected = {r["url"].lstrip("/") for r in records if r.get("status") == "complete"}
    assert set(result_urls(page, site_url)) == expected


def test_searching_is_announced_then_the_count(page, site_url):
    held, released = [], []
    page.route("**/assets/search/index/**",
               lambda route: route.continue_() if released else held.append(route))
    page.goto(f"{site_url}/search/?q=" + quote("老年"))
    status = page.locator("[data-search-status]")
    page.wait_for_function("() => document.querySelector('[data-search-status]')"
                           ".textContent.includes('正在搜索')")
    assert status.get_attribute("aria-live") == "polite"
    assert page.get_attribute("[data-search-results]", "data-search-state") == "loading"
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector("[data-search-status][data-search-count=done]", state="attached")
    assert "找到" in status.inner_text() and "条" in status.inner_text()


def test_page_title_names_the_query(page, site_url):
    open_search(page, site_url, "?q=" + quote("老年"))
    assert page.title() == "老年 - 搜索 - 学习型社会建设案例库"
    open_search(page, site_url)
    assert page.title() == "搜索 - 学习型社会建设案例库"


# --- phone and desktop layouts ---------------------------------------------------

def first_result_in_view(page) -> bool:
    box = page.locator("[data-search-results] > li").first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 80) <= height


def test_phone_shows_results_first_and_filters_behind_a_button(browser, site_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_search(page, site_url, "?q=" + quote("老年"))
        assert first_result_in_view(page)
        toggle = page.locator("[data-search-filter-toggle]")
        assert toggle.is_visible() and toggle.inner_text() == "筛选"
        assert not page.locator("[data-search-facets]").is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("[data-facet=type]").is_visible()
        open_search(page, site_url, "?q=" + quote("老年") + "&type=case&status=complete")
        assert page.locator("[data-search-filter-toggle]").inner_text() == "筛选（已选 2 项）"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()


def test_desktop_shows_results_and_facets_together(browser, site_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        open_search(page, site_url, "?q=" + quote("老年"))
        page.wait_for_selector(FACETS_DONE, state="attached")
        assert first_result_in_view(page)
        assert not page.locator("[data-search-filter-toggle]").is_visible()
        assert page.locator("[data-facet=type]").is_visible()
    finally:
        context.close()


def test_high_contrast_search_page_has_readable_inputs_and_counts(page, site_url):
    page.goto(f"{site_url}/")
    page.evaluate("localStorage.setItem('cb-contrast', 'high')")
    open_search(page, site_url, "?q=" + quote("老年"))
    page.wait_for_selector(FACETS_DONE, state="attached")
    assert page.get_attribute("html", "data-cb-contrast") == "high"
    page.fill("#cb-search-q", "老年")
    colors = page.eval_on_selector(
        "#cb-search-q", "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colors[0] != colors[1]
    page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    bad = [n["target"] for v in result["violations"] for n in v["nodes"]]
    assert bad == []


def test_first_page_is_final_while_the_count_is_still_running(browser, build_synthetic):
    """A phrase common enough for its positions to be split by row block: the first
    page settles from the first block, and the count says 正在统计 until the
    other blocks have come (issue 11: the count may finish after the first page)."""
    from conftest import synthetic_record

    phrase = "终身学习账户"
    body = "，".join([f"第{n}次开通{phrase}" for n in range(20)]) + "。"
    records = [("case", synthetic_record("case", f"zhanghu-{n:03d}", background=body))
               for n in range(150)]
    result, site = build_synthetic(records)
    assert result.returncode == 0, result.stderr
    later_blocks = re.compile(r"/index/g\d+-[1-9]\d*\.json")
    index = site / "assets" / "search" / "index"
    assert any(later_blocks.search(f"/index/{p.name}") for p in index.iterdir())
    server, url = serve_dir(site)
    context = browser.new_context(locale="zh-CN")
    held: list = []
    try:
        page = context.new_page()
        page.route(later_blocks, lambda route: held.append(route))
        page.goto(f"{url}/search/?q=" + quote(phrase))
        page.wait_for_selector(DONE, state="attached")
        shown = "() => [...document.querySelectorAll('[data-search-results] [data-record-id]')]" \
                ".map(e => e.dataset.recordId)"
        first = page.evaluate(shown)
        ranking = [url.strip("/").split("/")[-1] for url in python_ranking(site, phrase)]
        assert first == ranking[:10]
        status = page.locator("[data-search-status]")
        assert "正在统计" in status.inner_text()
        assert status.get_attribute("data-search-count") == "loading"
        assert held, "the first page should not need the later position blocks"
        for route in held:
            route.continue_()
        page.unroute(later_blocks)
        page.wait_for_selector("[data-search-status][data-search-count=done]", state="attached")
        assert f"找到 150 条包含“{phrase}”的记录" in status.inner_text()
        assert page.evaluate(shown) == first  # "done" meant the first page was final
    finally:
        context.close()
        server.shutdown()
