"""Browsing without dead ends (issue 13, section 6): similar cases computed at
build time, each related record once, 最后更新 once, level labels, browse
indexes that list terms with records first, and listing filters that link to
the search page."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import synthetic_record, write_content

from casebook.load import load_corpus
from casebook.relate import SIMILAR_MAX, build_index
from casebook.render.filters import type_filters
from casebook.render.record import render_record
from casebook.render.view import SiteOptions, View


def case(cid: str, **fields) -> tuple[str, dict]:
    return ("case", synthetic_record("case", cid, **fields))


def index_of(tmp_path: Path, records: list[tuple[str, dict]]):
    return build_index(load_corpus(write_content(tmp_path / "content", records)))


SIMILAR = [
    case("me", tasks=["learning-city"], themes=["online", "senior-education"],
         audiences=["seniors"], cases=["linked"]),
    case("two-shared", tasks=["learning-city"], themes=["online"],
         audiences=["seniors"], year=2020),
    case("two-shared-newer", tasks=["learning-city"], themes=["senior-education"],
         audiences=["seniors"], year=2023),
    case("one-shared-b", tasks=["learning-city"], themes=["online"], audiences=[]),
    case("one-shared-a", tasks=["learning-city"], themes=["online"], audiences=[]),
    case("three-shared", tasks=["learning-city"],
         themes=["online", "senior-education"], audiences=["seniors"], year=2019),
    case("other-task", tasks=["digital-university"],
         themes=["online", "senior-education"], audiences=["seniors"]),
    case("linked", tasks=["learning-city"],
         themes=["online", "senior-education"], audiences=["seniors"]),
    case("no-overlap", tasks=["learning-city"], themes=[], audiences=[]),
]


def test_similar_cases_share_the_task_and_the_most_themes(tmp_path: Path) -> None:
    index = index_of(tmp_path, SIMILAR)
    got = [r.id for r in index.similar_cases(index.by_id["me"])]
    # most shared first; equal: newer year first, then id; never itself, another
    # task, a record already under 相关记录, or one sharing nothing while enough do
    assert got == ["three-shared", "two-shared-newer", "two-shared", "one-shared-a",
                   "one-shared-b"]
    assert len(got) == SIMILAR_MAX


def test_similar_cases_fill_up_with_cases_of_the_same_task(tmp_path: Path) -> None:
    index = index_of(tmp_path, [
        case("lonely", tasks=["digital-university"], themes=["credit-bank"], audiences=[]),
        case("mate", tasks=["digital-university"], themes=["credit-bank"], audiences=[]),
        case("same-task-old", tasks=["digital-university"], themes=[], audiences=[], year=2019),
        case("same-task-new", tasks=["digital-university"], themes=[], audiences=[], year=2022),
        case("same-task-newest", tasks=["digital-university"], themes=[], audiences=[],
             year=2023),
        case("elsewhere", tasks=["learning-city"], themes=["credit-bank"], audiences=[]),
    ])
    got = [r.id for r in index.similar_cases(index.by_id["lonely"])]
    assert got == ["mate", "same-task-newest", "same-task-new"]


def test_record_page_shows_similar_cases_and_each_related_record_once(tmp_path: Path) -> None:
    records = [*SIMILAR,
               case("province-exp", kind="regional-experience", region="guangdong",
                    cases=["city-case"]),
               case("city-case", region="yunfu", cases=["province-exp"])]
    index = index_of(tmp_path, records)
    me = index.by_id["me"]
    html = render_record(View(index, SiteOptions(), me.url), me).html
    similar = html[html.index('id="similar"'):html.index('id="sources"')]
    assert re.findall(r'data-record-id="([^"]+)"', similar)[:2] == ["three-shared",
                                                                   "two-shared-newer"]
    city = index.by_id["city-case"]
    page = render_record(View(index, SiteOptions(), city.url), city).html
    related = page[page.index('id="related"'):page.index('id="similar"')
                   if 'id="similar"' in page else page.index('id="sources"')]
    assert related.count('href="../../cases/province-exp/"') == 1
    assert page.count("最后更新") == 1


def test_levels_read_as_readers_say_them(tmp_path: Path) -> None:
    index = index_of(tmp_path, [
        case("sh-city", region="shanghai", level="provincial"),
        case("sh-district", region="shanghai", level="county"),
        case("gd-prov", region="guangdong", level="provincial"),
        ("policy", synthetic_record("policy", "sh-policy", region="shanghai", level="provincial")),
    ])
    v = View(index, SiteOptions(), "")
    labels = {rid: v.level_label(index.by_id[rid])
              for rid in ("sh-city", "sh-district", "gd-prov", "sh-policy")}
    assert labels == {"sh-city": "市级（直辖市）", "sh-district": "区县级", "gd-prov": "省级",
                      "sh-policy": "市级（直辖市）"}
    district = render_record(View(index, SiteOptions(), "cases/sh-district/"),
                             index.by_id["sh-district"]).html
    assert "<dt>实施层级</dt><dd>区县级</dd>" in district and "县级</dd>" not in \
        district.replace("区县级</dd>", "")


def test_type_filters_offer_only_values_with_records(tmp_path: Path) -> None:
    index = index_of(tmp_path, [
        case("a", region="yunfu", tasks=["learning-city"], status="complete", year=2022),
        case("b", region="guangdong", tasks=["learning-city"], status="stub", year=2023),
        ("course", synthetic_record("course", "c", region="shanghai")),
    ])
    groups = {g.param: g.options for g in type_filters(index, "case")}
    assert groups["region"] == [("guangdong", "广东省", 2)]        # cities roll up
    assert groups["task"] == [("learning-city", "学习型城市", 2)]
    assert groups["year"] == [(2023, "2023年", 1), (2022, "2022年", 1)]
    assert groups["status"] == [("complete", "内容完整", 1), ("stub", "仅有简介", 1)]


# --- the real site ---------------------------------------------------------------------

def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_browse_indexes_list_terms_with_records_first(built_site: Path) -> None:
    for rel in ("regions/index.html", "kinds/index.html"):
        page = read(built_site, rel)
        body = page[page.index("<h1"):page.index("</article")]
        linked = body.index('class="cb-count">（')
        none_yet = body.index('id="none-yet"')
        assert linked < none_yet, rel
        after = body[none_yet:]
        names = re.search(r'<p class="cb-none-yet">(.*?)</p>', after).group(1)
        assert "<a" not in names and "、" in names, rel
        assert "推荐案例" in after
    regions = read(built_site, "regions/index.html")
    assert "北京市" in regions and 'href="../regions/beijing/"' not in regions


def test_listings_link_their_filters_to_the_search_page(built_site: Path) -> None:
    for rel, rtype in (("cases/index.html", "case"), ("courses/index.html", "course"),
                       ("policies/index.html", "policy")):
        page = read(built_site, rel)
        bar = page[page.index('class="cb-filter-bar"'):page.index("</nav>",
                                                                 page.index("cb-filter-bar"))]
        hrefs = re.findall(r'href="([^"]+)"', bar)
        queries = [parse_qs(urlsplit(h.replace("&amp;", "&")).query) for h in hrefs]
        assert all(urlsplit(h).path == "../search/" for h in hrefs), rel
        assert all(q["type"] == [rtype] for q in queries), rel
        assert {"region", "task", "year"} <= {k for q in queries for k in q}, rel
        assert any(q.get("status") == ["complete"] for q in queries) or \
            "只看内容完整的" not in bar


def test_a_region_without_records_explains_how_to_recommend(tmp_path: Path) -> None:
    from casebook.render.pages import plan

    index = index_of(tmp_path, SIMILAR)  # every record is in Shanghai
    options = SiteOptions(feedback_url="https://example.org/recommend")
    specs = {p.url: p for p in plan(index, options)}
    empty = specs["regions/beijing/"].render(index, options).html
    assert "尚无记录" in empty and 'href="https://example.org/recommend">推荐案例</a>' in empty
    index_page = specs["regions/"].render(index, options).html
    assert 'href="../regions/beijing/"' not in index_page and "北京市" in index_page
