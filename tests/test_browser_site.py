"""The built site in headless Chromium: home, navigation, reading settings,
print layout and axe-core accessibility checks."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebook.paths import ROOT

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SITE_NAME = "学习型社会建设案例库"


@pytest.fixture(scope="module")
def records(built_site: Path) -> list[dict]:
    return json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))["records"]


@pytest.fixture(scope="module")
def a_case(records: list[dict]) -> dict:
    """A case that is not a regional experience (or any case, if that is all there is)."""
    cases = [r for r in records if r["type"] == "case"]
    assert cases, "content/ has no cases"
    plain = [r for r in cases if r.get("kind") != "regional-experience"]
    return (plain or cases)[0]


def serious_violations(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} missing: run `npm ci` (make test does it)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:5])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_home_page_renders(page, site_url: str, records: list[dict]) -> None:
    page.goto(site_url + "/")
    assert SITE_NAME in page.title()
    assert page.locator("h1").first.inner_text() == SITE_NAME
    for rtype in ("case", "course", "policy"):
        n = sum(1 for r in records if r["type"] == rtype)
        assert page.locator(f'[data-count="{rtype}"]').inner_text() == str(n)
    for r in records:
        if r.get("kind") == "regional-experience":
            link = page.locator(f'.cb-cards--experiences a[href="./cases/{r["id"]}/"]')
            assert link.count() == 1, r["id"]
    assert page.locator("#tasks ~ ol .cb-card").count() == 5


def test_feed_is_discoverable_without_fetching_the_sitemap(page, site_url: str) -> None:
    """Material fetches sitemap.xml for every exact `link[rel=alternate]`; the feed
    link's `rel` must still hold the `alternate` token for feed readers."""
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    feeds = page.locator('link[rel~="alternate"][type="application/atom+xml"]')
    assert feeds.count() == 1
    assert feeds.first.get_attribute("href").endswith("feed.xml")
    assert not [u for u in requested if u.endswith("sitemap.xml")]


def test_region_to_case_navigation(page, site_url: str, a_case: dict) -> None:
    page.goto(f"{site_url}/regions/{a_case['region']}/")
    page.get_by_role("link", name=a_case["title"], exact=True).first.click()
    page.wait_for_url(re.compile(rf"/cases/{re.escape(a_case['id'])}/$"))
    assert page.locator("h1").first.inner_text() == a_case["title"]
    # and back from the case to its region
    page.locator("#facts ~ dl a[href*='regions/']").last.click()
    page.wait_for_url(re.compile(r"/regions/[a-z0-9-]+/$"))


def _font_px(page) -> float:
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize")[:-2])


def test_font_size_switch_persists_across_pages(page, site_url: str, a_case: dict) -> None:
    page.goto(site_url + "/")
    normal = _font_px(page)
    page.get_by_role("button", name="特大").click()
    assert _font_px(page) > normal * 1.3
    assert page.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    page.goto(f"{site_url}/cases/{a_case['id']}/")
    assert page.evaluate("document.documentElement.dataset.cbFont") == "xlarge"
    assert _font_px(page) > normal * 1.3
    assert page.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="标准").click()
    page.goto(site_url + "/stats/")
    assert _font_px(page) == normal


def test_font_size_is_applied_before_first_paint(page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.evaluate("localStorage.setItem('cb-font', 'large')")
    seen = []
    page.on("console", lambda msg: seen.append(msg.text))
    page.add_init_script("""document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive')
            console.log('font:' + document.documentElement.getAttribute('data-cb-font'));
    });""")
    page.goto(site_url + "/regions/")
    assert "font:large" in seen


def test_high_contrast_persists(page, site_url: str, a_case: dict) -> None:
    page.goto(site_url + "/")
    page.get_by_role("button", name="高对比度").click()
    page.goto(f"{site_url}/cases/{a_case['id']}/")
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(0, 0, 0)"
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"


def test_reading_settings_work_by_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "/")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "大":
            break
    else:
        pytest.fail("font-size button not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.cbFont") == "large"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused button has no visible focus outline"


def test_print_layout_hides_navigation(page, site_url: str, a_case: dict) -> None:
    page.goto(f"{site_url}/cases/{a_case['id']}/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".cb-toolbar"):
        loc = page.locator(selector)
        if loc.count():
            assert not loc.first.is_visible(), selector
    assert page.locator("h1").first.is_visible()
    links = page.locator(".cb-sources a[href^='http']")
    if links.count():
        after = links.first.evaluate("a => getComputedStyle(a, '::after').content")
        assert links.first.get_attribute("href") in after


@pytest.mark.parametrize("which", ["home", "case", "region", "search", "high-contrast"])
def test_no_serious_accessibility_violations(page, site_url: str, a_case: dict,
                                             which: str) -> None:
    paths = {"home": "/", "case": f"/cases/{a_case['id']}/",
             "region": f"/regions/{a_case['region']}/", "search": "/search/",
             "high-contrast": f"/cases/{a_case['id']}/"}
    if which == "high-contrast":
        page.goto(site_url + "/")
        page.evaluate("localStorage.setItem('cb-contrast', 'high')")
    page.goto(site_url + paths[which])
    problems = serious_violations(page)
    assert not problems, "\n".join(problems)
