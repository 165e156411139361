"""我的清单 (/list/) in headless Chromium, on the session build of the real
content: adding from search results, listings and record pages; keyboard
reordering; the share link in a fresh browser; print; the QR code; hostile
links; the 专题 file export (accepted by the validator); CSV formula cells;
the embed view; phone width."""
from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import zxingcpp

from casebook.paths import CONTENT
from casebook.validate import check_tree

LIMIT = 30


@pytest.fixture(scope="module")
def cards(built_site: Path) -> dict[str, dict]:
    """Record id -> card, from the search's card files."""
    out = {}
    for path in (built_site / "assets/search/cards").glob("*.json"):
        card = json.loads(path.read_text("utf-8"))
        out[card["url"].strip("/").split("/")[-1]] = card
    return out


def seed(page, site_url: str, ids: list[str], title: str = "", notes: dict[str, str] | None = None):
    """Store a list in the page's browser and open /list/ with it."""
    notes = notes or {}
    data = {"title": title, "items": [{"id": i, "note": notes.get(i, "")} for i in ids]}
    page.goto(site_url + "/list/")
    page.evaluate("d => localStorage.setItem('cb-list', JSON.stringify(d))", data)
    page.reload()
    wait_list(page, len(ids))


def wait_list(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('[data-list-loading]').hidden && "
        "document.querySelectorAll('[data-list-item]').length === n", arg=n)


def shown_ids(page) -> list[str]:
    return page.locator("[data-list-item]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-list-item'))")


def stored(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('cb-list')") or "null")


def click_add(page, scope: str, rid: str) -> None:
    button = page.locator(f'{scope}[data-record-id="{rid}"] [data-list-add="{rid}"]')
    assert button.inner_text() == "加入清单"
    button.click()
    assert button.inner_text() == "移出清单"


def test_add_from_search_listing_and_record_page(page, site_url: str, cards) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/search/?q=" + quote("学分银行"))
    page.wait_for_selector("[data-search-state=done] .cb-result [data-list-add]")
    first = page.locator(".cb-result").first.get_attribute("data-record-id")
    click_add(page, ".cb-result", first)
    assert page.locator("[data-list-link] [data-list-count]").inner_text() == "1"
    assert "已加入清单" in page.locator("[data-list-live]").inner_text()

    page.goto(site_url + "/cases/")
    rows = page.locator("li.cb-item[data-record-id]")
    listed = [r for r in rows.evaluate_all("els => els.map(e => e.dataset.recordId)") if r != first]
    click_add(page, "li", listed[0])
    page.goto(site_url + "/policies/")
    policy = page.locator("tr[data-record-id]").first.get_attribute("data-record-id")
    click_add(page, "tr", policy)

    record = next(i for i in sorted(cards)
                  if cards[i]["type"] == "课程" and i not in (first, listed[0]))
    page.goto(f"{site_url}/{cards[record]['url']}")
    heading = page.locator(f'[data-record-id="{record}"] h1')
    assert heading.is_visible()
    click_add(page, "", record)
    assert page.locator("[data-list-count]").inner_text() == "4"

    # the list page shows them in the order chosen, with their titles
    page.goto(site_url + "/list/")
    wait_list(page, 4)
    assert shown_ids(page) == [first, listed[0], policy, record]
    assert page.locator("[data-list-item] h3").nth(3).inner_text() == cards[record]["title"]
    # the header link is a real link to /list/ whose name says the count
    link = page.get_by_role("link", name="清单 4 条")
    assert link.get_attribute("href").endswith("/list/") and link.inner_text() == "清单 4"
    assert not errors


def test_removing_from_a_listing_and_the_limit(page, site_url: str, cards) -> None:
    page.goto(site_url + "/cases/")
    listed = page.eval_on_selector_all(
        "main [data-record-id]", "els => [...new Set(els.map(e => e.dataset.recordId))]")
    # one of the rows on this listing page is already in the list: its button removes it
    inside = listed[0]
    ids = [inside] + [i for i in sorted(cards) if i != inside][:LIMIT - 1]
    seed(page, site_url, ids)
    page.goto(site_url + "/cases/")
    button = page.locator(f'[data-list-add="{inside}"]').first
    assert button.inner_text() == "移出清单"
    button.click()
    assert len(stored(page)["items"]) == LIMIT - 1
    button.click()   # back in: 30 again
    outside = next(i for i in listed if i not in ids)
    page.locator(f'[data-list-add="{outside}"]').first.click()
    assert "清单已满" in page.locator("[data-list-live]").inner_text()
    assert len(stored(page)["items"]) == LIMIT
    assert outside not in [it["id"] for it in stored(page)["items"]]


def test_reorder_with_the_keyboard(page, site_url: str, cards) -> None:
    ids = sorted(cards)[:3]
    seed(page, site_url, ids)
    down = page.get_by_role("button", name=f"下移：{cards[ids[0]]['title']}")
    down.focus()
    page.keyboard.press("Enter")
    assert shown_ids(page) == [ids[1], ids[0], ids[2]]
    # focus followed the moved item
    focused = page.evaluate("""() => [document.activeElement.dataset.listAction,
        document.activeElement.closest('[data-list-item]').dataset.listItem]""")
    assert focused == ["down", ids[0]]
    page.keyboard.press("Space")
    assert shown_ids(page) == [ids[1], ids[2], ids[0]]
    # at the bottom 下移 is disabled, so focus moved to 上移 of the same item
    focused = page.evaluate("""() => [document.activeElement.dataset.listAction,
        document.activeElement.closest('[data-list-item]').dataset.listItem]""")
    assert focused == ["up", ids[0]]
    assert "第 3 条" in page.locator("[data-list-notice]").inner_text()
    assert [it["id"] for it in stored(page)["items"]] == [ids[1], ids[2], ids[0]]
    # remove with the keyboard: focus goes to the next item's remove button
    page.get_by_role("button", name=f"移出清单：{cards[ids[1]]['title']}").focus()
    page.keyboard.press("Enter")
    assert shown_ids(page) == [ids[2], ids[0]]
    focused = page.evaluate("document.activeElement.closest('[data-list-item]').dataset.listItem")
    assert focused == ids[2]


def share_url(page) -> str:
    return page.locator("[data-list-share]").input_value()


def test_share_link_opens_the_same_list_in_a_fresh_browser(browser, page, site_url: str,
                                                           cards) -> None:
    ids = sorted(cards)[5:13]
    seed(page, site_url, ids, title="活动周交流材料", notes={ids[2]: "重点看第二部分，周五讨论。"})
    url = share_url(page)
    assert url.startswith(site_url + "/list/?ids=" + ",".join(ids) + "&t=")
    fresh = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        other = fresh.new_page()
        other.goto(url)
        wait_list(other, len(ids))
        assert shown_ids(other) == ids
        assert other.locator("[data-list-heading]").inner_text() == "活动周交流材料"
        titles = other.locator("[data-list-item] h3").all_inner_texts()
        assert titles == [cards[i]["title"] for i in ids]
        assert other.locator("[data-list-item]").nth(2).locator(".cb-col-item__note").inner_text() \
            .endswith("重点看第二部分，周五讨论。")
        assert other.locator("[data-list-shared]").is_visible()
        assert other.locator("[data-list-action]").count() == 0   # read-only until saved
        assert share_url(other) == url
        other.get_by_role("button", name="保存为我的清单").click()
        other.wait_for_url(site_url + "/list/")
        wait_list(other, len(ids))
        saved = stored(other)
        assert saved["title"] == "活动周交流材料" and [it["id"] for it in saved["items"]] == ids
    finally:
        fresh.close()


CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".cb-toolbar",
          ".cb-collection__share", ".cb-list__help", ".cb-list__edit", ".cb-list__controls")


def test_print_is_the_collection_handout(page, site_url: str, cards) -> None:
    ids = sorted(cards)[:6]
    seed(page, site_url, ids, title="讲义", notes={ids[0]: "会上先讲这一条。"})
    page.emulate_media(media="print")
    for selector in CHROME:
        for el in page.locator(selector).all():
            assert not el.is_visible(), selector
    assert page.locator("[data-list-link]").count() == 1
    assert not page.locator("[data-list-link]").is_visible()
    qr = page.locator("figure.cb-qr svg")
    box = qr.bounding_box()
    assert box and box["width"] > 80 and abs(box["width"] - box["height"]) < 1
    assert page.locator("h1").first.inner_text() == "讲义"
    items = page.locator(".cb-col-item")
    assert items.count() == 6
    first = items.first
    assert first.locator(".cb-col-item__title").is_visible()
    assert first.locator(".cb-col-item__summary").is_visible()
    assert first.locator(".cb-col-item__note").inner_text().endswith("会上先讲这一条。")
    assert not items.nth(1).locator(".cb-col-item__note").is_visible()   # no empty note box
    assert first.locator(".cb-col-item__url").inner_text() == f"{site_url}/{cards[ids[0]]['url']}"
    assert page.pdf(format="A4")[:4] == b"%PDF"


# Read a PNG (data: URL) back as grey levels at its natural size.
GREY = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const grey = new Array(canvas.width * canvas.height);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 3);
  }
  return [canvas.width, canvas.height, grey];
}"""


def decode_qr(page) -> list[str]:
    """Screenshot the QR code on the page and read it with zxing-cpp."""
    png = page.locator("figure.cb-qr svg").screenshot()
    src = "data:image/png;base64," + base64.b64encode(png).decode()
    width, height, grey = page.evaluate(GREY, src)
    image = memoryview(bytes(grey)).cast("B", (height, width))
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_qr_code_decodes_to_the_share_link(browser, site_url: str, cards) -> None:
    context = browser.new_context(locale="zh-CN", device_scale_factor=3)
    page = context.new_page()
    try:
        # the documented limit: 30 records with a title fit one QR code
        ids = sorted(cards, key=len, reverse=True)[:LIMIT]
        seed(page, site_url, ids, title="三十条的清单")
        url = share_url(page)
        assert decode_qr(page) == [url]
        assert page.locator("figure.cb-qr").get_attribute("data-list-qr-text") == url
        # notes too long for one code: the code carries the link without notes, and says so
        notes = {i: "很长的备注" * 60 for i in ids}
        seed(page, site_url, ids, title="三十条的清单", notes=notes)
        url = share_url(page)
        assert "&n1=" in url
        decoded = decode_qr(page)
        assert decoded == [url.split("&n1=")[0]]
        assert "不含备注" in page.locator("figure.cb-qr figcaption").inner_text()
    finally:
        context.close()


HOSTILE = ("<script>window.hacked=1</script>,{a},"
           "{b},{b}, {c}；{missing},../../etc/passwd,%00%E2%80%AEevil,"
           "<img src=x onerror=window.hacked=2>," + ",".join(f"extra-{n}" for n in range(40)))


def test_hostile_ids_show_what_they_can_and_name_the_rest(page, site_url: str, cards) -> None:
    a, b, c = sorted(cards)[:3]
    ids = HOSTILE.format(a=a, b=b, c=c.upper(), missing="no-such-record-here")
    query = ("ids=" + quote(ids, safe=",") + "&t=" + quote("<b onmouseover=x>标题</b>\u202e反")
             + "&n2=" + quote("<img src=x onerror=window.hacked=3>"))
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site_url}/list/?{query}")
    wait_list(page, LIMIT)
    shown = shown_ids(page)
    assert shown[:4] == [a, b, c, "no-such-record-here"]
    assert len(shown) == LIMIT
    missing = page.locator('[data-list-item="no-such-record-here"]')
    assert "no-such-record-here" in missing.inner_text() and "已不存在" in missing.inner_text()
    notice = page.locator("[data-list-notice]").inner_text()
    assert "不是有效编号" in notice and "&lt;script" not in notice and "<script>" in notice
    assert "重复的 1 项" in notice and f"“{b}”" in notice
    assert "超出 30 条上限" in notice
    # nothing from the URL became markup; refused characters are gone
    markup = "[data-list-app] script, [data-list-app] img, [data-list-app] b"
    assert page.locator(markup).count() == 0
    assert page.locator("[data-list-heading]").inner_text() == "<b onmouseover=x>标题</b>反"
    assert page.locator("[data-list-item]").first.locator(".cb-col-item__note").inner_text() \
        .endswith("<img src=x onerror=window.hacked=3>")
    assert page.evaluate("window.hacked") is None
    assert not errors and not dialogs
    # the embed view of the same link is just as safe
    page.goto(f"{site_url}/embed/list/?{query}")
    page.wait_for_function("document.querySelectorAll('.e-item').length === 30")
    assert page.locator("main img, main b, main script").count() == 0
    assert page.evaluate("window.hacked") is None and not errors


def test_stored_markup_stays_text(page, site_url: str, cards) -> None:
    """What localStorage holds reaches the page as text only, like the link's."""
    ids = sorted(cards)[:2]
    bad = "<img src=x onerror=window.hacked=1>"
    seed(page, site_url, ids, title=f"<b>{bad}</b>", notes={ids[0]: bad})
    assert page.locator("[data-list-app] img, [data-list-app] b").count() == 0
    assert page.locator("[data-list-heading]").inner_text() == f"<b>{bad}</b>"
    assert page.locator("[data-list-item]").first.locator(".cb-col-item__note").inner_text() \
        .endswith(bad)
    page.goto(site_url + "/cases/")
    assert page.evaluate("window.hacked") is None


def test_a_link_with_nothing_valid_keeps_the_readers_own_list(page, site_url: str,
                                                              cards) -> None:
    own = sorted(cards)[:2]
    seed(page, site_url, own)
    page.goto(site_url + "/list/?ids=" + quote("<x>,,;；%%"))
    page.locator("[data-list-empty]").wait_for()
    assert "不是有效编号的" in page.locator("[data-list-notice]").inner_text()
    assert page.locator("[data-list-shared]").inner_text().startswith("这个链接里没有")
    assert not page.get_by_role("button", name="保存为我的清单").is_visible()
    assert [it["id"] for it in stored(page)["items"]] == own


def test_blocked_storage_is_said_not_hidden(browser, site_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    context.add_init_script("Storage.prototype.setItem = () => { throw new Error('quota'); };")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(site_url + "/cases/")
        page.locator("[data-list-add]").first.click()
        assert "无法保存" in page.locator("[data-list-live]").inner_text()
        assert page.locator("[data-list-count]").inner_text() == "0"
        assert not errors
    finally:
        context.close()


def test_damaged_storage_does_not_break_the_page(page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/list/")
    page.evaluate("localStorage.setItem('cb-list', '{not json')")
    page.reload()
    page.locator("[data-list-empty]").wait_for()
    page.goto(site_url + "/cases/")
    assert page.locator("[data-list-count]").inner_text() == "0"
    assert not errors


def test_exported_collection_file_passes_the_validator(page, site_url: str, cards,
                                                       tmp_path: Path) -> None:
    ids = sorted(cards)[:4]
    # a reader's note is plain text: what Markdown would nest, link or read as HTML
    # must not make the 专题 file one the validator refuses
    odd = ("<b>重点</b><script>x</script>" + "[" * 60 + "\n" + "> " * 10 + "引文\n"
           + " " * 40 + "- 缩进\n" + "1. " * 10 + "末\n- - - - - - - - - - 列\n"
           "javascript:看 data:text/html <a onclick=x")
    seed(page, site_url, [*ids, "gone-record"], title="活动周：<b>八个案例</b>",
         notes={ids[0]: "会上先讲这一条，\"引号\"和冒号: 都要保留。\n第二行。", ids[1]: "短",
                ids[2]: odd})
    page.locator("[data-list-cid]").fill("huodongzhou-test-2026")
    page.locator("[data-list-curator]").fill("某区社区学院 <a onclick=x javascript:y")
    text = page.locator("[data-list-yaml]").input_value()
    assert "gone-record" in text.split("id: huodongzhou-test-2026")[0]   # named in a comment only
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "collections/huodongzhou-test-2026.yml").write_text(text, encoding="utf-8")
    report = check_tree(root)
    assert [p.format() for p in report.problems] == []
    import yaml

    data = yaml.safe_load(text)
    assert [it["id"] for it in data["items"]] == ids
    assert data["items"][0]["note"] == "会上先讲这一条，\"引号\"和冒号: 都要保留。\n第二行。"
    assert "note" not in data["items"][1]          # shorter than the schema's 2 characters
    kept = data["items"][2]["note"]
    assert all(word in kept for word in ("重点", "引文", "缩进", "末", "列"))
    assert data["title"] == "活动周：八个案例"
    assert data["curator"] == "某区社区学院 ＜a onclick=x javascript：y"
    # the download is the same text
    with page.expect_download() as info:
        page.get_by_role("button", name="下载专题文件").click()
    assert info.value.suggested_filename == "huodongzhou-test-2026.yml"
    assert Path(info.value.path()).read_text("utf-8") == text
    # a bad id is refused with a message, and the text keeps a valid one
    page.locator("[data-list-cid]").fill("坏 编号")
    assert "不能用作专题编号" in page.locator("[data-list-cid-error]").inner_text()
    assert re.search(r"^id: qingdan-\d{8}$", page.locator("[data-list-yaml]").input_value(), re.M)


def test_csv_export_neutralises_formula_cells(page, site_url: str, cards) -> None:
    ids = sorted(cards)[:4]
    formulas = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)"]
    seed(page, site_url, ids, notes=dict(zip(ids, formulas, strict=True)))
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("下载 CSV")).click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["序号", "标题", "类型"] and len(rows) == 5
    notes = [r[rows[0].index("备注")] for r in rows[1:]]
    assert notes == ["'" + f for f in formulas]
    assert [r[rows[0].index("编号")] for r in rows[1:]] == ids
    assert rows[1][1] == cards[ids[0]]["title"]
    # notes are trimmed, so tab and CR starts can only come from elsewhere: the cell rule itself
    cells = page.evaluate("""async () => {
      const m = await import(new URL("../assets/list/export.js", location.href).href);
      return ["\\tcmd", "\\rcmd", "a=b", "", 12].map(m.csvCell);
    }""")
    assert cells == ['"\'\tcmd"', '"\'\rcmd"', '"a=b"', '""', '"12"']


def test_embed_view_and_snippet(page, site_url: str, cards) -> None:
    ids = sorted(cards)[:3]
    seed(page, site_url, ids, title="嵌入测试", notes={ids[1]: "看这里"})
    snippet = page.locator("[data-list-embed]").input_value()
    src = re.search(r'src="([^"]+)"', snippet).group(1).replace("&amp;", "&")
    assert src.startswith(site_url + "/embed/list/?ids=" + ",".join(ids))
    page.set_viewport_size({"width": 800, "height": 900})
    page.set_content(f'<div style="width:360px">{snippet}</div>')
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function("document.querySelectorAll('.e-item').length === 3")
    info = frame.evaluate("""() => ({
      width: window.innerWidth,
      fits: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      chrome: document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, nav').length,
      title: document.querySelector('h1').textContent,
      items: [...document.querySelectorAll('.e-item__title')].map(a => a.textContent),
      links: [...document.links].map(a => [a.target, a.rel]),
    })""")
    assert info["width"] == 360 and info["fits"] and info["chrome"] == 0
    assert info["title"] == "嵌入测试"
    assert info["items"] == [cards[i]["title"] for i in ids]
    assert info["links"] and all(t == "_blank" and "noopener" in r for t, r in info["links"])


@pytest.mark.parametrize("font", ["normal", "xlarge"])
@pytest.mark.parametrize("path", ["/list/", "/cases/", "/search/?q=" + quote("社区")])
def test_no_horizontal_overflow_on_a_phone(page, site_url: str, cards, path: str,
                                           font: str) -> None:
    """The header link fits at 390 px; with the largest font it moves to the bar above."""
    page.set_viewport_size({"width": 390, "height": 844})
    seed(page, site_url, sorted(cards, key=len, reverse=True)[:5], title="手机上的清单",
         notes={sorted(cards, key=len, reverse=True)[0]: "备注" * 100})
    page.evaluate("f => localStorage.setItem('cb-font', f)", font)
    page.goto(site_url + path)
    page.wait_for_selector("[data-list-link]")
    if path.startswith("/search/"):
        page.wait_for_selector("[data-search-state=done] [data-list-add]")
    if path == "/list/":
        wait_list(page, 5)
    assert page.evaluate("document.documentElement.scrollWidth"
                         " <= document.documentElement.clientWidth")
    link = page.locator("[data-list-link]")
    box = link.bounding_box()
    assert link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert link.inner_text() == "清单 5"
    if font == "normal":
        assert link.evaluate("e => !!e.closest('.md-header')")


def test_list_page_is_accessible(page, site_url: str, cards) -> None:
    from test_browser_site import serious_violations

    seed(page, site_url, sorted(cards)[:3], notes={sorted(cards)[0]: "备注"})
    assert serious_violations(page) == []
    page.goto(site_url + "/list/?ids=" + ",".join(sorted(cards)[:3]) + ",missing-one")
    wait_list(page, 4)
    assert serious_violations(page) == []


def test_renamed_record_opens_under_its_new_id(browser, build_synthetic) -> None:
    """A link made before a record was renamed still shows it (through `aliases`),
    and the list carries on with the current id."""
    from conftest import synthetic_record

    from bench.measure import serve_dir

    result, site = build_synthetic([
        ("case", synthetic_record("case", "xin-mingzi", aliases=["jiu-mingzi"])),
        ("case", synthetic_record("case", "ling-yi-tiao")),
    ])
    assert result.returncode == 0, result.stderr
    server, url = serve_dir(site)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{url}/list/?ids=jiu-mingzi,ling-yi-tiao,shan-chu-le")
        wait_list(page, 3)
        assert shown_ids(page) == ["xin-mingzi", "ling-yi-tiao", "shan-chu-le"]
        assert page.locator("[data-list-item] h3").first.inner_text() == "合成测试记录 xin-mingzi"
        assert "ids=xin-mingzi,ling-yi-tiao,shan-chu-le" in share_url(page)
        assert "（其中 1 条已不存在）" in page.locator("[data-list-meta]").inner_text()
    finally:
        context.close()
        server.shutdown()


def test_an_id_repeated_many_times_is_named_once(page, site_url: str, cards) -> None:
    a = sorted(cards)[0]
    page.goto(f"{site_url}/list/?ids=" + ",".join([a] * 600))
    wait_list(page, 1)
    notice = page.locator("[data-list-notice]").inner_text()
    assert "重复的 599 项" in notice and notice.count(f"“{a}”") == 1
