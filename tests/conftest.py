"""Shared fixtures: one real build of the site per test session, a local
HTTP server for it, and headless Debian Chromium driven by Playwright."""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.measure import CHROMIUM, CHROMIUM_ARGS, build_site, serve_dir
from bench.synthetic import minimal_record, write_tree


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once per session. Fails loudly on build errors."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built site on loopback."""
    server, url = serve_dir(built_site)
    yield url
    server.shutdown()


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
