"""Record text is escaped on every page: markup in a record is shown as text
or refused by the validator, never executed or loaded."""
from __future__ import annotations

from pathlib import Path

from conftest import synthetic_record, write_content

from casebook.load import load_corpus
from casebook.relate import build_index
from casebook.render.markup import md, plain
from casebook.render.pages import plan
from casebook.render.view import SiteOptions

MARKUP = "<b>x</b><img src=x>"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;&lt;img src=x&gt;"


def test_markdown_fields_escape_raw_html() -> None:
    assert str(md(MARKUP)) == f"<p>{ESCAPED}</p>"
    assert "<strong>粗体</strong>" in md("**粗体** " + MARKUP)
    assert "<img" not in md("![图](http://example.org/x.png)")  # images become links
    assert "href" not in md("[点我](javascript:alert(1))")
    assert str(plain(MARKUP)) == ESCAPED


TITLE = "标题 1 < 2 & 3"   # no tag: plain-text fields accept it
TITLE_ESCAPED = "标题 1 &lt; 2 &amp; 3"


def marked_records(in_plain_fields: bool = True) -> list[tuple[str, dict]]:
    """Records whose text fields hold harmless markup.

    The validator refuses tags in plain-text fields (title, issuer …); with
    `in_plain_fields=False` only the Markdown fields carry tags, so the build
    goes through and the pages can be checked.
    """
    p = MARKUP if in_plain_fields else ""
    src = {"title": f"《来源{p}》", "issuer": f"机构{p}", "date": "2023", "section": f"章节{p}"}
    case = synthetic_record(
        "case", "markup-case", title=f"{TITLE}{p}", sources=[src],
        organisations=[{"name": f"单位{p}", "role": "实施主体"}],
        background=f"背景{MARKUP}", practices=[f"做法{MARKUP}"], replicability=f"要点{MARKUP}",
        results=[{"what": f"指标{p}", "value": 3, "unit": "个", "note": f"注{p}"}],
        policies=["markup-policy"])
    policy = synthetic_record(
        "policy", "markup-policy", title=f"文件{p}", issuer=f"机关{p}",
        doc_no=f"文号{p}", coverage="summary",
        provisions=[{"heading": f"条目{p}", "text": f"内容{MARKUP}"}])
    return [("case", case), ("policy", policy)]


def _assert_no_live_markup(html: str, where: str) -> None:
    assert "<b>x</b>" not in html, where
    assert "<img src=x" not in html and '<img src="x"' not in html, where


def test_every_generated_page_escapes_record_text(tmp_path: Path) -> None:
    index = build_index(load_corpus(write_content(tmp_path / "content", marked_records())))
    options = SiteOptions()
    rendered = {p.url: p.render(index, options).html for p in plan(index, options)}
    for url, html in rendered.items():
        _assert_no_live_markup(html, url)
    assert ESCAPED in rendered["cases/markup-case/"]
    assert ESCAPED in rendered["policies/markup-policy/"]


def test_built_site_shows_markup_as_text(build_synthetic) -> None:
    result, site = build_synthetic(marked_records(in_plain_fields=False))
    assert result.returncode == 0, result.stdout + result.stderr
    for page in site.rglob("*.html"):
        _assert_no_live_markup(page.read_text(encoding="utf-8"), str(page))
    case = (site / "cases/markup-case/index.html").read_text(encoding="utf-8")
    assert f"<p>背景{ESCAPED}</p>" in case
    assert f"<h1>{TITLE_ESCAPED}</h1>" in case
    assert f"<title>{TITLE_ESCAPED} - " in case  # <title> and the header get escaped text too


def test_tags_in_plain_text_fields_are_refused(build_synthetic) -> None:
    result, site = build_synthetic(marked_records(in_plain_fields=True))
    assert result.returncode != 0
    assert "markup-case.yml" in result.stdout + result.stderr
    assert not (site / "cases/markup-case/index.html").exists()


def test_script_in_a_record_is_refused(build_synthetic) -> None:
    evil = synthetic_record("case", "evil-case", background="<script>alert(1)</script>")
    result, site = build_synthetic([("case", evil)])
    assert result.returncode != 0
    assert "evil-case.yml" in result.stdout + result.stderr
    assert not (site / "cases/evil-case/index.html").exists()
