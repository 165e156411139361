"""MkDocs hooks for the casebook site: only adapt MkDocs events to
`casebook.render.build` (validate, load, relate, plan), the page renderers
and `casebook.export`. All logic lives in the `casebook` package."""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import material  # noqa: E402
from markupsafe import escape  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from casebook.export import export_files  # noqa: E402
from casebook.render.about import feedback_url  # noqa: E402
from casebook.render.build import (  # noqa: E402
    ContentError,
    SiteBuild,
    as_edited,
    content_root,
    prepare,
)
from casebook.render.collections import collection_static_files  # noqa: E402
from casebook.render.markup import MarkupError, render_failure  # noqa: E402
from casebook.render.theme import FragmentCache, shared_nav_key  # noqa: E402
from casebook.render.view import SiteOptions, public_site_url  # noqa: E402

# Material files nothing on this site loads: its lunr search (the site searches
# with its own n-gram index; no `search` plugin) and source maps. 2.2 MB in every build.
THEME_DIR = Path(material.__file__).resolve().parent
_UNUSED_THEME_FILE = re.compile(r"^assets/javascripts/(lunr/|workers/search\.)|\.map$")
_build: SiteBuild | None = None
_fragments = FragmentCache()
_in_nav: set[str] = set()
_nav_urls: list[str] = []


def on_config(config):
    """Validate the content and plan the generated pages (once per build)."""
    global _build
    _fragments.clear()
    # Without a public SITE_URL (preview, `mkdocs serve`, tests) MkDocs and
    # Material write no absolute address: no canonical links, no sitemap.
    config.site_url = public_site_url(config.site_url)
    if not config.site_url and "sitemap.xml" in config.theme.static_templates:
        config.theme.static_templates.remove("sitemap.xml")
    extra = config.extra
    extra["feedback_url"] = feedback_url(extra.get("feedback_url"), config.repo_url)
    options = SiteOptions(site_url=config.site_url,
                          feedback_url=extra["feedback_url"], publisher=extra.get("publisher"),
                          contact=extra.get("contact"))
    root = content_root()
    try:
        _build = prepare(options, root)
    except ContentError as err:
        lines, folder = as_edited(err.lines, root)
        for line in lines:
            print(line, file=sys.stderr)
        raise Abort(f"{err}；请按上面的提示修改 {folder} 下的文件后重新构建。") from None
    except ValueError as err:
        raise Abort(f"内容错误：{err}") from None
    return config


class _GeneratedPage(Page):
    """A generated page outside the nav: its body comes from `on_page_content`,
    so MkDocs' per-page Markdown pass over the empty source is skipped (a new
    Markdown instance per page is a third of a millisecond, thousands of times)."""

    def render(self, config, files):
        self.content, self.toc = "", get_toc([])
        self.present_anchor_ids, self.links_to_anchors = set(), {}


def _nav_sources(items) -> set[str]:
    """Every file named in the `nav` of mkdocs.yml."""
    out: set[str] = set()
    for item in items or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out |= _nav_sources(value) if isinstance(value, list) else {str(value)}
    return out


def on_files(files, config):
    """Add the generated pages, the open data, the feeds, alias redirects and the
    collections' embeddable views and QR codes."""
    in_nav = _nav_sources(config.nav)
    for spec in _build.pages:
        if files.get_file_from_path(spec.src_uri) is not None:
            raise Abort(f"docs/{spec.src_uri} 与自动生成的页面冲突，请删除或改名。")
        file = File.generated(config, spec.src_uri, content="")
        if spec.src_uri not in in_nav:
            _GeneratedPage(None, file, config)  # sets file.page; MkDocs then keeps it
        files.append(file)
    for file in [f for f in files if _UNUSED_THEME_FILE.search(f.src_uri)
                 and not f.generated_by
                 and Path(f.abs_src_path).resolve().is_relative_to(THEME_DIR)]:
        files.remove(file)
    if not config.site_url:
        # No sitemap without a public address (it needs absolute URLs); out of
        # the static templates, MkDocs would copy the raw template instead.
        sitemap = files.get_file_from_path("sitemap.xml")
        if sitemap is not None and not sitemap.generated_by:
            files.remove(sitemap)
    static = {**export_files(_build.index, _build.options),
              **collection_static_files(_build.index, _build.options)}
    for rel, content in static.items():
        files.append(File.generated(config, rel, content=content))
    return files


def on_nav(nav, config, files):
    """Remember which pages are in the nav: the others share one nav rendering."""
    _in_nav.clear()
    _in_nav.update(p.file.src_uri for p in nav.pages)
    _nav_urls[:] = [p.url for p in nav.pages]
    return nav


def on_env(env, config, files):
    env.globals["cb_fragment"] = _fragments
    env.globals["cb_partial"] = functools.partial
    return env


def on_page_markdown(markdown, page, config, files):
    spec = _build.by_src.get(page.file.src_uri) if page.file.generated_by else None
    if spec is None:
        return markdown
    page.meta = {"title": str(escape(spec.title)), "hide": list(spec.hide)}
    if page.file.src_uri not in _in_nav:
        page.meta["cb_shared_nav"] = shared_nav_key(page.url, _nav_urls)
    if spec.description:
        page.meta["description"] = str(escape(spec.description))
    return ""


def on_page_content(html, page, config, files):
    spec = _build.by_src.get(page.file.src_uri) if page.file.generated_by else None
    if spec is None:
        return html
    try:
        rendered = spec.render(_build.index, _build.options)
    except (MarkupError, RecursionError) as exc:  # content errors, named by file and field;
        # any other exception is a bug in our code and keeps its traceback
        raise Abort(render_failure(_build.index.records, spec.url, exc)) from None
    page.toc = get_toc([{"level": 2, "id": anchor, "name": str(escape(title)), "children": []}
                        for anchor, title in rendered.toc])
    return rendered.html


def on_serve(server, config, builder):
    server.watch(str(_build.root))
    server.watch(str(ROOT / "casebook"))
    return server
