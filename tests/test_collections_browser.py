"""Collections (专题) in headless Chromium, on the session build of the real
content: the embeddable view fits a
360 px iframe without site chrome, the print layout hides the navigation and
keeps the QR code, and the embed snippet can be copied without a pop-up.
The QR code and permalinks need a public address: tests/test_public_url.py."""
from __future__ import annotations

import html
import re

import pytest
import zxingcpp

CID = "zhihui-zhulao"
REAL = ("zhihui-zhulao", "xuefen-yinhang-zige-kuangjia", "wudi-jingyan")
RASTER = 400  # px: the SVG is drawn at this size, then read back as grey levels

# Draw an SVG (URL or data: URL) on a white canvas and return its grey levels.
RASTERISE = """async ([src, size]) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(img, 0, 0, size, size);
  const rgba = ctx.getImageData(0, 0, size, size).data;
  const grey = new Array(size * size);
  for (let i = 0; i < size * size; i++) {
    grey[i] = Math.round((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 3);
  }
  return grey;
}"""


def decode(page, src: str) -> list[str]:
    """Texts of the QR codes in the image at `src`, rendered by Chromium, read by zxing-cpp."""
    grey = page.evaluate(RASTERISE, [src, RASTER])
    image = memoryview(bytes(grey)).cast("B", (RASTER, RASTER))
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def canonical(page) -> str:
    return page.locator('link[rel="canonical"]').get_attribute("href")


def test_embed_fits_a_360px_iframe_without_chrome(page, site_url: str) -> None:
    page.set_viewport_size({"width": 800, "height": 900})
    for cid in REAL:
        page.set_content(f'<iframe src="{site_url}/embed/collections/{cid}/" width="360" '
                         'height="600" style="border:0"></iframe>')
        frame = page.frame(url=re.compile(rf"/embed/collections/{cid}/$"))
        assert frame is not None
        frame.wait_for_load_state()
        info = frame.evaluate("""() => ({
          width: window.innerWidth,
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          bodyScroll: document.body.scrollWidth,
          chrome: document.querySelectorAll(
            'nav, header, [role="navigation"], [role="banner"], .md-header, .md-sidebar, .md-tabs'
          ).length,
          scripts: document.scripts.length,
          items: document.querySelectorAll('.e-item').length,
          links: [...document.links].map(a => [a.target, a.rel]),
        })""")
        assert info["width"] == 360
        assert info["scroll"] <= info["client"] and info["bodyScroll"] <= info["client"], info
        assert info["chrome"] == 0 and info["scripts"] == 0
        assert info["items"] >= 1
        assert info["links"] and all(t == "_blank" and "noopener" in r for t, r in info["links"])


def test_copied_snippet_embeds_the_collection(browser, public_site_url: str) -> None:
    site_url = public_site_url  # the snippet holds the public address
    context = browser.new_context(locale="zh-CN",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{site_url}/collections/{CID}/")
        snippet = page.locator("#cb-embed-code").input_value()
        assert snippet.startswith("<iframe ") and 'target="_blank"' not in snippet
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.get_by_role("button", name="复制嵌入代码").click()
        status = page.locator("#cb-embed-status")
        status.filter(has_text="已复制").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == snippet
        assert not dialogs
        # the snippet, pasted into a partner's 360 px column, shows the embed view
        src = html.unescape(re.search(r'src="([^"]+)"', snippet).group(1))
        assert src.endswith(f"/embed/collections/{CID}/")
        local = site_url + src[src.index("/embed/"):]
        page.set_content(f'<div style="width:360px">{snippet.replace(src, local)}</div>')
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_url(local)
        frame.wait_for_load_state()
        assert frame.evaluate("window.innerWidth") == 360
        assert frame.evaluate("document.documentElement.scrollWidth <= "
                              "document.documentElement.clientWidth")
    finally:
        context.close()


CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
          ".md-footer", ".cb-toolbar", ".cb-collection__share")


def test_print_hides_navigation_and_keeps_qr(page, public_site_url: str) -> None:
    page.goto(f"{public_site_url}/collections/{CID}/")
    url_text = page.locator(".cb-col-item__url").first
    assert not url_text.is_visible()                # screen: the URL is the link itself
    page.emulate_media(media="print")
    for selector in CHROME:
        for el in page.locator(selector).all():
            assert not el.is_visible(), selector
    assert all(not nav.is_visible() for nav in page.locator("nav").all())
    qr = page.locator("figure.cb-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box and box["width"] > 50 and abs(box["width"] - box["height"]) < 1
    assert page.locator("h1").first.is_visible()
    assert page.locator(".cb-collection__intro").is_visible()
    items = page.locator(".cb-col-item")
    assert items.count() >= 5
    first = items.first
    assert first.locator(".cb-col-item__title").is_visible()
    assert first.locator(".cb-col-item__summary").is_visible()
    assert url_text.is_visible() and re.fullmatch(r"https://\S+/(cases|courses|policies)/\S+/",
                                                  url_text.inner_text().strip())
    assert page.pdf(format="A4")[:4] == b"%PDF"


@pytest.mark.parametrize("path", [f"/collections/{CID}/", "/collections/",
                                  f"/embed/collections/{CID}/"])
def test_collection_pages_are_accessible(page, site_url: str, path: str) -> None:
    from test_browser_site import serious_violations

    page.goto(site_url + path)
    assert serious_violations(page) == []
