"""An older reader on a phone: the key controls can be seen in every reading
mode, are big enough to tap, and never cover the site name in the header."""
from __future__ import annotations

import json
import re

import pytest

from tests.test_reading_modes_browser import DESKTOP, MODES, PHONE, goto
from tests.wcag_js import WCAG_HELPERS

TAP = 44  # px: the smallest comfortable tap target (WCAG 2.5.5, Apple HIG)

# Text contrast (WCAG 2.1) of each visible element matching the selector
# against the first opaque background behind it, and its height.
CONTRAST_JS = "sel => {" + WCAG_HELPERS + """
  return [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).map(e => ({
    text: e.textContent.trim(),
    contrast: ratio(parse(getComputedStyle(e).color).slice(0, 3), backdrop(e)),
    height: e.getBoundingClientRect().height}));
}"""


@pytest.mark.parametrize("mode", ["normal", "high"])
@pytest.mark.parametrize("path", ["/cases/", "/search/?q=老年"])
def test_add_to_list_buttons_are_readable_and_tappable(open_page, site_url: str,
                                                       mode: str, path: str) -> None:
    """加入清单 / 移出清单 (both states) reach 4.5:1 and 44 px on a phone."""
    with open_page(PHONE, MODES[mode]) as pg:
        goto(pg, site_url + path)
        pg.locator(".cb-list-add").first.click()  # one button in the "in the list" state
        buttons = pg.evaluate(CONTRAST_JS, ".cb-list-add")
        assert {b["text"] for b in buttons} == {"加入清单", "移出清单"}
        faint = [b for b in buttons if b["contrast"] < 4.5]
        assert not faint, f"{mode}: buttons hard to see: {faint[:2]}"
        small = [b for b in buttons if b["height"] < TAP]
        assert not small, f"{mode}: buttons smaller than {TAP} px: {small[:2]}"


def test_reading_toolbar_and_header_search_are_tappable(open_page, site_url: str) -> None:
    """The 标准/大/特大/高对比度 buttons and the header search are at least 44 px high."""
    with open_page(PHONE) as pg:
        goto(pg, site_url + "/cases/")
        heights = pg.evaluate("""[...document.querySelectorAll(
              '.cb-toolbar button, .cb-header-search input, .cb-header-search button')]
            .map(e => [e.textContent.trim() || e.placeholder, e.getBoundingClientRect().height])""")
        assert len(heights) >= 6
        small = [h for h in heights if h[1] < TAP]
        assert not small, f"smaller than {TAP} px: {small}"


@pytest.mark.parametrize("mode", ["normal", "large", "xlarge"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_list_link_never_covers_the_site_name(open_page, site_url: str, mode: str,
                                              viewport: dict) -> None:
    """The header's 清单 link and the site name do not overlap, and the name is not clipped."""
    with open_page(viewport, MODES[mode]) as pg:
        goto(pg, site_url + "/cases/")
        pg.wait_for_selector("[data-list-link]", state="attached")
        boxes = pg.evaluate("""(() => {
          const box = e => { const r = e.getBoundingClientRect();
                             return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
          return {name: box(document.querySelector('.md-header__topic:first-child .md-ellipsis')),
                  clip: box(document.querySelector('.md-header__title')),
                  link: box(document.querySelector('[data-list-link]'))};
        })()""")
        name, clip, link = boxes["name"], boxes["clip"], boxes["link"]
        assert name["right"] <= clip["right"] + 0.5, f"site name clipped: {boxes}"
        apart = (link["left"] >= name["right"] or link["right"] <= name["left"]
                 or link["top"] >= name["bottom"] or link["bottom"] <= name["top"])
        assert apart, f"清单 link covers the site name: {boxes}"


def test_filter_choices_are_tappable_on_a_phone(open_page, site_url: str) -> None:
    """Each choice behind 筛选 (checkbox and its words) is a 44 px row, the box itself large."""
    with open_page(PHONE) as pg:
        goto(pg, site_url + "/search/?q=老年")
        pg.click("[data-search-filter-toggle]")
        rows = pg.evaluate("""[...document.querySelectorAll('.cb-facet__item')].map(li => [
            li.innerText.trim(), li.querySelector('label').getBoundingClientRect().height,
            li.querySelector('input').getBoundingClientRect().width])""")
        assert rows
        small = [r for r in rows if r[1] < TAP or r[2] < 20]
        assert not small, f"filter choices too small to tap: {small[:3]}"


def test_filtered_search_names_the_filters_it_applies(open_page, site_url: str) -> None:
    """Arriving from a listing's filter link, the reader reads which filters are on."""
    with open_page(PHONE) as pg:
        goto(pg, site_url + "/search/?type=case&region=shanghai&year=2023")
        status = pg.locator("[data-search-status]").inner_text()
        assert "案例" in status and "上海市" in status and "2023年" in status, status
        goto(pg, site_url + "/search/?q=老年&type=course")
        status = pg.locator("[data-search-status]").inner_text()
        assert "老年" in status and "课程" in status, status


@pytest.mark.parametrize("path, selector", [
    ("/regions/", ".cb-terms a"), ("/kinds/", ".cb-terms a"), ("/years/", ".cb-terms a"),
    ("/cases/", ".cb-pager a"), ("/cases/", ".cb-filter-group .cb-chip"),
    ("/cases/", ".cb-filter-complete"), ("/cases/", "[data-list-link]"),
    ("/search/?q=老年", ".cb-search select")])
def test_browse_and_page_links_are_tappable_on_a_phone(open_page, site_url: str, path: str,
                                                       selector: str) -> None:
    """Browse-list links, page numbers, filter chips, the 清单 link, the sort
    menu and the 专题 buttons are 44 px high on a phone."""
    with open_page(PHONE) as pg:
        goto(pg, site_url + path)
        pg.wait_for_selector(selector, state="attached")
        links = pg.evaluate("sel => [...document.querySelectorAll(sel)]"
                            ".filter(a => a.getClientRects().length).map(a =>"
                            " [a.textContent.trim(), a.getBoundingClientRect().height])", selector)
        assert links
        small = [link for link in links if link[1] < TAP]
        assert not small, f"{path}: links smaller than {TAP} px: {small[:3]}"


def test_phone_figure_cards_leave_out_empty_lines(open_page, site_url: str,
                                                  built_site) -> None:
    """A stacked card (figures, policy list) on a phone shows no line that only says "—"."""
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))["records"]
    pages = [f"/courses/{r['id']}/" for r in records if r["type"] == "course"][:3] + ["/policies/"]
    with open_page(PHONE) as pg:
        empty = []
        for path in pages:
            goto(pg, site_url + path)
            empty += pg.evaluate("""[...document.querySelectorAll('.cb-stack tbody td')]
                .filter(td => td.getClientRects().length && td.textContent.trim() === '—')
                .map(td => td.dataset.label)""")
        assert pg.locator(".cb-stack tbody td").count()
        assert not empty, f"empty lines in figure cards: {empty[:4]}"


def _visible_text(html: str) -> str:
    """The words a reader sees: no scripts, styles, tags or attributes."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_feed_and_download_links_speak_to_readers(built_site) -> None:
    """Home and 专题 pages name feeds and downloads in Chinese, without file names."""
    collection = sorted(p for p in (built_site / "collections").iterdir() if p.is_dir())[0]
    for page in (built_site / "index.html", collection / "index.html"):
        text = _visible_text(page.read_text(encoding="utf-8"))
        assert "订阅" in text, page
        for word in ("Atom", "items.json", "items.csv", "feed.xml"):
            assert word not in text, f"{page}: reader sees {word!r}"


def test_published_site_has_a_feedback_route(monkeypatch) -> None:
    """纠错 / 推荐案例 is not a dead end on the published site: mkdocs.yml reads the
    route from FEEDBACK_URL, and the deploy workflow sets it to the repository's
    issue form (a local preview without it keeps the about page's note)."""
    import yaml
    from mkdocs.config import load_config

    from casebook.paths import ROOT

    monkeypatch.setenv("FEEDBACK_URL", "https://example.org/feedback")
    assert load_config(str(ROOT / "mkdocs.yml")).extra["feedback_url"] == "https://example.org/feedback"
    monkeypatch.delenv("FEEDBACK_URL")
    assert not load_config(str(ROOT / "mkdocs.yml")).extra.get("feedback_url")
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    envs = [step.get("env", {}) for job in workflow["jobs"].values()
            for step in job.get("steps", []) if "make build" in step.get("run", "")]
    assert envs and all(e.get("FEEDBACK_URL") == "${{ github.server_url }}/${{ github.repository }}"
                                                  "/issues/new/choose" for e in envs), envs


@pytest.mark.parametrize("mode", ["normal", "high"])
def test_stats_table_disclosure_reads_as_body_text(open_page, site_url: str, mode: str) -> None:
    """查看数据表 is body-size link text with no pencil (edit) icon, in both palettes."""
    with open_page(PHONE, MODES[mode]) as pg:
        goto(pg, site_url + "/stats/")
        found = pg.evaluate("""(() => {
          const s = document.querySelector('details.cb-data > summary');
          const p = document.querySelector('.md-content .md-typeset');
          return {summary: parseFloat(getComputedStyle(s).fontSize),
                  body: parseFloat(getComputedStyle(p).fontSize),
                  icon: getComputedStyle(s, '::before').display,
                  color: getComputedStyle(s).color,
                  link: getComputedStyle(document.querySelector('.md-content a')).color};
        })()""")
        assert found["summary"] >= found["body"], found
        assert found["icon"] == "none", found
        assert found["color"] == found["link"], found


def test_list_page_buttons_are_tappable_on_a_phone(open_page, site_url: str) -> None:
    """上移 / 下移 / 移出清单 and the share, print and export buttons are 44 px high."""
    with open_page(PHONE) as pg:
        goto(pg, site_url + "/cases/")
        pg.locator(".cb-list-add").nth(0).click()
        pg.locator(".cb-list-add").nth(1).click()
        goto(pg, site_url + "/list/")
        pg.wait_for_selector(".cb-list__controls .cb-button")
        buttons = pg.evaluate("""[...document.querySelectorAll('.md-content .cb-button')]
            .filter(b => b.getClientRects().length)
            .map(b => [b.textContent.trim(), b.getBoundingClientRect().height])""")
        assert len(buttons) >= 6
        small = [b for b in buttons if b[1] < TAP]
        assert not small, f"list buttons smaller than {TAP} px: {small[:3]}"


def test_complete_status_sentence_fits_the_record_type(built_site) -> None:
    """内容完整 on a policy page speaks of the document, not of 做法 and 成效 as for a case."""
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))["records"]
    sentences = {}
    for kind in ("case", "policy"):
        r = next(r for r in records if r["type"] == kind and r.get("status") == "complete")
        html = (built_site / r["url"].strip("/") / "index.html").read_text(encoding="utf-8")
        sentences[kind] = re.search(r'<p class="cb-status[^"]*">(.*?)</p>', html, re.S).group(1)
    assert "做法" in sentences["case"], sentences
    assert "做法" not in sentences["policy"] and "主要内容" in sentences["policy"], sentences


def test_course_page_links_its_case_once(built_site) -> None:
    """A course's 所属案例 is in the facts table, not repeated under 相关记录."""
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))["records"]
    urls = {r["id"]: r["url"] for r in records}
    courses = [r for r in records if r["type"] == "course" and r.get("case") in urls]
    assert courses
    for course in courses:
        html = (built_site / course["url"].strip("/") / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        target = "../.." + urls[course["case"]]
        assert article.count(f'href="{target}"') == 1, (course["id"], target)
