"""Build the site without ever leaving a half-built one: `python -m scripts.build`.

    python -m scripts.build [--site-dir DIR] [--config mkdocs.yml]

Runs `mkdocs build --strict` into a fresh hidden folder next to the site
folder (`.site.building-…`) and swaps it in only when MkDocs finished
without error. A failed build (bad content, a renderer error) or an
interrupted one (Ctrl-C, `kill`) leaves the last good site untouched; a
folder left behind by `kill -9` is removed by the next build. `make build`
runs this; `make serve` keeps using `mkdocs serve`, which builds into its
own temporary folder.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from casebook.paths import ROOT

BUILDING = ".building-"
RETIRED = ".retired-"


def _leftovers(site: Path) -> list[Path]:
    """Folders an earlier, killed build of `site` left behind."""
    prefixes = (f".{site.name}{BUILDING}", f".{site.name}{RETIRED}")
    return [p for p in site.parent.glob(f".{site.name}.*") if p.name.startswith(prefixes)]


def swap_in(new: Path, site: Path) -> None:
    """Replace `site` by the complete build in `new` (two renames)."""
    old = site.parent / f".{site.name}{RETIRED}{os.getpid()}"
    if site.exists():
        os.replace(site, old)
    os.replace(new, site)
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    """The process's file mode creation mask (reading it means setting it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds through the finally below, like Ctrl-C


def build(site: Path, config: Path) -> int:
    """Build into a temporary folder and swap it in on success; exit status."""
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    for leftover in _leftovers(site):
        shutil.rmtree(leftover, ignore_errors=True)
    new = Path(tempfile.mkdtemp(prefix=f".{site.name}{BUILDING}", dir=site.parent))
    new.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700; the site is for every reader
    signal.signal(signal.SIGTERM, _stop)
    child: subprocess.Popen | None = None
    try:
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict",
                                  "-f", str(config), "-d", str(new)], cwd=ROOT)
        code = child.wait()
        if code == 0 and (new / "index.html").is_file():
            swap_in(new, site)
            print(f"网站已生成：{site}", file=sys.stderr)
            return 0
        print(f"构建失败（见上面的提示），上一次生成的网站 {site} 保持不变。", file=sys.stderr)
        return code or 1
    except KeyboardInterrupt:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        print(f"构建被中断，上一次生成的网站 {site} 保持不变。", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(new, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.build",
        description="生成网站：完整生成后才替换 site/，失败或中断时保留上一次的网站。")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site",
                        help="网站目录（默认 site/）")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="MkDocs 配置文件（默认 mkdocs.yml）")
    args = parser.parse_args(argv)
    return build(args.site_dir, args.config)


if __name__ == "__main__":
    sys.exit(main())
