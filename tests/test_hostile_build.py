"""The build replaces the site only when complete (scripts/build.py): a killed
or failed build leaves the last good site in place."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from validate_support import FIXTURE

from casebook.paths import ROOT
from scripts.build import _leftovers

OLD = "上一次的网站"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder holding the last good build (one marker page)."""
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text(OLD, encoding="utf-8")
    return site


def _start(site: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CASEBOOK_CONTENT": str(FIXTURE)}
    return subprocess.Popen([sys.executable, "-m", "scripts.build", "--site-dir", str(site)],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for_pages(site: Path, child: subprocess.Popen) -> None:
    """Wait until the build has written pages into its temporary folder."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert child.poll() is None, child.stdout.read() if child.stdout else ""
        if any(any(d.rglob("index.html")) for d in _leftovers(site)):
            return
        time.sleep(0.05)
    raise AssertionError("the build wrote no page within 120 s")


def test_killed_build_leaves_the_last_site_and_the_next_build_cleans_up(site: Path) -> None:
    child = _start(site)
    _wait_for_pages(site, child)
    os.killpg(child.pid, signal.SIGKILL)  # like `kill -9` of make and everything below it
    child.wait()
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == OLD
    assert _leftovers(site)  # kill -9 leaves the half-built folder beside the site
    again = _start(site)
    output, _ = again.communicate(timeout=300)
    assert again.returncode == 0, output
    assert (site / "index.html").read_text(encoding="utf-8") != OLD
    assert (site / "data" / "records.csv").is_file() and (site / "feed.xml").is_file()
    assert _leftovers(site) == []
    # readable like a folder MkDocs makes itself (a web server often runs as another user)
    umask = os.umask(0)
    os.umask(umask)
    assert site.stat().st_mode & 0o777 == 0o777 & ~umask


def test_interrupted_build_cleans_up_after_itself(site: Path) -> None:
    child = _start(site)
    _wait_for_pages(site, child)
    child.send_signal(signal.SIGTERM)  # only the wrapper: it stops MkDocs itself
    output, _ = child.communicate(timeout=60)
    assert child.returncode == 130
    assert "Traceback" not in output and "保持不变" in output
    assert (site / "index.html").read_text(encoding="utf-8") == OLD
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert _leftovers(site) == []


def test_make_build_uses_the_safe_build() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "scripts.build" in target and "mkdocs build" not in target


def test_renderer_error_in_the_build_names_file_and_field(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Text that got past validation and breaks the renderer stops the build with
    `file: field: message` (MkDocs prints an Abort without a traceback)."""
    from types import SimpleNamespace

    from mkdocs.exceptions import Abort

    from casebook.render.build import prepare
    from casebook.render.view import SiteOptions
    from hooks import casebook_hooks

    build = prepare(SiteOptions(), FIXTURE)
    record = next(r for r in build.index.records if r.id == "demo-case")
    deep = "\n".join(" " * (4 * i) + "- x" for i in range(30))
    monkeypatch.setitem(record.data, "practices", ["第一条", deep])
    monkeypatch.setattr(casebook_hooks, "_build", build)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="cases/demo-case/index.md",
                                                generated_by="casebook"))
    with pytest.raises(Abort) as caught:
        casebook_hooks.on_page_content("", page, None, None)
    message = str(caught.value)
    assert message.startswith("tests/fixtures/validate/content/cases/demo-case.yml: practices[1]: ")
    assert "嵌套太深" in message
