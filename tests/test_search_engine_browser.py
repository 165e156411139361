"""The browser's query engine (docs/assets/search/engine.js) in Chromium gives
the same rows in the same order as the Python engine, on the shared random
cases (tests/search_cases.py), its first page is the start of that list, and
it fetches each index file at most once."""
from __future__ import annotations

import json
import random

import pytest
from search_cases import random_case
from test_search_engine import reader

from bench.measure import serve_dir
from casebook.paths import ROOT
from casebook.search.engine import search
from casebook.search.normalize import t2s_buckets

CASES = 80
WANT = 3


@pytest.fixture(scope="module")
def assets_url():
    server, url = serve_dir(ROOT / "docs" / "assets" / "search")
    yield url
    server.shutdown()


def test_javascript_engine_agrees_with_python(page, assets_url):
    rng = random.Random(11)
    cases = [random_case(rng) for _ in range(CASES)]
    payload = []
    expected = []
    for case in cases:
        index = case.index()
        payload.append({"buckets": index.buckets, "queries": case.queries,
                        "files": {k: json.loads(v) for k, v in index.files.items()}})
        r = reader(case)
        expected.append([search(r, q) for q in case.queries])
    page.goto(f"{assets_url}/")
    got = page.evaluate(
        """async ([cases, t2s, want]) => {
            const tok = await import("./tokenize.js");
            const { Engine } = await import("./engine.js");
            for (const part of t2s) tok.useT2S(JSON.parse(part));
            const out = [];
            for (const c of cases) {
              const reads = new Map();
              const engine = new Engine(async (name) => {
                reads.set(name, (reads.get(name) || 0) + 1);
                return c.files[name];
              }, c.buckets);
              const answers = [];
              for (const q of c.queries) {
                const run = engine.search(q, { want });
                answers.push([await run.first, await run.all]);
              }
              out.push([answers, Math.max(0, ...reads.values())]);
            }
            return out;
        }""", [payload, list(t2s_buckets().values()), WANT])
    for case, py, (js, most_reads) in zip(cases, expected, got, strict=True):
        assert most_reads <= 1, "an index file was fetched twice"
        for query, rows, (first, full) in zip(case.queries, py, js, strict=True):
            assert full == rows, f"{query!r}: JS {full} != Python {rows}"
            assert first == rows[:WANT], query
