"""QR codes drawn at build time as SVG (with `segno`, no JavaScript, no image service).

`qr_svg(text)` gives an SVG that scales with CSS (viewBox only), for inline
use in a page; `qr_svg(text, standalone=True)` gives a file to download and
print on a poster (XML declaration, explicit size in millimetres).
"""
from __future__ import annotations

import io

import segno

ERROR_LEVEL = "m"   # ~15 % of the code may be damaged or covered and it still scans
QUIET_ZONE = 4      # modules of white border, as the standard asks
MODULE_MM = 1       # poster file: 1 mm per module (a 37-module code is 3.7 cm wide)


def qr_svg(text: str, *, title: str | None = None, standalone: bool = False,
           css_class: str = "cb-qr__code") -> str:
    """SVG of a QR code (never a Micro QR) encoding `text`, black on white.

    `title` becomes the SVG's <title> (its accessible name; segno escapes it).
    """
    code = segno.make_qr(text, error=ERROR_LEVEL, boost_error=False)
    buf = io.BytesIO()
    options: dict = {"kind": "svg", "border": QUIET_ZONE, "dark": "#000", "light": "#fff",
                     "title": title, "svgns": True, "lineclass": None}
    if standalone:
        options.update(xmldecl=True, unit="mm", scale=MODULE_MM, svgclass=None)
    else:
        options.update(xmldecl=False, omitsize=True, svgclass=css_class)
    code.save(buf, **options)
    svg = buf.getvalue().decode("utf-8")
    if not standalone:
        svg = svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
    return svg if svg.endswith("\n") else svg + "\n"
