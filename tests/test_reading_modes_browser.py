"""Reading modes (标准/大/特大/高对比度) on phone and desktop: axe-core finds no
serious or critical problem on the main page types, the keyboard never lands
off screen (the closed drawer stays out of the Tab order), focus is always
visible, and the phone header and toolbar stay readable."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser_site import serious_violations
from tests.wcag_js import WCAG_HELPERS

SITE_NAME = "学习型社会建设案例库"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# What casebook.js and the inline <head> script read from localStorage.
MODES = {"normal": {}, "large": {"cb-font": "large"}, "xlarge": {"cb-font": "xlarge"},
         "high": {"cb-contrast": "high"}}

# Relative luminance and contrast (WCAG 2.1) of the focus ring against the
# first opaque background behind the focused element.
FOCUS_RING_JS = "() => {" + WCAG_HELPERS + """
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const text = (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 12);
  return {tag: el.tagName, text,
          inMain: !!el.closest(".md-content"), inDrawer: !!el.closest(".md-sidebar--primary"),
          style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), shadow: cs.boxShadow,
          contrast: ratio(parse(cs.outlineColor).slice(0, 3), backdrop(el.parentElement)),
          left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          vw: innerWidth, vh: innerHeight};
}"""


@pytest.fixture(scope="module")
def seven_pages(built_site: Path) -> dict[str, str]:
    """Home, search, a case, a policy, compare, stats and a collection."""
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))["records"]
    case = next(r for r in records
                if r["type"] == "case" and r.get("kind") != "regional-experience")
    collection = sorted(p.name for p in (built_site / "collections").iterdir() if p.is_dir())[0]
    return {"home": "/", "search": "/search/?q=老年", "case": f"/cases/{case['id']}/",
            "policy": "/policies/jiaozhichenghan-2023-9/", "compare": "/compare/",
            "stats": "/stats/", "collection": f"/collections/{collection}/"}


@pytest.fixture(params=[(v, m) for v in VIEWPORTS for m in MODES],
                ids=lambda p: f"{p[0]}-{p[1]}")
def moded(request, open_page) -> Iterator[tuple[object, str, str]]:
    """A page in one viewport and reading mode: (page, viewport name, mode)."""
    viewport, mode = request.param
    with open_page(VIEWPORTS[viewport], MODES[mode]) as pg:
        yield pg, viewport, mode


def goto(pg, url: str) -> None:
    pg.goto(url)
    if "/search/" in url:
        pg.wait_for_selector("[data-search-state='done']", timeout=15000)


def test_axe_and_overflow_in_every_mode(moded, site_url: str, seven_pages: dict) -> None:
    """axe: 0 serious/critical; no horizontal scrolling; the mode is really applied."""
    pg, viewport, mode = moded
    problems = []
    for name, path in seven_pages.items():
        goto(pg, site_url + path)
        state = pg.evaluate("[document.documentElement.dataset.cbFont || 'normal',"
                            " document.documentElement.dataset.cbContrast || '']")
        assert state == [MODES[mode].get("cb-font", "normal"), MODES[mode].get("cb-contrast", "")]
        problems += [f"{name}: {p}" for p in serious_violations(pg)]
        overflow = pg.evaluate("document.documentElement.scrollWidth"
                               " - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{name}: page scrolls sideways by {overflow}px")
    assert not problems, f"{viewport}/{mode}:\n" + "\n".join(problems)


def test_tabbing_through_the_header_stays_on_screen_with_visible_focus(
        moded, site_url: str) -> None:
    """Every stop from the top of the page to the first links in the main text
    is inside the viewport (the closed drawer is skipped) and shows a focus
    ring of at least 2px with 3:1 contrast against what is behind it."""
    pg, viewport, mode = moded
    goto(pg, site_url + "/policies/jiaozhichenghan-2023-9/")
    stops = []
    for _ in range(40):
        pg.keyboard.press("Tab")
        f = pg.evaluate(FOCUS_RING_JS)
        stops.append(f)
        assert f["left"] >= 0 and f["right"] <= f["vw"] + 1, f"focus off screen: {f}"
        assert f["top"] >= 0 and f["bottom"] <= f["vh"] + 1, f"focus off screen: {f}"
        visible_ring = f["style"] != "none" and f["width"] >= 2 and f["contrast"] >= 3
        assert visible_ring or f["shadow"] != "none", f"focus not visible: {f}"
        if sum(1 for s in stops if s["inMain"] and s["tag"] == "A") >= 5:
            break
    else:
        pytest.fail("Tab never reached the main text")
    assert stops[0]["text"] == "跳到正文", stops[0]
    if viewport == "phone":
        assert not any(s["inDrawer"] for s in stops), "Tab entered the closed drawer"


def test_skip_link_leads_to_the_main_text(page, site_url: str) -> None:
    page.goto(site_url + "/stats/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('article.md-content__inner')")


def test_phone_menu_opens_and_closes_by_keyboard(open_page, site_url: str) -> None:
    with open_page(PHONE) as pg:
        goto(pg, site_url + "/stats/")
        button = pg.locator("[data-cb-drawer-button]")
        button.focus()
        assert button.get_attribute("aria-expanded") == "false"
        pg.keyboard.press("Enter")
        # focus moves into the drawer, which slides fully on screen
        pg.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null"
                             " && document.activeElement.getBoundingClientRect().left >= 0",
                             timeout=3000)
        assert button.get_attribute("aria-expanded") == "true"
        pg.keyboard.press("Escape")
        assert pg.evaluate("document.activeElement.matches('[data-cb-drawer-button]')")
        assert button.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("mode", list(MODES))
def test_phone_header_and_toolbar_at_every_font_size(open_page, site_url: str,
                                                     mode: str) -> None:
    """The full site name fits the phone header; the reading toolbar is one row."""
    with open_page(PHONE, MODES[mode]) as pg:
        goto(pg, site_url + "/")
        title = pg.locator(".md-header__topic:first-child .md-ellipsis")
        assert title.inner_text().strip() == SITE_NAME
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert pg.evaluate("(() => { const t = document.querySelector("
                           "'.md-header__topic:first-child .md-ellipsis');"
                           " return t.scrollWidth <= t.clientWidth; })()"), "site name cut off"
        tops = pg.evaluate("[...document.querySelectorAll('.cb-toolbar button, .cb-toolbar a')]"
                           ".map(e => e.getBoundingClientRect())"
                           ".map(r => [Math.round(r.top), Math.round(r.bottom), r.right])")
        assert max(t for t, _, _ in tops) < min(b for _, b, _ in tops), f"toolbar wraps: {tops}"
        assert max(r for _, _, r in tops) <= PHONE["width"]
        outside = pg.evaluate("""[...document.querySelectorAll('.md-header *')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
            .filter(e => !e.closest('.md-header__topic:not(:first-child)'))
            .map(e => [e.tagName + '.' + e.className, e.getBoundingClientRect()])
            .filter(([, r]) => r.width && (r.left < 0 || r.right > innerWidth + 0.5))
            .map(([name]) => name)""")
        assert not outside, f"header parts outside the screen: {outside}"


def test_tables_that_scroll_sideways_can_be_reached_by_keyboard(open_page,
                                                                site_url: str) -> None:
    """A Markdown table wider than a phone sits in Material's scrolling wrapper;
    that wrapper becomes a named, focusable region (axe: scrollable-region-focusable)."""
    with open_page(PHONE, MODES["xlarge"]) as pg:
        goto(pg, site_url + "/accessibility/")
        pg.evaluate("""() => {
            const wrap = document.createElement('div');
            wrap.className = 'md-typeset__scrollwrap';
            wrap.innerHTML = '<div class="md-typeset__table"><table><caption>宽表</caption>'
              + '<tr><td style="white-space: nowrap">' + '很长的单元格'.repeat(20)
              + '</td></tr></table></div>';
            document.querySelector('article').appendChild(wrap);
            window.dispatchEvent(new Event('resize'));
        }""")
        wrap = pg.locator("article > .md-typeset__scrollwrap").last
        assert wrap.get_attribute("tabindex") == "0"
        assert wrap.get_attribute("role") == "region"
        assert wrap.get_attribute("aria-label").startswith("宽表")
        narrow = pg.locator("article .md-typeset__scrollwrap:not(:last-child)")
        for i in range(narrow.count()):     # tables that fit get no extra Tab stop
            el = narrow.nth(i)
            if el.evaluate("e => e.scrollWidth <= e.clientWidth"):
                assert el.get_attribute("tabindex") is None
