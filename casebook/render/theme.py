"""Small helpers the theme templates call (registered by the MkDocs hooks).

`FragmentCache` memoises template fragments that are byte-identical on many
pages: the navigation sidebar and the tabs of a page that is not itself in
the navigation depend only on where the page sits relative to the nav's
targets (see `shared_nav_key`). With thousands of record pages this keeps
the theme's cost per page flat.
"""
from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup


class FragmentCache:
    """`cache(key, render)`: the HTML `render()` gave the first time `key` was seen."""

    def __init__(self) -> None:
        self._store: dict[str, Markup] = {}

    def clear(self) -> None:
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)

    def __call__(self, key: str, render: Callable[[], str]) -> Markup:
        html = self._store.get(key)
        if html is None:
            html = self._store[key] = Markup(render())
        return html


def shared_nav_key(page_url: str, nav_urls: list[str]) -> str:
    """Cache key for the nav/tabs of a page that is not in the nav.

    MkDocs writes each nav link relative to the page. For a target `t` the
    link depends only on the page's depth and on how many leading path
    segments the page shares with `t`, so the page's depth plus its first
    `d` segments (d = the deepest nav target) determine every link.
    """
    segments = [s for s in page_url.split("/") if s]
    deepest = max((len([s for s in u.split("/") if s]) for u in nav_urls), default=0)
    return f"{len(segments)}:{'/'.join(segments[:deepest])}"
