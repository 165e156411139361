"""Charts built at build time as plain HTML and CSS (no chart library, no SVG
text): labels are page text, so they keep body size on a phone and grow with
the reading font size (标准/大/特大).

Colours come from CSS classes (`cb-tile--l0` … `cb-tile--l4`, `cb-hbar__fill`),
so the high-contrast palette restyles the charts too. Every chart is a list
with an accessible name; the pages also print the same numbers as a table.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Tile-grid cartogram of China's 34 provincial-level divisions: (row, column).
# An approximate, schematic arrangement, not a map.
TILE_GRID: dict[str, tuple[int, int]] = {
    "heilongjiang": (0, 7),
    "neimenggu": (1, 4), "beijing": (1, 5), "liaoning": (1, 6), "jilin": (1, 7),
    "xinjiang": (2, 0), "gansu": (2, 2), "ningxia": (2, 3), "shanxi": (2, 4), "hebei": (2, 5),
    "tianjin": (2, 6),
    "xizang": (3, 0), "qinghai": (3, 1), "shaanxi": (3, 3), "henan": (3, 4), "shandong": (3, 5),
    "sichuan": (4, 1), "chongqing": (4, 2), "hubei": (4, 3), "anhui": (4, 4), "jiangsu": (4, 5),
    "shanghai": (4, 6),
    "yunnan": (5, 1), "guizhou": (5, 2), "hunan": (5, 3), "jiangxi": (5, 4), "zhejiang": (5, 5),
    "guangxi": (6, 2), "guangdong": (6, 3), "fujian": (6, 4), "taiwan": (6, 6),
    "hainan": (7, 2), "aomen": (7, 3), "xianggang": (7, 4),
}
_SUFFIX = re.compile(r"(壮族|回族|维吾尔)?(自治区|特别行政区|省|市)$")


def short_name(name: str) -> str:
    """上海市 -> 上海, 广西壮族自治区 -> 广西, 内蒙古自治区 -> 内蒙古."""
    return _SUFFIX.sub("", name) or name


def level(count: int, top: int, steps: int = 4) -> int:
    """Colour step 0 (no records) to `steps` (the largest count)."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(steps, math.ceil(steps * count / top)))


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


def ranked(counts: dict[str, int], keys: Sequence[str]) -> tuple[list[str], list[str]]:
    """`keys` with records (most first, ties in `keys` order) and those without."""
    order = {k: i for i, k in enumerate(keys)}
    with_records = sorted((k for k in keys if counts.get(k, 0) > 0),
                          key=lambda k: (-counts[k], order[k]))
    return with_records, [k for k in keys if counts.get(k, 0) <= 0]


def tile_cartogram(counts: dict[str, int], names: dict[str, str],
                   href: Callable[[str], str], chart_id: str = "cartogram") -> Markup:
    """Provinces as equal tiles on a schematic grid, shaded by record count."""
    top = max((counts.get(p, 0) for p in TILE_GRID), default=0)
    parts = [f'<ol class="cb-tiles" id="{escape(chart_id)}" '
             f'aria-label="各省级地区的记录数（方块示意图，不是地图）">']
    for pid, (row, col) in TILE_GRID.items():
        n = counts.get(pid, 0)
        label = escape(short_name(names.get(pid, pid)))
        inner = (f'<span class="cb-tile__name">{label}</span> '
                 f'<span class="cb-tile__count">{n}</span>')
        if n:
            inner = f'<a href="{escape(href(pid))}" aria-label="{label}：{n} 条">{inner}</a>'
        parts.append(f'<li class="cb-tile cb-tile--l{level(n, top)}" '
                     f'style="grid-row: {row + 1}; grid-column: {col + 1}">{inner}</li>')
    parts.append("</ol>")
    return Markup("".join(parts))


def bar_chart(bars: Sequence[Bar], title: str, chart_id: str) -> Markup:
    """Horizontal bars: label, a bar as long as the value, the value."""
    top = max((b.value for b in bars), default=0)
    parts = [f'<ol class="cb-hbars" id="{escape(chart_id)}" aria-label="{escape(title)}">']
    for b in bars:
        share = 0.0 if top == 0 else round(100 * b.value / top, 1)
        label = escape(b.label)
        if b.href:
            label = Markup(f'<a href="{escape(b.href)}">{label}</a>')
        parts.append(
            f'<li class="cb-hbar"><span class="cb-hbar__label">{label}</span>'
            f'<span class="cb-hbar__track" aria-hidden="true">'
            f'<span class="cb-hbar__fill" style="width: {share}%"></span></span>'
            f'<span class="cb-hbar__value">{b.value}</span></li>')
    parts.append("</ol>")
    return Markup("".join(parts))
