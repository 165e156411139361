"""MkDocs hook for 我的清单 (`/list/`): add the embeddable view and, after the
search has written its cards, the id -> row map (`casebook.reading_list`).
Listed after the search hook in mkdocs.yml, so its on_post_build runs later."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.structure.files import File  # noqa: E402

from casebook.reading_list import EMBED_URL, embed_page, write_id_map  # noqa: E402
from casebook.render.build import content_root, current_corpus  # noqa: E402
from casebook.render.view import SiteOptions, public_site_url  # noqa: E402

log = logging.getLogger("mkdocs.hooks.list")


def on_files(files, config):
    """Add `/embed/list/index.html` (it reads its list from its own URL)."""
    options = SiteOptions(site_url=public_site_url(config.site_url))
    files.append(File.generated(config, f"{EMBED_URL}index.html", content=embed_page(options)))
    return files


def on_post_build(config):
    """Write `assets/list/ids/` from the cards the search hook has just written."""
    count = write_id_map(Path(config.site_dir), current_corpus(content_root()))
    log.info("list: id map of %d ids written", count)
