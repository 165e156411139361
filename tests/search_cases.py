"""Random small search cases shared by the Python and the browser engine tests:
corpora of Chinese with traditional characters, full-width and ASCII letters
and digits, punctuation and 文号, queries cut from them or made up."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass

from casebook.search.build import docs_index
from casebook.search.document import SearchDoc
from casebook.search.postings import IndexFiles

# Few distinct characters, so that grams repeat and common grams get files of their own.
ALPHABET = ("学习学習型社会老年教育教職成函终終身账户帳戶銀银行分"
            "ＡＢａb1２3０9号號 ，。、〔〕《》（）\n·")
# Tiny sizes: every kind of index file (buckets, own files, position blocks) appears.
SIZES = {"own_items": 6, "block_positions": 4, "bucket_chars": 200}


@dataclass
class Case:
    docs: list[SearchDoc]
    queries: list[str]

    def index(self) -> IndexFiles:
        return docs_index(self.docs, **SIZES)


def _text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def _cut(rng: random.Random, text: str) -> str:
    start = rng.randrange(len(text))
    return text[start:start + rng.randint(1, 14)]


def _splice(rng: random.Random, text: str) -> str:
    """Two 3-character pieces of `text` from anywhere, joined: every covering
    gram of the query is in the record, mostly not where the phrase needs them
    (only the positions tell)."""
    i, j = rng.randrange(len(text) - 2), rng.randrange(len(text) - 2)
    return text[i:i + 3] + text[j:j + 3]


def random_case(rng: random.Random, max_docs: int = 8) -> Case:
    docs = []
    for row in range(rng.randint(1, max_docs)):
        title = _text(rng, 1, 8)
        heads = [title] + ([_text(rng, 2, 6)] if rng.random() < 0.3 else [])
        text = "\n".join([title, *heads[1:], _text(rng, 0, 60), _text(rng, 0, 30)])
        docs.append(SearchDoc(url=f"r/{row}/", text=text, heads=heads, id=f"r{row}",
                              meta={"title": title}))
    queries = []
    for _ in range(12):
        source = rng.choice(docs).text
        kind = rng.random()
        if kind < 0.4 and source:
            q = _cut(rng, source)
        elif kind < 0.55 and len(source) >= 6:
            q = _splice(rng, source)
        elif kind < 0.7:
            q = _text(rng, 1, 6)
        elif kind < 0.85:
            q = f"{_cut(rng, source)} {_cut(rng, rng.choice(docs).text)}"
        else:
            q = rng.choice(docs).heads[-1]
        queries.append(q)
    return Case(docs, queries)


def case_json(case: Case) -> str:
    """The index files of a case as {name: parsed JSON}, for the browser engine."""
    index = case.index()
    return json.dumps({"buckets": index.buckets,
                       "files": {k: json.loads(v) for k, v in index.files.items()}},
                      ensure_ascii=False)
