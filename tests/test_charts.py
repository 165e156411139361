"""Build-time charts (casebook.charts): ranking, bar lengths, tile links, escaping."""
from __future__ import annotations

import re

from casebook.charts import TILE_GRID, Bar, bar_chart, ranked, tile_cartogram


def test_ranked_puts_regions_with_records_first_most_first() -> None:
    keys = ["a", "b", "c", "d", "e"]
    with_records, without = ranked({"b": 2, "c": 5, "d": 2, "e": 0}, keys)
    assert with_records == ["c", "b", "d"]          # ties keep the given order
    assert without == ["a", "e"]


def test_bar_lengths_are_shares_of_the_largest_value() -> None:
    html = str(bar_chart([Bar("甲", 4, "/x/"), Bar("乙", 1), Bar("丙", 0)], "标题", "c1"))
    assert re.findall(r"width: ([\d.]+)%", html) == ["100.0", "25.0", "0.0"]
    assert '<a href="/x/">甲</a>' in html
    assert '<span class="cb-hbar__label">乙</span>' in html      # no link without href
    assert 'aria-label="标题"' in html and 'id="c1"' in html


def test_bar_chart_escapes_labels_and_links() -> None:
    html = str(bar_chart([Bar("<b>", 1, '/"x/')], "<t>", "c"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'href="/&#34;x/"' in html and 'aria-label="&lt;t&gt;"' in html


def test_cartogram_links_only_tiles_with_records() -> None:
    html = str(tile_cartogram({"shanghai": 3, "beijing": 1}, {"shanghai": "上海市"},
                              lambda rid: f"/regions/{rid}/"))
    assert html.count("<li") == len(TILE_GRID)
    assert html.count("<a ") == 2
    assert '<a href="/regions/shanghai/" aria-label="上海：3 条">' in html
    row, col = TILE_GRID["shanghai"]
    assert f'cb-tile--l4" style="grid-row: {row + 1}; grid-column: {col + 1}"' in html
