"""The search tokeniser (casebook.search): normalisation, tokens, query plans,
and agreement between the Python indexer and the JavaScript query side."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.search.normalize import normalize, t2s_buckets, t2s_table
from casebook.search.table import CHAR_BLOCK
from casebook.search.tokenize import (
    canonical,
    gram_tokens,
    index_tokens,
    matches,
    plan_query,
    query_tokens,
    runs,
    token_chars,
)


def index_says(query: str, text: str) -> bool:
    """The index-side answer for a query, computed the way the search page asks:
    a character in the character table, a prefix term as the start of a token,
    any other term's tokens all there (exactly: no token starts another)."""
    tokens = set(index_tokens(text))
    chars = set(token_chars(index_tokens(text)))
    plans = plan_query(query)

    def holds(p) -> bool:
        if p.kind == "char":
            return p.tokens[0] in chars
        if p.kind == "prefix":
            return any(t.startswith(p.tokens[0]) for t in tokens)
        return all(t in tokens for t in p.tokens)
    return bool(plans) and all(holds(p) for p in plans)


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


def test_runs_and_tokens():
    assert runs("15分钟社区学习圈，教职成函〔2023〕9号") == [
        "15分钟社区学习圈", "教职成函", "2023", "9号"]
    assert index_tokens("学分银行") == ["学分银", "分银行", "银行⁀", "行⁀"]
    assert index_tokens("一一一一") == ["一一一", "一一⁀", "一⁀"]  # each token once
    assert index_tokens("一") == ["一⁀"]
    assert index_tokens("〔2023〕9号") == ["202", "023", "23‿9", "3‿9号", "9号⁀", "号⁀"]
    assert token_chars(index_tokens("學分，学分 2023")) == ["学", "分", "2", "0", "3"]
    assert index_tokens("，。") == []


def test_tokens_are_prefix_free():
    """No token starts another: Pagefind's widening of a term to the words that
    start with it, and its fallback to the longest word that starts the term,
    cannot reach a token other than the 3-gram looked up."""
    tokens = sorted(set(gram_tokens(canonical("学分银行 学分 银行卡 a1 a 1a 〔2023〕9号 2023 ab"))))
    for a, b in zip(tokens, tokens[1:], strict=False):
        assert not b.startswith(a), (a, b)


def test_query_plans():
    [plan] = plan_query("學分銀行")
    assert plan.tokens == ("学分银", "分银行") and plan.text == "学分银行" and plan.kind == "grams"
    [plan] = plan_query("学")
    assert plan.tokens == ("学",) and plan.kind == "char"
    [plan] = plan_query("学分")
    assert plan.tokens == ("学分",) and plan.kind == "prefix"
    [plan] = plan_query("区校终身学习联合体")  # 3-grams covering the term
    assert plan.tokens == ("区校终", "身学习", "联合体")
    [plan] = plan_query("区校终身学习联")  # the last one aligned with the end
    assert plan.tokens == ("区校终", "身学习", "学习联")
    [plan] = plan_query("教职成函〔2023〕9号")
    assert plan.tokens == ("教职成", "函‿20", "23‿9", "3‿9号")
    assert [p.text for p in plan_query("学分银行  上海 学分银行")] == ["学分银行", "上海"]
    tokens = query_tokens(plan_query("学分银行 上海 银行 分银行 学"))
    assert tokens == ["学分银", "分银行", "上海", "银行"]  # one character: the character table
    assert plan_query("，。！") == []


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
    assert index_says(query, text) is expected


CJK = st.sampled_from(list("学习型社会建设学分银行终身教育上海数字鸿沟一网通學習銀行"))
OTHER = st.sampled_from(list("ab12 ，。〔〕Ａ２"))
TEXT = st.lists(st.one_of(CJK, OTHER), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_every_substring_is_found(text, data):
    """Recall by construction: any substring of a text finds that text."""
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    query = text[i:j].strip()
    if plan_query(query) and " " not in query:
        assert matches(query, text)
        assert index_says(query, text)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_index_answer_contains_truth_and_is_exact_up_to_three_characters(query, text):
    """Recall by construction for any query; exact for terms of up to three
    characters, whose single token is the term itself. Longer terms may match
    a text that holds their 3-grams apart (measured on the 关于搜索 page)."""
    if matches(query, text):
        assert index_says(query, text)
    elif all(len(p.text.replace(" ", "")) <= 3 for p in plan_query(query)):
        assert not index_says(query, text)


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
              tokens: tok.indexTokens(s),
              canonical: tok.canonical(s),
              plans: tok.planQuery(s).map((p) => [p.tokens, p.text, p.kind]),
              blocks: Array.from(tok.canonical(s).replace(/ /g, "")).map(tok.charBlock),
              query: tok.queryTokens(tok.planQuery(s)),
            }));
        }""", [inputs, buckets])
    for text, js in zip(inputs, got, strict=True):
        expected = {
            "normalize": normalize(text),
            "runs": runs(normalize(text)),
            "tokens": index_tokens(text),
            "canonical": canonical(text),
            "plans": [[list(p.tokens), p.text, p.kind] for p in plan_query(text)],
            "blocks": [format(ord(c) >> CHAR_BLOCK, "x") for c in canonical(text).replace(" ", "")],
            "query": query_tokens(plan_query(text)),
        }
        assert js == expected, f"Python and JavaScript disagree on {text!r}"


def test_javascript_finds_every_chunk_a_prefix_spans(site_url, page):
    """chunksFor (tokenize.js) names every index chunk that holds a word
    starting with a given prefix, in Pagefind's byte order."""
    rng = random.Random(3)
    words = sorted({t for text in agreement_inputs() + ["学分银行 学习型城市 学校 学 老年 老"]
                    for t in gram_tokens(canonical(text))}, key=lambda w: w.encode("utf-8"))
    cuts = sorted(rng.sample(range(1, len(words)), 40))
    chunks = [words[a:b] for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    starts = [c[0] for c in chunks]
    prefixes = sorted({w[:n] for w in words for n in (1, 2)} | {"学", "学分", "老年", "zz"})
    page.goto(f"{site_url}/search/")
    got = page.evaluate(
        """async ([prefixes, starts]) => {
            const tok = await import(new URL("../assets/search/tokenize.js", location.href).href);
            return prefixes.map((p) => tok.chunksFor(p, starts));
        }""", [prefixes, starts])
    for prefix, named in zip(prefixes, got, strict=True):
        needed = [c[0] for c in chunks if any(w.startswith(prefix) for w in c)]
        assert set(needed) <= set(named), prefix
        assert len(named) <= len(needed) + 1, prefix  # at most the chunk before the range
