"""Record text to safe HTML.

Markdown fields are converted with raw HTML switched off: `<b>x</b>` in a
record shows as the text `<b>x</b>`. Links keep only http(s), mailto,
relative and fragment targets; images become links (the site never loads an
image from outside). Plain-text fields are only escaped. Text over the
limits of `casebook.markdown_limits` raises `MarkupError`, which
`render_failure` turns into `file: field: message` for the build.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from casebook.load import Record
from casebook.markdown_limits import markdown_problem
from casebook.validate import FILE_FIELD, display_path, field_name
from casebook.yaml_source import Loc

_SAFE_URL = re.compile(r"^(https?://|mailto:|#|\.{0,2}/|[a-z0-9-]+/)", re.IGNORECASE)
# Text with none of these characters (and no block marker at a line start)
# renders to a single escaped paragraph; skip Markdown for it (fast path).
_MD_CHARS = re.compile(
    r"[*_`\[\]<>&#!\\|~]"          # inline markup, HTML, entities, escapes, tables
    r"|(^|\n)\s*([-+>=]|\d+[.)])"  # list, quote or heading marker at a line start
    r"|\n\s*\n|(^|\n) {4}")        # paragraph break, indented code



_HEADINGS = {"h1": "h4", "h2": "h5", "h3": "h6", "h4": "h6", "h5": "h6"}


class _Sanitise(Treeprocessor):
    """Drop unsafe link targets, turn images into plain links and demote
    headings below the page's own h1-h3."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in _HEADINGS:
                el.tag = _HEADINGS[el.tag]
            elif el.tag == "a":
                href = el.get("href", "")
                if not _SAFE_URL.match(href):
                    el.attrib.pop("href", None)
            elif el.tag == "img":
                src, alt = el.get("src", ""), el.get("alt") or "图片"
                el.tag, el.text = "a", alt
                el.attrib.clear()
                if _SAFE_URL.match(src) and not src.startswith("#"):
                    el.set("href", src)


class EscapeHtml(Extension):
    """Python-Markdown extension: raw HTML is escaped, never passed through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md), "cb_sanitise", 0)


_MD = markdown.Markdown(extensions=[EscapeHtml(), "sane_lists", "tables", "nl2br"],
                        output_format="html")


_STRONG = re.compile(r"\*\*([^*\s]+)\*\*")
_PARAGRAPH_BREAK = re.compile(r"\n *\n")
_ODD_SPACE = re.compile(r"[^\S \n]")  # tabs, CR, NBSP…: Markdown rewrites some of them


def _paragraphs_and_bold(s: str) -> Markup | None:
    """HTML of text made only of paragraphs, line breaks and `**bold**` (the
    usual shape of 可复制要点), exactly as Python-Markdown renders it; None
    for anything else. Spares a full Markdown pass on thousands of records."""
    if _ODD_SPACE.search(s):
        return None
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(s):
        lines = []
        for line in paragraph.split("\n"):
            if not line or line != line.strip():
                return None
            parts = _STRONG.split(line)  # odd positions: the bold texts
            if any(_MD_CHARS.search(part) for part in parts):
                return None
            # No `<`, `>` or `&` got past _MD_CHARS, so the text needs no escaping
            # (quotes stay as they are, as Python-Markdown leaves them).
            lines.append(Markup("").join(
                Markup(f"<strong>{part}</strong>" if i % 2 else part)
                for i, part in enumerate(parts)))
        paragraphs.append(Markup("<p>") + Markup("<br>\n").join(lines) + Markup("</p>"))
    return Markup("\n").join(paragraphs)


class MarkupError(ValueError):
    """A text the renderer refuses (see `casebook.markdown_limits`); `text` is
    the field's value, so the build can say which file and field it was."""

    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


def md(text: object) -> Markup:
    """Render a Markdown field to safe HTML (block level). Raises MarkupError
    for text over the limits that the validator enforces (never reached after
    a clean validation; a guard against deep recursion and slow rendering)."""
    if text is None:
        return Markup("")
    s = str(text).strip()
    if not s:
        return Markup("")
    refused = markdown_problem(s)
    if refused:
        raise MarkupError(refused[1], str(text))
    if not _MD_CHARS.search(s):
        return Markup("<p>") + escape(s).replace("\n", Markup("<br>\n")) + Markup("</p>")
    if "**" in s:
        simple = _paragraphs_and_bold(s)
        if simple is not None:
            return simple
    return Markup(_MD.reset().convert(s))


def md_inline(text: object) -> Markup:
    """Render a short Markdown field without the wrapping paragraph when it is one."""
    out = md(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return Markup(out[3:-4])
    return out


def plain(text: object) -> Markup:
    """Escape a plain-text field."""
    return escape("" if text is None else str(text))


def render_failure(records: Iterable[Record], page_url: str,
                   exc: MarkupError | RecursionError) -> str:
    """`file: field: message` for an error raised while rendering `page_url`:
    the record field that holds a refused text, else the page's record file."""
    if isinstance(exc, MarkupError):
        # the page's own record first: another record may hold the same text
        for record in sorted(records, key=lambda r: r.url != page_url):
            loc = _find_text(record.data, exc.text, ())
            if loc is not None:
                return f"{display_path(record.path)}: {field_name(loc)}: {exc}"
    page = next((r for r in records if r.url == page_url), None)
    where = f"{display_path(page.path)}: {FILE_FIELD}" if page else f"页面 /{page_url}"
    reason = str(exc) if isinstance(exc, MarkupError) else "内容结构过于复杂"
    return f"{where}: 无法生成页面（{reason}），请简化这条记录的内容后重新构建"


def _find_text(value: Any, text: str, loc: Loc) -> Loc | None:
    if value == text:
        return loc
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _find_text(item, text, (*loc, key))
        if found is not None:
            return found
    return None
