"""Open data and feeds written next to the built pages.

`export_files(index, options)` returns, as {site-relative path: content},
without MkDocs (the hook writes them into the built site):

- `data/records.json`: every record with all its fields plus `type`, `url`
  (path from the site root, e.g. `/cases/<id>/`) and `permalink` (absolute);
- `data/records.csv`: UTF-8 with BOM (Excel opens it), lists joined with `；`;
- `data/taxonomy.json` and `data/schemas/*.json`;
- `feed.xml`: Atom feed of the latest records by `updated`;
- `<type dir>/<alias>/index.html`: a redirect for every old id in `aliases`;
- per collection (专题) `collections/<id>/items.json`, `items.csv` (BOM) and
  `feed.xml` (Atom), in the collection's order, plus redirects for its old ids.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from casebook.collections import collections_for
from casebook.load import Record
from casebook.paths import RECORD_DIRS, SCHEMAS
from casebook.relate import Index
from casebook.render.view import SiteOptions

FEED_SIZE = 50
LIST_SEP = "；"
CSV_COLUMNS = (
    "type", "id", "title", "region", "region_name", "tasks", "task_names", "year", "kind",
    "level", "status", "updated", "summary", "audiences", "themes", "doc_no", "issuer",
    "issued", "provider", "organisations", "sources", "url", "permalink",
)


def _json_default(value: Any) -> str:
    return str(value)  # dates that YAML parsed as date objects


def record_row(options: SiteOptions, r: Record) -> dict[str, Any]:
    """A record as exported: its fields plus `type`, `url` and, when the site
    has a public address, `permalink`."""
    row = {**r.data, "type": r.type, "url": options.base_path + r.url}
    if options.public:
        row["permalink"] = options.absolute(r.url)
    return row


def records_json(index: Index, options: SiteOptions) -> str:
    rows = [record_row(options, r) for r in sorted(index.records, key=lambda r: r.id)]
    return json.dumps({"count": len(rows), "records": rows}, ensure_ascii=False, indent=1,
                      default=_json_default)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEP.join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP
# "CSV injection"); such cells get a leading apostrophe, which Excel and
# LibreOffice show as text. The JSON exports keep the text as written.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: `'` before a formula start."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (CRLF, no BOM) of `rows`, every cell made spreadsheet-safe.
    Every CSV the site writes goes through here."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(_cell(value)) for value in row])
    return buf.getvalue()


def _source_text(s: dict[str, Any]) -> str:
    bits = [s.get("issuer"), s.get("doc_no"), s.get("date")]
    return f"{s.get('title', '')}（{'，'.join(str(b) for b in bits if b)}）"


def _csv_text(index: Index, options: SiteOptions, records: list[Record],
              extra: dict[str, list[Any]] | None = None) -> str:
    """CSV text (without the BOM): `extra` columns first, then `CSV_COLUMNS`."""
    extra = extra or {}
    rows: list[list[Any]] = [[*extra, *CSV_COLUMNS]]
    for i, r in enumerate(records):
        d = r.data
        row = {**record_row(options, r),
               "region_name": index.name("regions", d.get("region")),
               "task_names": [index.name("tasks", t) for t in d.get("tasks", [])],
               "organisations": [o.get("name", "") for o in d.get("organisations", [])
                                 if isinstance(o, dict)],
               "sources": [_source_text(s) for s in d.get("sources", []) if isinstance(s, dict)]}
        rows.append([col[i] for col in extra.values()] + [row.get(c) for c in CSV_COLUMNS])
    return csv_text(rows)


def records_csv(index: Index, options: SiteOptions) -> str:
    """CSV text (without the BOM) of the main fields of every record."""
    return _csv_text(index, options, sorted(index.records, key=lambda r: r.id))


def _atom_date(value: Any) -> str:
    return f"{str(value)[:10]}T00:00:00+08:00"


def _atom_id(options: SiteOptions, url: str) -> str:
    """An entry's Atom id: its public address, or in a local preview (no
    SITE_URL) a URN, since Atom ids must be absolute."""
    return options.absolute(url) or f"urn:casebook:{url}"


def _atom(options: SiteOptions, title: str, feed_path: str, page_path: str,
          records: list[Record], notes: list[str | None] | None = None,
          updated: str | None = None) -> str:
    """An Atom feed of `records` (in the given order); `notes` become entry content."""
    newest = max((str(r.data.get("updated", "")) for r in records), default="")
    updated = _atom_date(max(newest, updated or "")) if (newest or updated) \
        else "2000-01-01T00:00:00+08:00"
    folder = feed_path.rpartition("/")[0]
    feed_url = options.link_from(feed_path, folder)
    page_link = options.link_from(page_path, folder)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{xml_escape(title)}</title>",
        f"<id>{xml_escape(_atom_id(options, feed_path))}</id>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page_link)}/>',
        f"<updated>{updated}</updated>",
        "<author><name>学习型社会建设案例库</name></author>",
    ]
    for i, r in enumerate(records):
        link = options.link_from(r.url, folder)
        note = notes[i] if notes else None
        lines += [
            "<entry>",
            f"<title>{xml_escape(str(r.data.get('title', r.id)))}</title>",
            f"<id>{xml_escape(_atom_id(options, r.url))}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"<updated>{_atom_date(r.data.get('updated'))}</updated>",
            f"<summary>{xml_escape(str(r.data.get('summary', '')))}</summary>",
            *([f'<content type="text">编者按：{xml_escape(note)}</content>'] if note else []),
            f"<category term={quoteattr(r.type)}/>",
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def atom_feed(index: Index, options: SiteOptions, size: int = FEED_SIZE) -> str:
    """Atom feed of the `size` most recently updated records."""
    return _atom(options, "学习型社会建设案例库：最近更新", "feed.xml", "", index.latest(size))


def redirect_html(target_rel: str, canonical: str | None, title: str) -> str:
    """A static redirect page: meta refresh, a visible link and a canonical link."""
    t, h = xml_escape(title), quoteattr(target_rel)
    c = f"<link rel=\"canonical\" href={quoteattr(canonical)}>" if canonical else ""
    return (
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>页面已迁移：{t}</title>{c}"
        f'<meta http-equiv="refresh" content="0; url={xml_escape(target_rel)}">'
        '<meta name="robots" content="noindex"></head>'
        f"<body><p>本记录已改用新网址：<a href={h}>{t}</a></p></body></html>\n"
    )


def alias_redirects(index: Index, options: SiteOptions) -> dict[str, str]:
    """{site-relative path of redirect file: its HTML} for every alias."""
    ids = {(r.type, r.id) for r in index.records}
    out: dict[str, str] = {}
    for r in index.records:
        folder = RECORD_DIRS[r.type]
        for alias in r.data.get("aliases") or []:
            if (r.type, alias) in ids:
                raise ValueError(f"{r.path}: aliases: 旧编号 {alias!r} 与现有记录的 id 重复")
            out[f"{folder}/{alias}/index.html"] = redirect_html(
                f"../{r.id}/", options.absolute(r.url), str(r.data.get("title", r.id)))
    return out


def collection_exports(index: Index, options: SiteOptions) -> dict[str, str | bytes]:
    """Per collection: `items.json`, `items.csv` (BOM), `feed.xml`, and a
    redirect for every old id (`collections/<alias>/`, `embed/collections/<alias>/`)."""
    files: dict[str, str | bytes] = {}
    cols = collections_for(index)
    taken = {c.id for c in cols}
    for c in cols:
        items = cols.items[c.id]
        records = [it.record for it in items]
        notes = [it.note for it in items]
        meta = {k: v for k, v in c.data.items() if k != "items"}
        meta["url"] = options.base_path + c.url
        if options.public:
            meta.update(permalink=options.absolute(c.url), embed=options.absolute(c.embed_url))
        rows = [{"position": i, **({"note": it.note} if it.note else {}),
                 **record_row(options, it.record)} for i, it in enumerate(items, 1)]
        files[f"{c.url}items.json"] = json.dumps(
            {"collection": meta, "count": len(rows), "items": rows},
            ensure_ascii=False, indent=1, default=_json_default)
        files[f"{c.url}items.csv"] = _csv_text(
            index, options, records,
            {"position": list(range(1, len(items) + 1)), "note": notes}).encode("utf-8-sig")
        files[f"{c.url}feed.xml"] = _atom(
            options, f"学习型社会建设案例库专题：{c.title}", f"{c.url}feed.xml", c.url,
            records, notes, updated=str(c.data.get("updated", "")))
        for alias in c.data.get("aliases") or []:
            if alias in taken:
                raise ValueError(f"{c.path}: aliases: 旧编号 {alias!r} 与现有专题的 id 重复")
            for page in (c.url, c.embed_url):
                folder = page.rsplit("/", 2)[0]
                files[f"{folder}/{alias}/index.html"] = redirect_html(
                    f"../{c.id}/", options.absolute(page), c.title)
    return files


def export_files(index: Index, options: SiteOptions,
                 schemas_dir: Path = SCHEMAS) -> dict[str, str | bytes]:
    """{site-relative path: content} of every export; CSV is bytes with a BOM."""
    files: dict[str, str | bytes] = {
        "data/records.json": records_json(index, options),
        "data/records.csv": records_csv(index, options).encode("utf-8-sig"),
        "data/taxonomy.json": json.dumps(index.corpus.taxonomy, ensure_ascii=False, indent=1,
                                         default=_json_default),
        "feed.xml": atom_feed(index, options),
    }
    for schema in sorted(schemas_dir.glob("*.json")):
        files[f"data/schemas/{schema.name}"] = schema.read_text(encoding="utf-8")
    files.update(alias_redirects(index, options))
    files.update(collection_exports(index, options))
    return files
