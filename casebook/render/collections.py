"""Collection (专题) pages: the index `/collections/`, one page per collection
(with its QR code, print layout and embed snippet), the embeddable view
`/embed/collections/<id>/` without site chrome, and the 收录于 section of
record pages.

Importing this module registers the 收录于 section (`casebook.render.pages`
imports it). Resolution of items and filters is `casebook.collections`.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from casebook.collections import SORTS, Collection, collections_for, describe_filter
from casebook.load import Record
from casebook.qr import qr_svg
from casebook.relate import Index
from casebook.render.record import Rendered, Section, register_section
from casebook.render.special import SITE_NAME
from casebook.render.view import PREVIEW_NOTE, SiteOptions, View, render_template

INDEX_URL = "collections/"
INDEX_TITLE = "专题"
EMBED_HEIGHT = 640      # suggested iframe height in px; the view scrolls inside it
EXPORTS = (("items.json", "数据文件（供程序和数据分析使用）"),
           ("items.csv", "CSV 表格（Excel 可直接打开）"),
           ("feed.xml", "订阅更新（用阅读器软件接收本专题的变化）"))


def permalink(options: SiteOptions, c: Collection) -> str | None:
    """Public address of the collection page (what the QR code encodes);
    None in a local preview without SITE_URL."""
    return options.absolute(c.url)


def embed_snippet(options: SiteOptions, c: Collection) -> str | None:
    """The `<iframe>` code partners paste into their pages (plain text);
    None without a public address."""
    src = options.absolute(c.embed_url)
    if src is None:
        return None
    title = escape(c.title)
    return (f'<iframe src="{src}" title="{title}（{SITE_NAME}专题）" width="100%" '
            f'height="{EMBED_HEIGHT}" style="max-width:100%;border:1px solid #ccc" '
            'loading="lazy" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>')


def qr_code(options: SiteOptions, c: Collection, *, standalone: bool = False) -> str | None:
    url = permalink(options, c)
    return qr_svg(url, title=f"二维码：{c.title}", standalone=standalone) if url else None


# --- pages ----------------------------------------------------------------------

def _collection_page(c: Collection):
    def build(v: View) -> Rendered:
        items = collections_for(v.index).items[c.id]
        html = render_template(
            "collection.html", v=v, c=c, d=c.data, items=items,
            filter_lines=describe_filter(c, v.index.name),
            sort_label=SORTS[c.data.get("sort", "default")][0],
            permalink=permalink(v.options, c), qr=Markup(qr_code(v.options, c) or ""),
            snippet=embed_snippet(v.options, c), exports=EXPORTS,
            preview_note=PREVIEW_NOTE)
        return Rendered(str(html), [("items", "收录内容"), ("share", "二维码与分享"),
                                    ("embed", "嵌入其他网站"), ("downloads", "下载与订阅")])
    return build


def _index_page(v: View) -> Rendered:
    cols = collections_for(v.index)
    html = render_template("collection_index.html", v=v, collections=list(cols),
                           counts={c.id: len(cols.items[c.id]) for c in cols})
    return Rendered(str(html), [])


def collection_pages(index: Index, options: SiteOptions) -> list:
    """PageSpecs of the collection index and of every collection page."""
    from casebook.render.pages import PageSpec

    cols = collections_for(index)
    specs = [PageSpec(INDEX_URL, INDEX_TITLE, _index_page, hide=("navigation", "toc"),
                      description="为活动周、会议和培训挑选的案例专题：可转发链接、打印讲义、"
                                  "张贴二维码或嵌入其他网站。")]
    for c in cols:
        specs.append(PageSpec(c.url, c.title, _collection_page(c), hide=("navigation",),
                              description=c.data.get("subtitle") or f"专题：{c.title}",
                              extra={"collection": c}))
    return specs


def embed_page(index: Index, options: SiteOptions, c: Collection) -> str:
    """The standalone HTML of `/embed/collections/<id>/`: inline CSS, no scripts,
    every link opens outside the iframe."""
    v = View(index, options, c.embed_url)
    return str(render_template("collection_embed.html", v=v, c=c, d=c.data,
                               items=collections_for(index).items[c.id],
                               permalink=permalink(options, c), site_name=SITE_NAME))


def collection_static_files(index: Index, options: SiteOptions) -> dict[str, str]:
    """{site-relative path: content}: the embeddable views and the QR code files."""
    files: dict[str, str] = {}
    for c in collections_for(index):
        files[f"{c.embed_url}index.html"] = embed_page(index, options, c)
        poster = qr_code(options, c, standalone=True)
        if poster:
            files[f"{c.url}qr.svg"] = poster
    return files


# --- 收录于 on record pages -------------------------------------------------------

def _included_in(v: View, r: Record) -> Markup | None:
    cols = collections_for(v.index).including.get(r.id)
    if not cols:
        return None
    return render_template("sections/collections.html", v=v, collections=cols)


INCLUDED_IN = Section("collections", "收录于", _included_in)
register_section(INCLUDED_IN, before="sources")
