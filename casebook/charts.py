"""Charts drawn at build time as inline SVG (no chart library, nothing loaded).

Colours come from CSS classes (`cb-tile--l0` … `cb-tile--l4`, `cb-bar`), so the
high-contrast palette restyles the charts too. Every chart has a `<title>` and
`<desc>`; the pages also print the same numbers as a data table.
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
TILE, GAP = 64, 6


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


def _open_svg(width: int, height: int, chart_id: str, title: str, desc: str,
              css: str) -> list[str]:
    return [
        f'<svg class="cb-chart {css}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="group" aria-labelledby="{chart_id}-t" '
        f'aria-describedby="{chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def tile_cartogram(counts: dict[str, int], names: dict[str, str],
                   href: Callable[[str], str], chart_id: str = "cartogram") -> Markup:
    """Provinces as equal tiles on a schematic grid, shaded by record count."""
    rows = 1 + max(r for r, _ in TILE_GRID.values())
    cols = 1 + max(c for _, c in TILE_GRID.values())
    width, height = cols * (TILE + GAP), rows * (TILE + GAP)
    top = max((counts.get(p, 0) for p in TILE_GRID), default=0)
    total = sum(counts.get(p, 0) for p in TILE_GRID)
    parts = _open_svg(width, height, chart_id, "各省级地区的记录数（方块示意图）",
                      f"34 个省级地区各用一个方块表示，位置只示意大致方位，不是地图；"
                      f"颜色越深记录越多。共 {total} 条记录（含下辖城市）。", "cb-cartogram")
    for pid, (row, col) in TILE_GRID.items():
        n = counts.get(pid, 0)
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        label = short_name(names.get(pid, pid))
        tile = (f'<rect class="cb-tile cb-tile--l{level(n, top)}" x="{x}" y="{y}" '
                f'width="{TILE}" height="{TILE}" rx="6"/>'
                f'<text class="cb-tile__name cb-tile--l{level(n, top)}" x="{x + TILE / 2}" '
                f'y="{y + 27}" text-anchor="middle">{escape(label)}</text>'
                f'<text class="cb-tile__count cb-tile--l{level(n, top)}" x="{x + TILE / 2}" '
                f'y="{y + 50}" text-anchor="middle">{n}</text>')
        if n:
            parts.append(f'<a href="{escape(href(pid))}" aria-label="{escape(label)}：{n} 条">'
                         f'{tile}</a>')
        else:
            parts.append(f'<g>{tile}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(bars: Sequence[Bar], title: str, desc: str, chart_id: str,
              label_width: int = 180, bar_width: int = 360) -> Markup:
    """Horizontal bars with the value printed at the end of each bar."""
    row_h, pad = 34, 8
    height = max(1, len(bars)) * row_h + pad
    width = label_width + bar_width + 60
    top = max((b.value for b in bars), default=0)
    parts = _open_svg(width, height, chart_id, title, desc, "cb-bars")
    for i, b in enumerate(bars):
        y = pad + i * row_h
        w = 0 if top == 0 else max(2, round(bar_width * b.value / top)) if b.value else 0
        label = f'<text class="cb-bar__label" x="{label_width - 8}" y="{y + 19}" ' \
                f'text-anchor="end">{escape(b.label)}</text>'
        if b.href:
            label = f'<a href="{escape(b.href)}">{label}</a>'
        parts.append(label)
        parts.append(f'<rect class="cb-bar" x="{label_width}" y="{y + 3}" width="{w}" '
                     f'height="{row_h - 10}" rx="3"/>')
        parts.append(f'<text class="cb-bar__value" x="{label_width + w + 6}" y="{y + 19}">'
                     f'{b.value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
