"""Every internal link and anchor in the built site resolves; nothing is
loaded from outside the site. Uses our own offline checker (tests/linkcheck.py)."""
from __future__ import annotations

from pathlib import Path

from linkcheck import check_site


def test_all_internal_links_and_anchors_resolve(built_site: Path) -> None:
    problems = check_site(built_site)
    assert not problems, "\n".join(p.format() for p in problems[:50])


def test_checker_catches_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
        '<a href="https://example.org/">external link is fine</a>'
        '<a href="b/">missing</a><a href="a/#nowhere">bad anchor</a>'
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example.org/x.css">'
        '<img src="missing.png"><a href="javascript:alert(1)">js</a>',
        encoding="utf-8")
    messages = sorted((p.url, p.message) for p in check_site(tmp_path))
    assert messages == sorted([
        ("b/", "target does not exist"),
        ("a/#nowhere", "anchor not found in target"),
        ("https://cdn.example.org/x.js", "external resource (<script src>)"),
        ("//cdn.example.org/x.css", "external resource (<link href>)"),
        ("missing.png", "target does not exist"),
        ("javascript:alert(1)", "javascript: URL"),
    ])
