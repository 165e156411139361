"""MkDocs hook for the search: start indexing the records once
they are loaded, and move the index into the site after the build
(`casebook.search.background`, `casebook.search.build`). All logic lives there."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from casebook.render.build import content_root, current_corpus  # noqa: E402
from casebook.search.background import Pending, start  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")
_pending: Pending | None = None


def on_config(config):
    """Start indexing the records the casebook hook has just validated and loaded
    (its on_config runs first): the index is built while MkDocs renders the pages."""
    global _pending
    if _pending is not None:
        _pending.cancel()
    _pending = start(current_corpus(content_root()))
    return config


def on_post_build(config):
    """Write the index and the search page's assets into the built site."""
    global _pending
    pending, _pending = _pending, None
    report = pending.finish(Path(config.site_dir))
    log.info("search: %d records indexed in %.1f s (%d KB)",
             report.records, report.seconds, report.bytes // 1024)


def on_build_error(error):
    global _pending
    if _pending is not None:
        _pending.cancel()
        _pending = None
