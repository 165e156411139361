"""Pages speak to readers (issue 13, section 5): status words from
casebook/status.py, no file paths, readers' navigation with editors' links in
the footer, 关于本站 with one feedback route, Chinese 404, one home title,
a self-hosted favicon, and `data-record-id` on every element that is a record."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebook.render.about import feedback_url
from casebook.status import STATUS_LABELS

EDITOR_WORDS = ("存目", "仅元数据", "部分完整")
SITE_NAME = "学习型社会建设案例库"


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "pagefind" not in p.parts]


def records(site: Path) -> list[dict]:
    return json.loads((site / "data/records.json").read_text(encoding="utf-8"))["records"]


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_no_editor_words_or_file_paths_on_public_pages(built_site: Path) -> None:
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for word in EDITOR_WORDS:
            assert word not in text, (page, word)
        if page.parent.name != "contribute":   # the editors' page explains the files
            assert not re.search(r"content/[\w/-]+\.yml", text), page


def test_badges_use_the_status_labels(built_site: Path) -> None:
    for row in records(built_site):
        page = read(built_site, row["url"].lstrip("/") + "index.html")
        label = STATUS_LABELS[row["status"]][0]
        assert f'<span class="cb-badge cb-badge--{row["status"]}">{label}</span>' in page, row["id"]


def test_top_navigation_is_for_readers_and_footer_has_the_rest(built_site: Path) -> None:
    home = read(built_site, "index.html")
    navigation = home[:home.index("<article")]  # header, tabs and the navigation sidebar
    for editors in ("参与编辑", "性能"):
        assert editors not in navigation
    assert re.search(r'<a href="(\./)?about/" class="md-nav__link">\s*<span class="md-ellipsis">'
                     r"\s*关于本站", navigation)
    footer = re.search(r'<footer class="md-footer">.*?</footer>', home, re.S).group(0)
    for label, href in (("关于本站", "about/"), ("参与编辑", "contribute/"),
                        ("性能", "performance/"), ("开放数据", "data/")):
        assert re.search(rf'<a href="(\./)?{href}">{label}</a>', footer), label
    assert "纠错 / 推荐案例" in footer
    assert "Made with" not in home and "Material for MkDocs" not in footer


@pytest.mark.parametrize(("configured", "repo", "route"), [
    ("https://example.org/form", "https://github.com/o/r", "https://example.org/form"),
    (None, "https://github.com/o/r/", "https://github.com/o/r/issues/new/choose"),
    (None, None, None),
])
def test_one_feedback_route(configured: str | None, repo: str | None,
                            route: str | None) -> None:
    assert feedback_url(configured, repo) == route


def test_about_page_without_a_repository(built_site: Path) -> None:
    about = read(built_site, "about/index.html")
    for heading in ("本站做什么", "谁在发布", "内容从哪里来", "纠错与推荐案例"):
        assert heading in about
    assert 'id="contact"' in about
    assert "本站暂未公布接收纠错和推荐案例的渠道" in about  # mkdocs.yml sets no repo_url
    assert "学习型社会建设案例库编辑组" in about


def test_chinese_404_with_search_and_listings(built_site: Path) -> None:
    page = read(built_site, "404.html")
    assert "<title>页面不存在 - " in page and "<h1>页面不存在</h1>" in page
    assert "Not found" not in page
    assert re.search(r'<form class="cb-404-search"[^>]*action="/search/"', page)
    for href in ("/cases/", "/courses/", "/policies/", "/regions/"):
        assert f'href="{href}"' in page, href


def test_one_home_title_and_a_self_hosted_favicon(built_site: Path) -> None:
    home = read(built_site, "index.html")
    assert re.findall(r"<title>(.*?)</title>", home) == [SITE_NAME]
    assert '<link rel="icon" href="assets/favicon.svg">' in home
    assert (built_site / "assets/favicon.svg").read_text(encoding="utf-8").startswith("<svg")
    embed = next((built_site / "embed/collections").glob("*/index.html"))
    assert 'rel="icon" href="../../../assets/favicon.svg"' in embed.read_text(encoding="utf-8")


def test_every_record_element_carries_its_id(built_site: Path) -> None:
    rows = records(built_site)
    for row in rows:
        page = read(built_site, row["url"].lstrip("/") + "index.html")
        assert f'<header class="cb-record__head" data-record-id="{row["id"]}">' in page
    for listing, rtype in (("cases/index.html", "case"), ("courses/index.html", "course"),
                           ("policies/index.html", "policy")):
        ids = re.findall(r'data-record-id="([^"]+)"', read(built_site, listing))
        expected = [r["id"] for r in rows if r["type"] == rtype]
        assert len(ids) == len(set(ids)) == min(20, len(expected)), listing
        assert set(ids) <= set(expected), listing
