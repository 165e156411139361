"""Every shared address is the public one (issue 13, section 1).

A build with SITE_URL writes that address into QR codes, permalinks, feeds
and the sitemap, and nowhere a loopback address. A build without it (make
serve, tests, preview) writes no host at all: links are relative and what
needs an absolute address is left out with a visible note."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PUBLIC_URL
from test_collections_browser import REAL, canonical, decode

from casebook.paths import ROOT
from casebook.render.view import PREVIEW_NOTE, SiteOptions, public_site_url

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LOCAL_HOSTS = (b"127.0.0.1", b"localhost:8000", b"0.0.0.0")


def files_mentioning(site: Path, needles: tuple[bytes, ...]) -> list[str]:
    """Files of `site` (gzip members unpacked) whose bytes hold any of `needles`."""
    hits = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if any(n in data for n in needles):
            hits.append(str(path.relative_to(site)))
    return hits


def rows(site: Path) -> list[dict]:
    return json.loads((site / "data/records.json").read_text(encoding="utf-8"))["records"]


# --- the rule itself -------------------------------------------------------------

@pytest.mark.parametrize(("url", "public"), [
    (None, None), ("", None), ("http://127.0.0.1:8000/", None), ("http://localhost:8000/", None),
    ("http://[::1]:8000/", None), ("https://example.org/xx/", "https://example.org/xx/"),
])
def test_only_a_public_address_counts(url: str | None, public: str | None) -> None:
    assert public_site_url(url) == public


def test_preview_links_are_relative_and_publishing_links_absolute() -> None:
    preview, published = SiteOptions(), SiteOptions(site_url=PUBLIC_URL)
    assert preview.absolute("cases/a/") is None
    assert preview.link_from("cases/a/", "collections/b/") == "../../cases/a/"
    assert preview.link_from("", "") == "./"
    assert published.link_from("cases/a/", "collections/b/") == PUBLIC_URL + "cases/a/"
    assert published.base_path == "/xx/" and preview.base_path == "/"


def test_make_build_requires_site_url() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "MAKEFLAGS")}
    result = subprocess.run(["make", "-s", "-o", "venv", "build"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[0]
    assert "SITE_URL" in message and "正式地址" in message


# --- a build for publishing ------------------------------------------------------------

def test_public_build_has_no_loopback_address(public_site: Path) -> None:
    assert files_mentioning(public_site, LOCAL_HOSTS) == []


def test_public_build_shares_public_addresses(public_site: Path) -> None:
    for row in rows(public_site):
        assert row["permalink"] == PUBLIC_URL + row["url"].removeprefix("/xx/")
    sitemap = ET.parse(public_site / "sitemap.xml").getroot()
    locs = {el.text for el in sitemap.iter(f"{SITEMAP}loc")}
    assert {row["permalink"] for row in rows(public_site)} <= locs
    feed = (public_site / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{PUBLIC_URL}feed.xml"' in feed
    home = (public_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC_URL}">' in home


@pytest.mark.parametrize("cid", REAL)
def test_public_qr_code_decodes_to_the_public_url(page, public_site_url: str, cid: str) -> None:
    public = f"{PUBLIC_URL}collections/{cid}/"
    page.goto(f"{public_site_url}/collections/{cid}/")
    assert canonical(page) == public
    assert page.locator(".cb-qr__url").inner_text() == public
    assert decode(page, f"{public_site_url}/collections/{cid}/qr.svg") == [public]
    inline = page.locator("figure.cb-qr svg").evaluate(
        "e => 'data:image/svg+xml,' + encodeURIComponent(new XMLSerializer().serializeToString(e))")
    assert decode(page, inline) == [public]
    snippet = page.locator("#cb-embed-code").input_value()
    assert f'src="{PUBLIC_URL}embed/collections/{cid}/"' in snippet


# --- a local preview (no SITE_URL) ---------------------------------------------------------

def test_preview_build_writes_no_host(built_site: Path) -> None:
    assert files_mentioning(built_site, LOCAL_HOSTS) == []
    assert not (built_site / "sitemap.xml").exists()
    assert all("permalink" not in row for row in rows(built_site))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home
    feed = (built_site / "feed.xml").read_text(encoding="utf-8")
    assert "http" not in feed.replace("http://www.w3.org/2005/Atom", "")


def test_preview_says_why_shared_addresses_are_missing(page, site_url: str) -> None:
    cid = REAL[0]
    page.goto(f"{site_url}/collections/{cid}/")
    assert page.locator("figure.cb-qr").count() == 0
    assert page.locator("#cb-embed-code").count() == 0
    assert page.locator("a[download]").count() == 0
    assert PREVIEW_NOTE in page.locator(".cb-collection").inner_text()
    first = page.locator(".cb-col-item__title a").first.get_attribute("href")
    page.goto(f"{site_url}/collections/{cid}/{first}")
    assert PREVIEW_NOTE in page.locator("#record-info ~ *").first.inner_text()
