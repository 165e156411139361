"""`casebook.taxonomy.Taxonomy`: lookups, did-you-mean and the region tree."""
from __future__ import annotations

from pathlib import Path

import pytest

from casebook.paths import CONTENT
from casebook.taxonomy import Taxonomy, normalise

FIXTURE = Path(__file__).parent / "fixtures" / "validate" / "content"

DATA = {
    "regions": [
        {"id": "quanguo", "name": "全国", "aliases": ["国家"]},
        {"id": "fujian", "name": "福建省", "aliases": ["福建", "闽"]},
        {"id": "zhangzhou", "name": "漳州市", "parent": "fujian", "aliases": ["漳州"]},
        {"id": "xiangcheng", "name": "芗城区", "parent": "zhangzhou"},
        {"id": "shanghai", "name": "上海市", "aliases": ["上海", "沪"]},
        {"id": "chongqing", "name": "重庆市", "aliases": ["重庆", "渝"]},
        {"id": "jiangjin", "name": "江津区", "parent": "chongqing"},
    ],
    "themes": [{"id": "credit-bank", "name": "学分银行", "aliases": ["终身教育学分银行"]}],
}


@pytest.fixture
def tax() -> Taxonomy:
    return Taxonomy(DATA)


def test_lookup_by_id_name_and_alias(tax: Taxonomy) -> None:
    assert tax.lookup("regions", "shanghai").id == "shanghai"
    assert tax.lookup("regions", "上海市").id == "shanghai"
    assert tax.lookup("regions", "沪").id == "shanghai"
    assert tax.lookup("regions", "ＳＨＡＮＧＨＡＩ ").id == "shanghai"  # width, case, spaces
    assert tax.lookup("themes", "沪") is None
    assert tax.lookup("nope", "沪") is None
    assert tax.has("regions", "fujian") and not tax.has("regions", "福建")
    assert tax.name("regions", "zhangzhou") == "漳州市"
    assert tax.name("regions", "unknown") == "unknown"
    assert tax.vocabularies == ["regions", "themes"]
    assert tax.ids("themes") == ["credit-bank"]
    assert str(tax.get("regions", "shanghai")) == '"shanghai"（上海市）'


@pytest.mark.parametrize("text, expected", [
    ("渝", "chongqing"),             # exact alias first
    ("上海市浦东新区", "shanghai"),    # a name contained in the text
    ("重庆", "chongqing"),
    ("shangai", "shanghai"),          # fuzzy over ids
    ("漳州市区", "zhangzhou"),
])
def test_suggest(tax: Taxonomy, text: str, expected: str) -> None:
    assert tax.suggest("regions", text)[0].id == expected


def test_suggest_gives_nothing_for_nonsense(tax: Taxonomy) -> None:
    assert tax.suggest("regions", "qqqqqqqq") == []
    assert tax.suggest("regions", "") == []
    assert tax.suggest("regions", None) == []  # type: ignore[arg-type]


def test_region_tree(tax: Taxonomy) -> None:
    assert tax.parent("regions", "xiangcheng").id == "zhangzhou"
    assert [t.id for t in tax.ancestors("regions", "xiangcheng")] == ["zhangzhou", "fujian"]
    assert tax.ancestors("regions", "fujian") == []
    assert [t.id for t in tax.children("regions", "fujian")] == ["zhangzhou"]
    assert [t.id for t in tax.descendants("regions", "fujian")] == ["zhangzhou", "xiangcheng"]
    assert [t.id for t in tax.descendants("regions", "chongqing")] == ["jiangjin"]


def test_cycles_do_not_hang() -> None:
    tax = Taxonomy({"regions": [{"id": "a", "name": "A", "parent": "b"},
                                {"id": "b", "name": "B", "parent": "a"},
                                {"id": "c", "name": "C", "parent": "c"},
                                {"id": "d", "name": "D", "parent": "a"}]})
    assert [t.id for t in tax.ancestors("regions", "a")] == ["b"]
    assert {t.id for t in tax.descendants("regions", "a")} == {"b", "d"}
    assert tax.has_cycle("regions", "a") and tax.has_cycle("regions", "c")
    assert not tax.has_cycle("regions", "d")


@pytest.mark.parametrize("junk", [None, [], "text", {"regions": "x"}, {"regions": [1, None]},
                                  {"regions": [{"name": "无 id"}, {"id": 5}]}, {1: []}])
def test_junk_is_tolerated(junk: object) -> None:
    tax = Taxonomy(junk)
    assert tax.terms("regions") == []
    assert tax.suggest("regions", "上海") == []


def test_first_term_wins_on_duplicate_ids() -> None:
    tax = Taxonomy({"themes": [{"id": "x", "name": "甲"}, {"id": "x", "name": "乙"}]})
    assert [t.name for t in tax.terms("themes")] == ["甲"]


def test_normalise() -> None:
    assert normalise(" Ｓhang hai\u3000") == "shanghai"


def test_real_taxonomy_loads() -> None:
    tax = Taxonomy.load(CONTENT)
    for vocab in ("regions", "tasks", "case_kinds", "levels", "audiences", "themes",
                  "course_formats"):
        assert tax.terms(vocab), vocab
    assert tax.has("regions", "quanguo")


def test_load_from_a_tree_and_a_missing_one(tmp_path: Path) -> None:
    assert Taxonomy.load(FIXTURE).has("regions", "zhangzhou")
    assert Taxonomy.load(tmp_path).vocabularies == []
