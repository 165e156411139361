"""Search quality through the real search page, on the real content.

Floors: recall >= 0.98 and precision >= 0.95. Recall is complete by
construction (every record holding a term holds all its tokens, see
tests/test_search_tokenize.py); precision is exact for terms of up to three
characters and about 0.99 overall, because a longer term also matches a record
that holds its covering 3-grams apart (the 关于搜索 page gives the measured
numbers). The floors leave room for that and for records whose text the index
and the truth might read differently in a future change (a new field type, a
Unicode update between Python and Chromium), while still failing on any
systematic loss such as a segmentation mismatch, which costs far more.
"""
from __future__ import annotations

from bench.measure import (
    build_queries,
    run_queries,
    run_search_page,
    taxonomy_names,
)
from casebook.load import load_corpus
from casebook.render.build import content_root
from casebook.search.document import corpus_docs

RECALL_FLOOR = 0.98
PRECISION_FLOOR = 0.95
SAMPLE = 150


def test_recall_and_precision(site_url, page):
    corpus = load_corpus(content_root())
    docs = corpus_docs(corpus)
    queries = build_queries(docs, taxonomy_names(corpus.taxonomy), limit=SAMPLE)
    assert len(queries) >= 50
    outcome = run_queries(lambda q: run_search_page(page, site_url, q), queries, "site")
    print(f"\nsearch quality: {outcome.queries} queries, recall {outcome.recall:.3f}, "
          f"precision {outcome.precision:.3f}")
    assert outcome.recall >= RECALL_FLOOR, \
        f"recall {outcome.recall:.3f}; missed: {outcome.misses[:5]}"
    assert outcome.precision >= PRECISION_FLOOR, \
        f"precision {outcome.precision:.3f}; wrong: {outcome.false_hits[:5]}"
