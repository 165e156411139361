"""Collections (专题): validation with file/line/field errors, resolution of
saved filters and ordered lists, the generated pages and per-collection
exports (synthetic tree), and the three real collections (session build).
Browser checks (QR code, embed, print) are in test_collections_browser.py."""
from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import synthetic_record, write_content
from linkcheck import check_site

from bench.measure import build_site
from casebook.collections import collections_for, load_collections, record_matches
from casebook.load import load_corpus, record_files
from casebook.paths import COLLECTION_DIR, CONTENT
from casebook.relate import build_index
from casebook.validate import Problem, validate_tree
from scripts.validate import main as validate_main

ATOM = "{http://www.w3.org/2005/Atom}"
REAL = ("zhihui-zhulao", "xuefen-yinhang-zige-kuangjia", "wudi-jingyan")
FIVE = ["tianjin-jingyan", "shanghai-yangben", "zhejiang-shifan", "chongqing-mima",
        "guangdong-fangan"]

# A small corpus that exercises every filter key: regions with a parent
# (shapingba < chongqing), OR within a list, AND across keys, types, years.
RECORDS = [
    ("case", synthetic_record("case", "sh-bank", title="上海学分银行合成案例",
                              themes=["credit-bank"], year=2023)),
    ("case", synthetic_record("case", "spb-shougong", title="沙坪坝合成案例", region="shapingba",
                              themes=["local-culture"], year=2022)),
    ("case", synthetic_record("case", "cq-exp", title="重庆合成地方经验", region="chongqing",
                              kind="regional-experience", year=2021,
                              themes=["qualifications-framework"])),
    ("course", synthetic_record("course", "zj-course", title="浙江合成课程", region="zhejiang",
                                themes=["qualifications-framework"], audiences=["seniors"],
                                year=2023)),
    ("policy", synthetic_record("policy", "cq-policy", title="重庆合成政策", region="chongqing",
                                year=2022, updated="2024-06-01")),
]


def collection(cid: str, **fields: object) -> dict:
    """A valid collection dict; `fields` override (None removes a field)."""
    data: dict = {"id": cid, "title": f"合成专题 {cid}", "subtitle": "只用于测试的合成专题",
                  "intro": "用于检验专题功能的**合成**导语。", "curator": "测试编者",
                  "created": "2024-01-01", "updated": "2024-02-01",
                  "items": [{"id": "sh-bank", "note": "编者按示例"}, {"id": "cq-policy"}]}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def write_collection(root: Path, data: dict | str, name: str | None = None) -> Path:
    folder = root / COLLECTION_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{name or data['id']}.yml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True,
                                                              sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content", RECORDS)


def problems_of(root: Path, path: Path) -> list[Problem]:
    return [p for p in validate_tree(root) if p.path == str(path)]


def only(problems: list[Problem], field: str) -> Problem:
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, "\n".join(p.format() for p in problems)
    return found[0]


# --- validation -------------------------------------------------------------------

def test_valid_collections_pass(tree: Path) -> None:
    write_collection(tree, collection("by-list"))
    write_collection(tree, collection("by-filter", items=None, sort="title",
                                      filter={"region": "chongqing", "type": ["case", "policy"]}))
    assert validate_tree(tree) == []


def test_unknown_record_id_names_file_line_field_and_suggests(tree: Path) -> None:
    path = write_collection(tree, textwrap.dedent("""\
        id: typo
        title: 拼错编号的专题
        intro: 导语。
        curator: 测试编者
        created: "2024-01-01"
        updated: "2024-01-01"
        items:
          - id: sh-bank
          - id: cq-polcy
            note: 拼错了
          - id: 重庆合成政策
        """), "typo")
    problems = problems_of(tree, path)
    missing = only(problems, "items[1].id")
    assert (missing.line, missing.col) == (9, 9)
    assert '找不到 id 为 "cq-polcy" 的记录' in missing.message
    assert '"cq-policy"' in missing.suggestion and "重庆合成政策" in missing.suggestion
    by_title = only(problems, "items[2].id")   # a title where the id belongs
    assert '"cq-policy"' in by_title.suggestion
    assert missing.format().startswith(f"{path}:9:9: items[1].id: ")


def test_renamed_record_id_points_to_new_id(tree: Path) -> None:
    record = tree / "cases" / "sh-bank.yml"
    record.write_text(record.read_text(encoding="utf-8") + "aliases: [old-bank]\n",
                      encoding="utf-8")
    path = write_collection(tree, collection("renamed", items=[{"id": "old-bank"}]))
    problem = only(problems_of(tree, path), "items[0].id")
    assert "旧编号" in problem.message and '"sh-bank"' in problem.suggestion


def test_empty_list_and_duplicate_items(tree: Path) -> None:
    empty = write_collection(tree, collection("empty-list", items=[]))
    problem = only(problems_of(tree, empty), "items")
    assert "列表为空" in problem.message and "filter" in problem.suggestion
    dup = write_collection(tree, collection("dup", items=[{"id": "sh-bank"}, {"id": "sh-bank"}]))
    assert "重复" in only(problems_of(tree, dup), "items[1].id").message


@pytest.mark.parametrize("flt, field, expected, suggestion", [
    ({"topic": "credit-bank"}, "filter.topic", "未知字段", "theme"),
    ({"theme": ["credit-bnk"]}, "filter.theme[0]", '未知主题 "credit-bnk"', '"credit-bank"'),
    ({"region": "上海"}, "filter.region", '未知地区 "上海"', '"shanghai"'),
    ({"type": "cases"}, "filter.type", '未知记录类型 "cases"', '"case"'),
    ({"year": "2023"}, "filter.year", "应为", "2023"),
    ({"theme": []}, "filter.theme", "列表为空", None),
])
def test_bad_filter(tree: Path, flt: dict, field: str, expected: str,
                    suggestion: str | None) -> None:
    path = write_collection(tree, collection("bad-filter", items=None, filter=flt))
    problem = only(problems_of(tree, path), field)
    assert expected in problem.message, problem.format()
    if suggestion:
        assert suggestion in (problem.suggestion or ""), problem.format()
    assert problem.line >= 7


def test_filter_that_matches_nothing_is_an_error(tree: Path) -> None:
    path = write_collection(tree, collection("nothing", items=None,
                                             filter={"region": "chongqing", "year": 2023}))
    problem = only(problems_of(tree, path), "filter")
    assert "没有匹配到任何记录" in problem.message and "items" in problem.suggestion


def test_items_and_filter_exactly_one(tree: Path) -> None:
    both = write_collection(tree, collection("both", filter={"theme": "credit-bank"}))
    assert "只能写一个" in only(problems_of(tree, both), "filter").message
    neither = write_collection(tree, collection("neither", items=None))
    problem = only(problems_of(tree, neither), "(文件)")
    assert "缺少 items 或 filter" in problem.message
    sort = write_collection(tree, collection("sorted-list", sort="year"))
    assert "只用于 filter" in only(problems_of(tree, sort), "sort").message


def test_collection_file_rules_like_records(tree: Path) -> None:
    renamed = write_collection(tree, collection("inner-id"), name="outer-name")
    assert "与文件名" in only(problems_of(tree, renamed), "id").message
    unsafe = write_collection(tree, collection("unsafe", intro="导语<script>alert(1)</script>"))
    assert "<script>" in only(problems_of(tree, unsafe), "intro").message
    unknown = write_collection(tree, collection("extra-field", colour="红"))
    assert "未知字段" in only(problems_of(tree, unknown), "colour").message
    stray = tree / COLLECTION_DIR / "notes.txt"
    stray.write_text("x", encoding="utf-8")
    assert only(problems_of(tree, stray), "(文件)").line == 1


def test_cli_checks_a_single_collection_file(tree: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    good = write_collection(tree, collection("good"))
    bad = write_collection(tree, collection("bad", items=[{"id": "nope"}]))
    assert validate_main(["--root", str(tree), str(good)]) == 0
    assert validate_main(["--root", str(tree), str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}:") and "items[0].id" in out and "无法判断" not in out


def test_real_collections_validate() -> None:
    problems = [p for p in validate_tree(CONTENT) if f"/{COLLECTION_DIR}/" in p.path]
    assert not problems, "\n".join(p.format() for p in problems)
    assert {c.id for c in load_collections(CONTENT)} >= set(REAL)


# --- resolution -------------------------------------------------------------------

def _resolved(tree: Path, flt: dict, sort: str | None = None) -> list[str]:
    write_collection(tree, collection("probe", items=None, filter=flt, sort=sort))
    index = build_index(load_corpus(tree))
    return [it.record.id for it in collections_for(index).items["probe"]]


@pytest.mark.parametrize("flt, expected", [
    ({"theme": ["credit-bank", "qualifications-framework"]}, {"sh-bank", "cq-exp", "zj-course"}),
    ({"region": "chongqing"}, {"spb-shougong", "cq-exp", "cq-policy"}),   # includes districts
    ({"region": "shapingba"}, {"spb-shougong"}),
    ({"region": ["shanghai", "zhejiang"]}, {"sh-bank", "zj-course"}),
    ({"region": "chongqing", "year": 2022}, {"spb-shougong", "cq-policy"}),
    ({"region": "chongqing", "type": "policy"}, {"cq-policy"}),
    ({"kind": "regional-experience"}, {"cq-exp"}),
    ({"audience": "seniors", "theme": "qualifications-framework"}, {"zj-course"}),
    ({"task": "learning-city", "year": [2021, 2023]}, {"sh-bank", "cq-exp", "zj-course"}),
])
def test_filter_resolves_to_the_right_records(tree: Path, flt: dict, expected: set) -> None:
    assert set(_resolved(tree, flt)) == expected


def test_filter_sort_orders(tree: Path) -> None:
    flt = {"region": "chongqing"}
    assert _resolved(tree, flt) == ["cq-exp", "spb-shougong", "cq-policy"]  # type, experience
    assert _resolved(tree, flt, "year") == ["cq-policy", "spb-shougong", "cq-exp"]
    assert _resolved(tree, flt, "updated")[0] == "cq-policy"
    assert _resolved(tree, flt, "title") == sorted(
        ["spb-shougong", "cq-exp", "cq-policy"],
        key=lambda rid: dict((d["id"], d["title"]) for _, d in RECORDS)[rid])


def test_items_keep_order_and_notes_and_feed_included_in(tree: Path) -> None:
    write_collection(tree, collection("listed", items=[{"id": "cq-policy"},
                                                       {"id": "sh-bank", "note": "看这里"}]))
    write_collection(tree, collection("also", items=[{"id": "sh-bank"}]))
    cols = collections_for(build_index(load_corpus(tree)))
    assert [(it.record.id, it.note) for it in cols.items["listed"]] == [
        ("cq-policy", None), ("sh-bank", "看这里")]
    assert {c.id for c in cols.including["sh-bank"]} == {"listed", "also"}
    assert "spb-shougong" not in cols.including


def test_record_matches_on_raw_data() -> None:
    def ancestors(region: str) -> list[str]:
        return {"shapingba": ["chongqing"]}.get(region, [])
    data = {"region": "shapingba", "themes": ["local-culture"], "year": 2022}
    assert record_matches({"region": "chongqing"}, "case", data, ancestors)
    assert record_matches({"theme": ["x", "local-culture"], "type": "case"}, "case", data,
                          ancestors)
    assert not record_matches({"region": "chongqing", "type": "course"}, "case", data, ancestors)
    assert not record_matches({"kind": "local-programme"}, "course", data, ancestors)


# --- a synthetic build: pages, exports, redirects, 收录于 -----------------------------

@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("collections-site")
    root = write_content(base / "content", RECORDS)
    write_collection(root, collection("listed", aliases=["old-listed"], occasion="测试活动周",
                                      title='带"引号"与<尖括号>的专题'))
    write_collection(root, collection("chongqing-all", items=None, sort="year",
                                      filter={"region": "chongqing"}))
    result = build_site(base / "site", content=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def test_synthetic_pages_and_files(synthetic_site: Path) -> None:
    for cid in ("listed", "chongqing-all"):
        for rel in (f"collections/{cid}/index.html", f"embed/collections/{cid}/index.html",
                    *(f"collections/{cid}/{f}" for f in ("items.json", "items.csv",
                                                         "feed.xml"))):
            assert (synthetic_site / rel).is_file(), rel
    index = (synthetic_site / "collections/index.html").read_text(encoding="utf-8")
    for cid in ("listed", "chongqing-all"):
        assert f'href="../collections/{cid}/"' in index, cid
    page = (synthetic_site / "collections/listed/index.html").read_text(encoding="utf-8")
    assert "测试活动周" in page and "编者按示例" in page
    assert "带&#34;引号&#34;与&lt;尖括号&gt;的专题" in page or \
        "带&quot;引号&quot;与&lt;尖括号&gt;的专题" in page
    assert "<尖括号>" not in page


def test_synthetic_exports_follow_the_collection(synthetic_site: Path) -> None:
    folder = synthetic_site / "collections/chongqing-all"
    data = json.loads((folder / "items.json").read_text(encoding="utf-8"))
    ids = [row["id"] for row in data["items"]]
    assert ids == ["cq-policy", "spb-shougong", "cq-exp"] and data["count"] == 3
    assert data["collection"]["filter"] == {"region": "chongqing"}
    assert [row["position"] for row in data["items"]] == [1, 2, 3]
    raw = (synthetic_site / "collections/listed/items.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["position"], r["id"], r["note"]) for r in rows] == [
        ("1", "sh-bank", "编者按示例"), ("2", "cq-policy", "")]
    feed = ET.parse(folder / "feed.xml").getroot()
    assert [e.findtext(f"{ATOM}id").rstrip("/").rsplit("/", 1)[1]
            for e in feed.findall(f"{ATOM}entry")] == ids
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href").endswith(
        "/collections/chongqing-all/")


def test_synthetic_aliases_redirect_page_and_embed(synthetic_site: Path) -> None:
    for rel in ("collections/old-listed/index.html", "embed/collections/old-listed/index.html"):
        html = (synthetic_site / rel).read_text(encoding="utf-8")
        assert 'url=../listed/' in html, rel


def test_synthetic_record_pages_show_included_in(synthetic_site: Path) -> None:
    page = (synthetic_site / "cases/sh-bank/index.html").read_text(encoding="utf-8")
    section = page.split('id="collections"', 1)[1].split("</section>", 1)[0]
    assert "收录于" in page and 'href="../../collections/listed/"' in section
    policy = (synthetic_site / "policies/cq-policy/index.html").read_text(encoding="utf-8")
    assert 'href="../../collections/listed/"' in policy
    assert 'href="../../collections/chongqing-all/"' in policy
    course = (synthetic_site / "courses/zj-course/index.html").read_text(encoding="utf-8")
    assert 'id="collections"' not in course   # in no collection: no empty section


def test_synthetic_collections_are_not_records(synthetic_site: Path) -> None:
    rows = json.loads((synthetic_site / "data/records.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in rows["records"]) == sorted(d["id"] for _, d in RECORDS)
    assert not (synthetic_site / "cases/listed").exists()


def test_synthetic_links_resolve(synthetic_site: Path) -> None:
    problems = check_site(synthetic_site)
    assert not problems, "\n".join(p.format() for p in problems[:20])


# --- the real content (session build) -------------------------------------------------

def _items(site: Path, cid: str) -> dict:
    return json.loads((site / f"collections/{cid}/items.json").read_text(encoding="utf-8"))


def test_real_collections_are_built_and_listed(public_site: Path) -> None:
    index = (public_site / "collections/index.html").read_text(encoding="utf-8")
    home = (public_site / "index.html").read_text(encoding="utf-8")
    tab = re.search(r'<a href="(?:\./)?collections/" class="md-tabs__link">(.*?)</a>', home, re.S)
    assert tab and "专题" in tab.group(1), "专题 missing from the nav tabs"
    for cid in REAL:
        assert f'href="../collections/{cid}/"' in index, cid
        for rel in ("index.html", "qr.svg", "items.json", "items.csv", "feed.xml"):
            assert (public_site / "collections" / cid / rel).is_file(), (cid, rel)
        assert (public_site / "embed/collections" / cid / "index.html").is_file()


def test_five_regions_in_order(built_site: Path) -> None:
    data = _items(built_site, "wudi-jingyan")
    assert [row["id"] for row in data["items"]] == FIVE
    assert all(row.get("note") for row in data["items"])


def test_smart_ageing_items_are_on_topic(built_site: Path) -> None:
    rows = _items(built_site, "zhihui-zhulao")["items"]
    assert len(rows) >= 5 and all(row.get("note") for row in rows)
    for row in rows:
        text = json.dumps(row, ensure_ascii=False)
        on_topic = "smart-ageing" in row["themes"] or "智慧助老" in text or "数字鸿沟" in text
        assert on_topic, row["id"]


def test_credit_bank_filter_matches_records_json(built_site: Path) -> None:
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))
    wanted = {r["id"] for r in records["records"]
              if {"credit-bank", "qualifications-framework"} & set(r.get("themes", []))}
    data = _items(built_site, "xuefen-yinhang-zige-kuangjia")
    assert data["collection"]["filter"]
    assert {row["id"] for row in data["items"]} == wanted and wanted


def test_real_records_show_included_in(built_site: Path) -> None:
    for rid in FIVE:
        page = (built_site / "cases" / rid / "index.html").read_text(encoding="utf-8")
        assert 'href="../../collections/wudi-jingyan/"' in page, rid


def test_collections_stay_out_of_record_exports(built_site: Path) -> None:
    records = json.loads((built_site / "data/records.json").read_text(encoding="utf-8"))
    assert records["count"] == len(record_files(CONTENT))
    assert not {r["id"] for r in records["records"]} & set(REAL)


def test_real_embed_pages_are_standalone(public_site: Path) -> None:
    for cid in REAL:
        html = (public_site / "embed/collections" / cid / "index.html").read_text(encoding="utf-8")
        assert "<script" not in html and "<nav" not in html and "<header" not in html
        assert 'rel="stylesheet"' not in html and "<style>" in html
        anchors = re.findall(r"<a\s[^>]*>", html)
        assert anchors and all('target="_blank"' in a and 'rel="noopener"' in a
                               for a in anchors), cid
        assert re.search(rf'<link rel="canonical" href="[^"]*/collections/{cid}/">', html)


def test_real_page_offers_embed_snippet_and_downloads(public_site: Path) -> None:
    page = (public_site / "collections/wudi-jingyan/index.html").read_text(encoding="utf-8")
    snippet = re.search(r'<textarea[^>]*id="cb-embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert snippet and "&lt;iframe src=&#34;http" in snippet.group(1) \
        and "/embed/collections/wudi-jingyan/" in snippet.group(1)
    for href in ('href="qr.svg" download=', 'href="items.json"', 'href="items.csv"',
                 'href="feed.xml"'):
        assert href in page, href


def test_an_invalid_collection_stops_the_build(tmp_path: Path) -> None:
    root = write_content(tmp_path / "content", RECORDS)
    path = write_collection(root, collection("broken", items=[{"id": "sh-bnk"}]))
    result = build_site(tmp_path / "site", content=root)
    assert result.returncode != 0
    assert f"{path}:" in result.stderr and "items[0].id" in result.stderr
    assert '"sh-bank"' in result.stderr
