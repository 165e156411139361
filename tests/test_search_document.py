"""What the search indexes for a record (casebook.search.document)."""
from __future__ import annotations

from pathlib import Path

from casebook.load import Record, load_taxonomy
from casebook.search.document import Labels, record_doc, search_text

CASE = {
    "id": "zhangzhou-test", "title": "漳州“15分钟社区学习圈”", "kind": "local-programme",
    "region": "zhangzhou", "tasks": ["learning-city"], "year": 2024,
    "summary": "一个**测试**摘要。", "audiences": ["seniors"], "themes": ["learning-circle"],
    "status": "complete", "updated": "2026-11-23", "policies": ["some-policy-id"],
    "sources": [{"title": "来源", "issuer": "机关", "date": "2024",
                 "section": "一", "url": "https://example.org/secret-path"}],
    "results": [{"what": "学习点", "value": 120, "unit": "个"}],
    "practices": ["见[链接文字](https://example.org/x)"],
}


def doc():
    labels = Labels(load_taxonomy())
    record = Record("case", Path("content/cases/zhangzhou-test.yml"), CASE)
    return record_doc(record, labels), labels


def test_text_has_fields_and_taxonomy_names_not_ids_or_urls():
    d, labels = doc()
    text = search_text(Record("case", Path("x.yml"), CASE), labels)
    assert text.startswith("漳州“15分钟社区学习圈”")
    for expected in ("测试", "学习点", "120", "个", "链接文字", "漳州市", "老年人", "案例",
                     "加强新时代学习型城市建设", "地方特色项目"):
        assert expected in text, expected
    for absent in ("zhangzhou-test", "some-policy-id", "example.org", "2026-11-23", "**"):
        assert absent not in text, absent
    assert d.text == text


def test_facets_carry_region_ancestors_and_ids():
    d, _ = doc()
    assert d.filters["region"] == ["zhangzhou", "fujian"]
    assert d.filters["type"] == ["case"]
    assert d.filters["task"] == ["learning-city"]
    assert d.filters["kind"] == ["local-programme"]
    assert d.filters["year"] == ["2024"]
    assert d.filters["audience"] == ["seniors"]
    assert d.url == "cases/zhangzhou-test/"
    assert d.meta["region"] == "漳州市" and d.meta["type"] == "案例"


def test_heads_are_title_and_document_number_and_status_is_a_facet():
    d, _ = doc()
    assert d.heads == ["漳州“15分钟社区学习圈”"]
    assert d.filters["status"] == ["complete"] and d.meta["status"] == "内容完整"
    assert d.id == "zhangzhou-test"
    policy = Record("policy", Path("content/policies/p.yml"),
                    {**CASE, "id": "p", "doc_no": "教职成函〔2023〕9号"})
    assert record_doc(policy, Labels(load_taxonomy())).heads[1] == "教职成函〔2023〕9号"
