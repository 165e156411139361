"""Canonical text and query terms (casebook.search.normalize, tokenize), and
agreement between Python and the browser's tokenize.js."""
from __future__ import annotations

import json
import random

import pytest

from casebook.search.normalize import normalize, t2s_buckets, t2s_table
from casebook.search.tokenize import canonical, matches, query_terms, runs


def test_normalize_folds_width_case_and_traditional():
    assert normalize("學分銀行 終身學習") == "学分银行 终身学习"
    assert normalize("ＡＢＣ２０２３") == "abc2023"
    assert normalize("教職成函〔2023〕9號") == "教职成函〔2023〕9号"
    assert normalize("Café") == "cafe"


def test_t2s_table_is_idempotent_and_split_in_blocks():
    table = t2s_table()
    assert table["學"] == "学" and table["銀"] == "银"
    assert all(table.get(v, v) == v for v in table.values())
    merged = {}
    for part in t2s_buckets().values():
        data = json.loads(part)
        assert len(list(data["from"])) == len(list(data["to"]))
        merged.update(zip(list(data["from"]), list(data["to"]), strict=True))
    assert merged == table


def test_runs_and_terms():
    assert runs("15分钟社区学习圈，教职成函〔2023〕9号") == [
        "15分钟社区学习圈", "教职成函", "2023", "9号"]
    assert canonical("教職成函〔2023〕9號") == "教职成函 2023 9号"
    assert query_terms("学分银行  上海 學分銀行 ，。") == ["学分银行", "上海"]
    assert query_terms("，。！") == []


@pytest.mark.parametrize("query,text,expected", [
    ("数字鸿沟", "帮助老年人跨越数字鸿沟。", True),
    ("一网通学", "上海“一网通学”平台", True),
    ("智慧助老", "智慧城市助老服务", False),          # the bigrams occur, the term does not
    ("15分钟社区学习圈", "建设15分钟社区学习圈", True),
    ("教职成函〔2023〕9号", "依据教职成函〔2023〕9号文件", True),
    ("教职成函(2023)9号", "依据教职成函〔2023〕9号文件", True),  # punctuation is a separator
    ("學分銀行", "学分银行", True),
    ("学分银行", "學分銀行", True),
    ("学分 上海", "上海学分银行", True),
    ("学分 北京", "上海学分银行", False),
    ("习，提", "学习，提高", True),
    ("学习提", "学习，提高", False),
])
def test_index_agrees_with_truth(query, text, expected):
    assert matches(query, text) is expected



def agreement_inputs() -> list[str]:
    rng = random.Random(7)
    alphabet = list("学习型社会建设學習銀行終身教育ＡＢＣ２０２３abcXYZ-·，。〔〕（）「」"
                    " \u3000\t\nÉéİß①½〇𠀋㐀")
    fixed = ["學分銀行 終身學習", "教職成函〔2023〕9號", "15分钟社区学习圈", "Café ÉCOLE",
             "ＡＢＣ２０２３", "区校终身学习联合体", "一网通学", "  学  ", "，。！", ""]
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
               for _ in range(200)]
    return fixed + randoms


def test_javascript_tokeniser_agrees_with_python(site_url, page):
    """tokenize.js (the browser's query side) gives the same results as Python."""
    inputs = agreement_inputs()
    page.goto(f"{site_url}/search/")
    buckets = sorted(t2s_buckets())
    got = page.evaluate(
        """async ([inputs, buckets]) => {
            const asset = (name) => new URL(`../assets/search/${name}`, location.href).href;
            const tok = await import(asset("tokenize.js"));
            for (const b of buckets) {
              tok.useT2S(await (await fetch(asset(`t2s/${b}.json`))).json());
            }
            return inputs.map((s) => ({
              normalize: tok.normalize(s),
              runs: tok.runs(tok.normalize(s)),
              canonical: tok.canonical(s),
              terms: tok.queryTerms(s),
            }));
        }""", [inputs, buckets])
    for text, js in zip(inputs, got, strict=True):
        expected = {
            "normalize": normalize(text),
            "runs": runs(normalize(text)),
            "canonical": canonical(text),
            "terms": query_terms(text),
        }
        assert js == expected, f"Python and JavaScript disagree on {text!r}"
