"""MkDocs hook for the search: after the build, index the records with
Pagefind into the site (`casebook.search.build`). All logic lives there."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casebook.load import load_corpus  # noqa: E402
from casebook.render.build import content_root  # noqa: E402
from casebook.search.build import build_corpus_search  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(config):
    """Write `pagefind/` and the search page's assets into the built site."""
    report = build_corpus_search(load_corpus(content_root()), Path(config.site_dir))
    log.info("search: %d records indexed in %.1f s (%d KB)",
             report.records, report.seconds, report.bytes // 1024)
