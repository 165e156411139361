"""One-off pages: home, the five-region comparison and the statistics."""
from __future__ import annotations

from casebook.charts import TILE_GRID, Bar, bar_chart, ranked, tile_cartogram
from casebook.relate import Index
from casebook.render.record import COMPARISON_DIMENSIONS, Rendered
from casebook.render.view import SiteOptions, View, render_template

SITE_NAME = "学习型社会建设案例库"


def key_tasks(index: Index) -> list[dict]:
    tasks = [t for t in index.terms.get("tasks", {}).values() if t.get("group") == "key"]
    return sorted(tasks, key=lambda t: t.get("order", 99))


def all_tasks(index: Index) -> list[dict]:
    return sorted(index.terms.get("tasks", {}).values(), key=lambda t: t.get("order", 99))


def _home(v: View) -> Rendered:
    index = v.index
    regions = {r.data.get("region") for r in index.records}
    html = render_template(
        "home.html", v=v, site_name=SITE_NAME,
        counts={t: len(rs) for t, rs in index.by_type.items()},
        region_count=len(regions - {None, "quanguo"}),
        experiences=index.all_experiences(), tasks=key_tasks(index),
        task_counts=index.counts("tasks"), latest=index.latest(v.options.latest))
    return Rendered(str(html), [("experiences", "五地经验"), ("tasks", "五项重点任务"),
                                ("latest", "最近更新"), ("browse", "浏览方式")])


def _compare(v: View) -> Rendered:
    html = render_template("compare.html", v=v, experiences=v.index.all_experiences(),
                           dims=COMPARISON_DIMENSIONS)
    return Rendered(str(html), [("table", "对比表"), ("cases", "各地案例")])


def _stats(v: View) -> Rendered:
    index = v.index
    region_counts = index.counts("regions")
    names = {rid: index.name("regions", rid) for rid in TILE_GRID}
    provinces, empty_provinces = ranked(region_counts, list(TILE_GRID))
    cartogram = tile_cartogram(region_counts, names,
                               lambda rid: v.href(v.term_url("regions", rid)))
    region_bars = [Bar(names[p], region_counts[p], v.href(v.term_url("regions", p)))
                   for p in provinces]
    task_counts = index.counts("tasks")
    tasks = all_tasks(index)
    task_bars = [Bar(t.get("short") or t["name"], task_counts.get(t["id"], 0),
                     v.href(v.term_url("tasks", t["id"]))) for t in tasks]
    years = sorted(index.groups.get("years", {}))
    year_counts = index.counts("years")
    year_bars = [Bar(f"{y}年", year_counts[y], v.href(v.term_url("years", y))) for y in years]
    html = render_template(
        "stats.html", v=v, cartogram=cartogram,
        region_chart=bar_chart(region_bars, "有记录的省级地区及记录数", "by-region-bars"),
        provinces=provinces, empty_provinces=empty_provinces,
        region_counts=region_counts, tasks=tasks, task_counts=task_counts,
        task_chart=bar_chart(task_bars, "各重点任务的记录数", "by-task-bars"),
        years=years, year_counts=year_counts,
        year_chart=bar_chart(year_bars, "各年度的记录数", "by-year-bars"),
        type_counts={t: len(rs) for t, rs in index.by_type.items()})
    return Rendered(str(html), [("by-region", "按地区"), ("by-task", "按重点任务"),
                                ("by-year", "按年度")])


def special_pages(index: Index, options: SiteOptions) -> list:
    from casebook.render.about import about_page
    from casebook.render.pages import PageSpec

    return [
        *about_page(options),
        PageSpec("", SITE_NAME, _home, hide=("navigation", "toc"),
                 description="学习型社会建设的典型案例、课程和政策文件，按地区、重点任务浏览。"),
        PageSpec("compare/", "五地经验对比", _compare, hide=("navigation", "toc"),
                 description="天津、上海、浙江、重庆、广东五地学习型社会建设经验的对比。"),
        PageSpec("stats/", "统计", _stats, hide=("navigation",),
                 description="案例库记录数按地区、重点任务和年度的统计图表。"),
    ]


