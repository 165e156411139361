"""Check every link in a built site, offline.

- every internal `href`/`src` resolves to a file in the site;
- every `#fragment` exists as an `id` (or `name`) in its target page;
- nothing is loaded from outside: no external `src`, stylesheet, icon or
  preload (external `<a href>` links are fine and are not fetched);
- no `javascript:` URLs.

Usage: `python tests/linkcheck.py site/` prints one problem per line.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "xlink:href", "poster", "action", "data"}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                "apple-touch-icon", "mask-icon", "preconnect", "dns-prefetch"}
BASE = "http://site.invalid/"


@dataclass(frozen=True)
class Problem:
    page: str
    url: str
    message: str

    def format(self) -> str:
        return f"{self.page}: {self.url}: {self.message}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str, str]] = []  # (tag, attr, value, rel)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag in ("a", "map") else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            target = a.get("content", "").partition("url=")[2].strip()
            if target:
                self.links.append((tag, "refresh", target, ""))
        for attr in LINK_ATTRS & a.keys():
            if attr == "data" and tag != "object":
                continue
            self.links.append((tag, attr, a[attr], a.get("rel", "").lower()))
        if a.get("srcset"):
            for part in a["srcset"].split(","):
                if part.strip():
                    self.links.append((tag, "srcset", part.strip().split()[0], ""))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8", errors="replace"))
    return c


def _target_file(site: Path, url_path: str) -> Path | None:
    rel = unquote(url_path).lstrip("/")
    candidate = site / rel
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path) -> list[Problem]:
    """All link problems in the HTML files below `site`."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    parsed: dict[Path, _Collector] = {}

    def get(path: Path) -> _Collector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems: list[Problem] = []
    for page in pages:
        rel_page = page.relative_to(site).as_posix()
        page_url = urljoin(BASE, rel_page)
        for tag, attr, value, rel in get(page).links:
            value = value.strip()
            if not value:
                continue
            low = value.lower()
            if low.startswith("javascript:"):
                problems.append(Problem(rel_page, value, "javascript: URL"))
                continue
            if low.startswith(("mailto:", "tel:", "data:")):
                continue
            parts = urlsplit(urljoin(page_url, value))
            external = f"{parts.scheme}://{parts.netloc}/" != BASE
            loads = attr in ("src", "srcset", "poster", "data", "xlink:href") and tag != "a" \
                or (tag == "link" and bool(LOADING_RELS & set(rel.split())))
            if external:
                if loads:
                    problems.append(Problem(rel_page, value, f"external resource (<{tag} {attr}>)"))
                continue
            target = _target_file(site, parts.path)
            if target is None:
                problems.append(Problem(rel_page, value, "target does not exist"))
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in get(target).ids:
                    problems.append(Problem(rel_page, value, "anchor not found in target"))
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/linkcheck.py SITE_DIR", file=sys.stderr)
        return 2
    problems = check_site(Path(argv[1]))
    for p in problems:
        print(p.format())
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
