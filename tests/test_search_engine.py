"""The n-gram index and the Python query engine (casebook.search.postings,
casebook.search.engine): results are exactly the brute-force substring truth
over the folded text, for every query length, and ranked as promised."""
from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from search_cases import Case, random_case

from casebook.search.document import SearchDoc
from casebook.search.engine import Reader, search
from casebook.search.grams import bucket_of, cover
from casebook.search.tokenize import matches


def reader(case: Case) -> Reader:
    index = case.index()
    files = {name: json.loads(text) for name, text in index.files.items()}
    return Reader(files.__getitem__, index.buckets)


def truth(case: Case, query: str) -> list[int]:
    return [row for row, doc in enumerate(case.docs) if matches(query, doc.text)]


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_results_are_the_substring_truth(rng: random.Random):
    case = random_case(rng)
    r = reader(case)
    for query in case.queries:
        assert sorted(search(r, query)) == truth(case, query), query


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="学习學習型社会老年ＡａA1１ ，。〔〕号", min_size=0, max_size=40),
                min_size=1, max_size=5),
       st.text(alphabet="学习學習型社会老年ＡａA1１ ，。〔〕号", min_size=1, max_size=12))
def test_any_text_any_query(texts: list[str], query: str):
    docs = [SearchDoc(url=f"r/{i}/", text=t, heads=[t[:5]], meta={"title": t[:5]})
            for i, t in enumerate(texts)]
    case = Case(docs, [query])
    assert sorted(search(reader(case), query)) == truth(case, query)


def doc(row: int, title: str, body: str, heads: list[str] | None = None) -> SearchDoc:
    return SearchDoc(url=f"r/{row}/", text=f"{title}\n{body}", heads=heads or [title],
                     meta={"title": title})


def test_exact_document_number_then_title_hits_then_row_order():
    docs = [doc(0, "老年教育的做法", "提到教职成函〔2023〕9号的落实。"),
            doc(1, "关于教职成函〔2023〕9号的解读", "正文。"),
            doc(2, "学习型社会建设重点任务", "教职成函〔2023〕9号。正文。",
                ["学习型社会建设重点任务", "教职成函〔2023〕9号"]),
            doc(3, "另一个案例", "引用教職成函〔2023〕9號。")]
    r = reader(Case(docs, []))
    assert search(r, "教职成函〔2023〕9号") == [2, 1, 0, 3]
    assert search(r, "学习型社会建设重点任务") == [2]
    assert search(r, "老年") == [0]


def test_grams_apart_are_no_match():
    """The issue's false match: 身学习需 in a record holding 身学习 and 学习需 apart."""
    docs = [doc(0, "终身学习者", "大家的学习需求。"), doc(1, "终身学习需求", "正文。")]
    assert search(reader(Case(docs, [])), "身学习需") == [1]


def test_more_terms_in_the_title_rank_higher():
    docs = [doc(0, "社区教育", "老年人学习。"), doc(1, "老年社区教育", "正文。"),
            doc(2, "其他", "社区教育与老年大学。")]
    assert search(reader(Case(docs, [])), "老年 社区") == [1, 0, 2]


def test_cover_and_bucket_rules():
    assert cover("终身学习账户") == [(0, "终身学"), (3, "习账户")]
    assert cover("学分银行") == [(0, "学分银"), (1, "分银行")]
    assert cover("abc") == [(0, "abc")]
    # the namespace letter is not hashed: a gram's keys share a file
    assert bucket_of("学习型", 97) == bucket_of("学习型社会", 97)
