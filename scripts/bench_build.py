"""One MkDocs build with stage timings, run by `scripts.bench` as a child process.

    python -m scripts.bench_build CONFIG SITE_DIR TIMINGS.json

Builds exactly like `mkdocs build --strict -f CONFIG -d SITE_DIR` (the content
tree comes from $CASEBOOK_CONTENT, as for every build), plus a timing plugin
whose handlers run first and last in every MkDocs event, and timed wrappers
around the plain-Python pipeline steps (validate, load, relate, plan, page
bodies, exports). Writes the marks and sums to TIMINGS.json; `scripts.bench`
turns them into stages that add up to the wall time of this process.
Nothing here changes what the build writes.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Events whose last handler is followed by MkDocs work worth separating.
MARKED_EVENTS = ("config", "pre_build", "files", "nav", "env", "page_context", "post_page",
                 "post_build")
PAGE_EVENTS = ("page_markdown", "page_content", "page_context",
               "post_page", "pre_page")


class Clock:
    """Wall-clock marks (first/last time an event's first/last handler ran) and sums."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self._open: dict[str, float] = {}

    def mark(self, name: str, first_only: bool = True) -> None:
        if not (first_only and name in self.marks):
            self.marks[name] = time.time()

    def enter(self, event: str) -> None:
        now = time.time()
        self.marks.setdefault(f"{event}:first_start", now)
        self._open[event] = now

    def leave(self, event: str) -> None:
        now = time.time()
        self.marks[f"{event}:last_end"] = now
        self.sums[f"hooks:{event}"] += now - self._open.pop(event, now)
        self.counts[f"hooks:{event}"] += 1

    def timed(self, name: str, func: Callable[..., Any],
              key: Callable[..., str] | None = None) -> Callable[..., Any]:
        """`func` wrapped to add its duration to `sums[name]` (or `sums[key(*args)]`)."""
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.time()
            try:
                return func(*args, **kwargs)
            finally:
                label = key(*args, **kwargs) if key else name
                self.sums[label] += time.time() - start
                self.counts[label] += 1
        return wrapper


CLOCK = Clock()


def _patch(module_name: str, attr: str, label: str,
           key: Callable[..., str] | None = None) -> bool:
    """Wrap `module.attr` with a timer; False when it does not exist (yet)."""
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return False
    owner: Any = module
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part, None)
        if owner is None:
            return False
    func = getattr(owner, name, None)
    if func is None:
        return False
    setattr(owner, name, CLOCK.timed(label, func, key))
    return True


def _page_kind(spec: Any, *args: Any, **kwargs: Any) -> str:
    return "render:records" if getattr(spec, "extra", {}).get("record") else "render:listings"


def instrument() -> list[str]:
    """Timers around the pipeline steps (before the hooks import them); returns misses."""
    targets = [
        ("casebook.render.build", "validate", "validate"),
        ("casebook.render.build", "load_corpus", "load"),
        ("casebook.render.build", "build_index", "relate"),
        ("casebook.render.build", "plan", "plan"),
        ("casebook.export", "export_files", "exports"),
        ("casebook.render.collections", "collection_static_files", "exports"),
    ]
    missed = [f"{m}.{a}" for m, a, label in targets if not _patch(m, a, label)]
    if not _patch("casebook.render.pages", "PageSpec.render", "render", key=_page_kind):
        missed.append("casebook.render.pages.PageSpec.render")
    _record_search_work()
    return missed


def _record_search_work() -> None:
    """How long the search index took where it was built (maybe in the background)."""
    try:
        from casebook.search import background
    except ImportError:
        return
    finish = background.Pending.finish

    @functools.wraps(finish)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        report = finish(self, *args, **kwargs)
        CLOCK.sums["search:work"] += float(getattr(report, "seconds", 0.0))
        CLOCK.counts["search:background"] = int(self.process is not None)
        return report
    background.Pending.finish = wrapper


def timing_plugin() -> Any:
    """A plugin whose handlers run first (priority 10**6) and last in every event."""
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

    attrs: dict[str, Any] = {}
    for event in (*MARKED_EVENTS, *PAGE_EVENTS):
        if f"on_{event}" in attrs:
            continue

        def first(self: Any, *args: Any, _event: str = event, **kwargs: Any) -> None:
            CLOCK.enter(_event)

        def last(self: Any, *args: Any, _event: str = event, **kwargs: Any) -> None:
            CLOCK.leave(_event)

        attrs[f"on_{event}"] = CombinedEvent(event_priority(10**6)(first),
                                             event_priority(-10**6)(last))
    return type("BenchTimer", (BasePlugin,), attrs)()


def build(config_file: Path, site_dir: Path) -> dict[str, Any]:
    """Run the build; returns the marks, sums and resource usage."""
    CLOCK.mark("main")
    missed = instrument()
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    CLOCK.mark("imports")
    cfg = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    cfg.plugins["bench-timer"] = timing_plugin()
    CLOCK.mark("config_loaded")
    mkdocs_build(cfg)
    CLOCK.mark("built")
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "marks": CLOCK.marks, "sums": dict(CLOCK.sums), "counts": dict(CLOCK.counts),
        "missed": missed,
        "maxrss_self_kb": me.ru_maxrss, "maxrss_children_kb": kids.ru_maxrss,
        "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
    }


def main(argv: list[str]) -> int:
    config_file, site_dir, out = (Path(a) for a in argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    result = build(config_file, site_dir)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    raise SystemExit(main(sys.argv[1:]))
