"""Pages that read well on a phone (390x844) and a desktop (1366x900): the
five-region comparison, the statistics, long policy pages and task pages."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NATIONAL = "jiaozhichenghan-2023-9"
POLICY = f"/policies/{NATIONAL}/"


@pytest.fixture(scope="module")
def records(built_site: Path) -> dict[str, dict]:
    data = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["records"]}


@pytest.fixture
def phone(open_page) -> Iterator[object]:
    with open_page(PHONE) as pg:
        yield pg


@pytest.fixture
def desktop(open_page) -> Iterator[object]:
    with open_page(DESKTOP) as pg:
        yield pg


def overflow(pg) -> int:
    return pg.evaluate("document.documentElement.scrollWidth"
                       " - document.documentElement.clientWidth")


def test_compare_is_one_card_per_dimension_on_a_phone(phone, site_url: str) -> None:
    phone.goto(site_url + "/compare/")
    regions = phone.locator(".cb-compare thead th[scope=col] a").all_inner_texts()
    assert len(regions) >= 2
    assert phone.locator(".cb-compare thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    cards = phone.locator(".cb-compare tbody tr")
    assert cards.count() >= 6
    first = cards.first
    assert first.evaluate("e => getComputedStyle(e).display") in ("block", "flex")  # a card
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    labels = first.locator("td").evaluate_all(
        "tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert labels == [f'"{r}："' for r in regions]
    cell_widths = first.locator("td").evaluate_all(
        "tds => tds.map(td => td.getBoundingClientRect().width)")
    assert min(cell_widths) > PHONE["width"] * 0.6, "cells still squeezed into columns"
    assert overflow(phone) <= 0


def test_compare_keeps_the_region_header_in_view_on_a_desktop(desktop, site_url: str) -> None:
    desktop.goto(site_url + "/compare/")
    assert desktop.locator(".cb-compare").evaluate("e => getComputedStyle(e).display") == "table"
    desktop.locator(".cb-compare tbody tr").nth(4).evaluate("e => e.scrollIntoView()")
    header_bottom = desktop.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
    head = desktop.locator(".cb-compare thead th").first.evaluate(
        "e => e.getBoundingClientRect().top")
    table_top = desktop.locator(".cb-compare").evaluate("e => e.getBoundingClientRect().top")
    assert table_top < 0, "the table did not scroll"
    assert abs(head - header_bottom) <= 2, (head, header_bottom)
    assert overflow(desktop) <= 0


def _label_px(pg, site_url: str) -> tuple[float, float]:
    pg.goto(site_url + "/stats/")
    label = pg.locator(".cb-hbar__label").first
    body = pg.locator("#by-region + p")
    return (float(label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")),
            float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")))


def test_stats_labels_are_body_size_and_grow_with_the_font_setting(open_page,
                                                                   site_url: str) -> None:
    sizes = {}
    for font in (None, "large", "xlarge"):
        with open_page(PHONE, {"cb-font": font} if font else None) as pg:
            sizes[font] = _label_px(pg, site_url)
            assert pg.locator(".md-content svg text").count() == 0
            assert overflow(pg) <= 0
    label, body = sizes[None]
    assert label >= 16 and label == body, sizes
    assert sizes["large"][0] > label * 1.15 and sizes["xlarge"][0] > sizes["large"][0], sizes


def test_stats_table_lists_regions_with_records_first(desktop, site_url: str) -> None:
    desktop.goto(site_url + "/stats/")
    table = desktop.locator("#by-region ~ details.cb-data table").first
    counts = [int(c) for c in table.locator("tbody td.cb-num").all_text_contents()]
    provinces = counts[:-1]                      # the last row is 全国
    assert provinces and 0 not in provinces, counts
    assert provinces == sorted(provinces, reverse=True)
    assert "尚无记录" in desktop.locator(".cb-empty-regions").inner_text()
    bars = desktop.locator("#by-region-bars .cb-hbar__value").all_inner_texts()
    assert [int(b) for b in bars] == provinces


def test_long_policy_page_has_contents_on_a_phone(phone, desktop, site_url: str,
                                                  records: dict) -> None:
    phone.goto(site_url + POLICY)
    toc = phone.locator("nav.cb-page-toc")
    assert toc.is_visible()
    links = toc.locator("a[href^='#']")
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 4 + len(records[NATIONAL]["provisions"])
    for href in hrefs:
        assert phone.locator(href).count() == 1, href
    toc.get_by_role("link", name="来源", exact=True).click()
    phone.wait_for_timeout(300)
    top = phone.locator("#sources").evaluate("e => e.getBoundingClientRect().top")
    header = phone.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
    assert header <= top < PHONE["height"] / 2, (header, top)
    phone.emulate_media(media="print")
    assert not toc.is_visible(), "the contents list is printed"
    desktop.goto(site_url + POLICY)
    assert not desktop.locator("nav.cb-page-toc").is_visible()


def test_policy_tables_stack_on_a_phone(phone, site_url: str) -> None:
    phone.goto(site_url + POLICY)
    table = phone.locator(".cb-section--targets table.cb-stack")
    assert table.count() == 1
    cell = table.locator("tbody td").first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"数值："'
    wide = phone.evaluate("""[...document.querySelectorAll('.md-content table, .md-content td')]
        .filter(e => e.getBoundingClientRect().right > innerWidth).length""")
    assert wide == 0
    assert overflow(phone) <= 0


def test_task_pages_show_the_national_targets(phone, site_url: str, records: dict) -> None:
    targets = records[NATIONAL]["targets"]
    by_task: dict[str, list[str]] = {}
    for t in targets:
        by_task.setdefault(t["task"], []).append(t["what"])
    assert by_task, "the national document has no targets"
    for task, whats in by_task.items():
        phone.goto(f"{site_url}/tasks/{task}/")
        block = phone.locator(f"#targets-{NATIONAL} ~ .cb-table-wrap table").first
        shown = block.locator("tbody th").all_inner_texts()
        assert shown == whats, task
        link = phone.locator(f"#targets-{NATIONAL} a")
        assert link.get_attribute("href").endswith(f"policies/{NATIONAL}/")
        assert overflow(phone) <= 0
