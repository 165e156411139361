"""Issue 13, sections 1, 5 and 6 in headless Chromium, on a phone (390x844)
and a desktop (1366x900): no horizontal overflow on the pages these sections
change, readers' navigation and footer, 关于本站, the Chinese 404 page served
for a missing address, similar cases and listing filters."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser_site import serious_violations

from casebook.render.view import PREVIEW_NOTE

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
RECORD = "/cases/shanghai-laonian-daxue-beizeng/"
PAGES = ("/", "/cases/", "/courses/", "/policies/", "/regions/", "/kinds/", "/about/",
         RECORD, "/collections/zhihui-zhulao/", "/no/such/page/")


class _SiteWith404(http.server.SimpleHTTPRequestHandler):
    """Serves the built site the way a static host does: 404.html for a missing page."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def host(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_SiteWith404, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(params=list(VIEWPORTS))
def sized(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    page.viewport_name = request.param
    return page


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth"
                         " - document.documentElement.clientWidth")


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_overflow(sized, host: str, path: str) -> None:
    sized.goto(host + path)
    assert overflow(sized) <= 0, f"{path} is wider than the {sized.viewport_name} screen"
    if sized.locator("details.cb-filter-groups").count():
        sized.locator("details.cb-filter-groups > summary").click()
        assert overflow(sized) <= 0, f"{path}: open filters overflow"


def test_chinese_404_for_a_missing_page(sized, host: str) -> None:
    response = sized.goto(host + "/cases/no-such-record/")
    assert response.status == 404
    assert sized.title().startswith("页面不存在")
    assert sized.locator("h1").first.inner_text() == "页面不存在"
    assert sized.locator(".md-footer").is_visible()         # the site's styles loaded
    sized.locator("#cb-404-q").fill("老年")
    sized.locator("#cb-404-q").press("Enter")
    sized.wait_for_url("**/search/?q=*")
    assert sized.locator("[data-search-results]").count() == 1
    sized.goto(host + "/cases/no-such-record/")
    sized.get_by_role("link", name="政策文件库").click()
    sized.wait_for_url("**/policies/")


def test_readers_navigation_and_editors_footer(sized, host: str) -> None:
    sized.goto(host + "/")
    if sized.viewport_name == "phone":
        sized.locator("label.md-header__button[for='__drawer']").click()
        nav = sized.locator(".md-sidebar--primary nav.md-nav--primary")
    else:
        nav = sized.locator(".md-tabs")
    text = nav.inner_text()
    for label in ("案例", "课程", "政策文件", "搜索"):
        assert label in text
    for editors in ("参与编辑", "性能"):
        assert editors not in text
    sized.goto(host + "/")   # drawer closed
    footer = sized.locator(".md-footer .cb-footer-links")
    for label in ("关于本站", "纠错 / 推荐案例", "参与编辑", "开放数据", "性能"):
        link = footer.get_by_role("link", name=label)
        link.scroll_into_view_if_needed()
        assert link.is_visible(), label
    assert "Material for MkDocs" not in sized.locator(".md-footer").inner_text()
    footer.get_by_role("link", name="关于本站").click()
    sized.wait_for_url("**/about/")
    assert sized.locator("h1").first.inner_text() == "关于本站"
    assert sized.locator("#contact").is_visible()


def test_record_page_for_readers(sized, host: str) -> None:
    sized.goto(host + RECORD)
    head = sized.locator("[data-record-id='shanghai-laonian-daxue-beizeng']").first
    assert head.locator("h1").is_visible()
    body = sized.locator("article.cb-record").inner_text()
    assert ".yml" not in body and body.count("最后更新") == 1
    similar = sized.locator("#similar ~ ul.cb-related > li[data-record-id]")
    assert 3 <= similar.count() <= 5
    related_ids = sized.locator("#related ~ ul.cb-related > li[data-record-id]").evaluate_all(
        "els => els.map(e => e.dataset.recordId)")
    assert len(related_ids) == len(set(related_ids))
    assert PREVIEW_NOTE in sized.locator(".cb-info").inner_text()
    sized.get_by_role("link", name="编辑此记录").click()
    sized.wait_for_url("**/contribute/")


def test_listing_filters_open_the_search_page(sized, host: str) -> None:
    sized.goto(host + "/cases/")
    sized.locator("details.cb-filter-groups > summary").click()
    chip = sized.locator(".cb-filter-group a.cb-chip").first
    assert chip.is_visible()
    sized.get_by_role("link", name="只看内容完整的").click()
    sized.wait_for_url("**/search/?type=case&status=complete")
    sized.locator("[data-search-state='done']").wait_for(state="attached")


@pytest.mark.parametrize("path", ["/about/", "/cases/", "/regions/", RECORD, "/no/such/page/"])
def test_reader_pages_are_accessible(page, host: str, path: str) -> None:
    page.goto(host + path)
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", ["/embed/collections/zhihui-zhulao/", "/", RECORD])
def test_pages_and_embeds_request_nothing_missing(page, host: str, path: str) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(host + path, wait_until="networkidle")
    assert missing == []
    icon = page.locator("link[rel='icon']").get_attribute("href")
    assert icon.endswith("assets/favicon.svg")


@pytest.mark.parametrize("path", ["/policies/", "/courses/"])
def test_listing_tables_stack_on_a_phone(page, host: str, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(host + path)
    wrap = page.locator(".cb-table-wrap").first
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    row = page.locator("table.cb-stack tbody tr").first
    title, first_cell = row.locator("th"), row.locator("td").first
    assert title.bounding_box()["y"] < first_cell.bounding_box()["y"]   # title on top
    label = first_cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label.strip('"').endswith("：")
