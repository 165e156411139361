"""Shared fixtures: one real build of the site per test session, a local
HTTP server for it, and headless Debian Chromium driven by Playwright."""
from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.measure import CHROMIUM, CHROMIUM_ARGS, build_site, serve_dir
from bench.synthetic import minimal_record, write_tree


def _build_real_content(tmp_path_factory: pytest.TempPathFactory, name: str,
                        site_url: str | None) -> Path:
    """The real content built into a new folder, with SITE_URL set to `site_url`
    (unset for None, whatever the shell has). Fails loudly on build errors."""
    site_dir = tmp_path_factory.mktemp(name)
    before = os.environ.pop("SITE_URL", None)
    if site_url:
        os.environ["SITE_URL"] = site_url
    try:
        result = build_site(site_dir)
    finally:
        os.environ.pop("SITE_URL", None)
        if before is not None:
            os.environ["SITE_URL"] = before
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once per session as a local preview (no SITE_URL)."""
    return _build_real_content(tmp_path_factory, "site", None)


def _serve(site: Path) -> Iterator[str]:
    server, url = serve_dir(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built site on loopback."""
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium via Playwright (no Playwright browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; "
                    "run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page per test (no shared storage)."""
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def open_page(browser: object):
    """`with open_page(viewport, storage) as pg:` a page in a fresh context at
    `viewport` whose localStorage holds `storage` (e.g. the reading settings
    {"cb-font": "large"}) before any of the site's scripts run."""
    @contextmanager
    def open_(viewport: dict, storage: dict[str, str] | None = None) -> Iterator[object]:
        context = browser.new_context(locale="zh-CN", viewport=viewport)
        setup = "".join(f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});"
                        for k, v in (storage or {}).items())
        context.add_init_script(f"try {{ {setup} }} catch (e) {{}}")
        try:
            yield context.new_page()
        finally:
            context.close()
    return open_


# --- synthetic content trees (site tests build their own small sites) ---------

# One generator for synthetic records: `bench.synthetic` (also used by the benchmark).
synthetic_record = minimal_record


def write_content(root: Path, records: list[tuple[str, dict]]) -> Path:
    """A content tree at `root`: the real taxonomy plus `records` [(type, data)]."""
    return write_tree(root, records)


@pytest.fixture(scope="session")
def build_synthetic(tmp_path_factory: pytest.TempPathFactory):
    """Build a site from synthetic records: `build_synthetic(records)` -> (result, site_dir)."""
    def build(records: list[tuple[str, dict]]) -> tuple[subprocess.CompletedProcess, Path]:
        base = tmp_path_factory.mktemp("synthetic")
        content = write_content(base / "content", records)
        result = build_site(base / "site", content=content)
        return result, base / "site"
    return build


# --- a build for publishing: the real content with a public SITE_URL -------------

PUBLIC_URL = "https://example.org/xx/"


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with SITE_URL=PUBLIC_URL, as `make build` does."""
    return _build_real_content(tmp_path_factory, "public-site", PUBLIC_URL)


@pytest.fixture(scope="session")
def public_site_url(public_site: Path) -> Iterator[str]:
    """Base URL of the public build, served on loopback for the browser tests."""
    yield from _serve(public_site)
