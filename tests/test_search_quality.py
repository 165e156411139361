"""Search quality through the real search page, on the real content.

The engine is exact by construction (tests/test_search_engine.py holds the
Python engine to the substring truth on random corpora, and
tests/test_search_engine_browser.py holds the browser's engine to Python),
so on the real content, through the real page, recall and precision are both
1: any miss or false hit means the page, the build or the normalisation in
Chromium drifted from the Python side.
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

RECALL_FLOOR = 1.0
PRECISION_FLOOR = 1.0
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
