"""The search page and the header search box in headless Chromium."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from bench.measure import site_relative

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
