"""Measure the preview times CONTRIBUTING quotes: `make serve` against `make preview`.

    python -m scripts.measure_preview [--records 2000] [--edits 3] [--json OUT.json]

Builds a content tree of the real records plus `--records` synthetic ones
(bench.synthetic) in a temporary folder, then for each way of previewing:
starts the server, times how long until the page of one record answers
(start-up), then edits that record's summary `--edits` times and times how
long until the served page shows each edit (update after save). Servers are
started here and stopped by their process id. Prints a table (seconds).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import generate, write_tree
from casebook.load import record_files
from casebook.paths import CONTENT, RECORD_DIRS, ROOT
from casebook.render.build import CONTENT_ENV

TIMEOUT = 600.0  # seconds to wait for one start-up or one update


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_tree(folder: Path, extra: int) -> Path:
    """The real records plus `extra` synthetic ones under `folder`."""
    root = write_tree(folder / "content", generate(extra))
    for rtype, path in record_files(CONTENT):
        shutil.copyfile(path, root / RECORD_DIRS[rtype] / path.name)
    return root


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - local server
            return resp.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(check: Callable[[], bool], timeout: float = TIMEOUT) -> float:
    """Seconds until `check()` is true (polling every 0.1 s)."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"no answer within {timeout:.0f} s")
        time.sleep(0.1)
    return time.monotonic() - start


def measure(cmd: list[str], env: dict[str, str], record: Path, url: str,
            edits: int) -> dict[str, object]:
    """Start-up and update-after-save seconds for one server command."""
    original = record.read_text(encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        startup = wait_for(lambda: fetch(url) is not None)
        updates = []
        for n in range(edits):
            marker = f"测量标记{n}{time.time_ns()}"
            record.write_text(original.replace("\nsummary: ", f"\nsummary: {marker}", 1),
                              encoding="utf-8")
            updates.append(wait_for(lambda m=marker: m in (fetch(url) or "")))
            time.sleep(1.0)  # let the server settle before the next save
        return {"startup": round(startup, 2), "updates": [round(u, 2) for u in updates]}
    finally:
        record.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGTERM)  # the server and its children, by our own pid
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="测量 make serve 与 make preview 的启动和刷新时间")
    parser.add_argument("--records", type=int, default=2000, help="合成记录条数（默认 2000）")
    parser.add_argument("--edits", type=int, default=3, help="每种方式修改记录的次数（默认 3）")
    parser.add_argument("--json", type=Path, help="把结果另存为 JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="measure-preview-") as tmp:
        root = make_tree(Path(tmp), args.records)
        count = sum(1 for _ in record_files(root))
        record = next(p for t, p in record_files(root) if t == "case")
        page = f"/cases/{record.stem}/"
        env = {**os.environ, CONTENT_ENV: str(root), "NO_MKDOCS_2_WARNING": "1"}
        results: dict[str, object] = {"records": count, "cpus": os.cpu_count()}
        port = free_port()
        results["make serve"] = measure(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
            env, record, f"http://127.0.0.1:{port}{page}", args.edits)
        port = free_port()
        results["make preview ONLY=…"] = measure(
            [sys.executable, "-m", "scripts.preview", str(record), "--root", str(root),
             "--addr", f"127.0.0.1:{port}"],
            env, record, f"http://127.0.0.1:{port}{page}", args.edits)
    print(f"{count} 条记录，{os.cpu_count()} 个 CPU：")
    print("| 方式 | 启动 | 保存后页面更新（中位数；最小～最大） |")
    print("| --- | --- | --- |")
    for name in ("make serve", "make preview ONLY=…"):
        r = results[name]
        assert isinstance(r, dict)
        ups = r["updates"]
        print(f"| `{name}` | {r['startup']} 秒 | {round(statistics.median(ups), 2)} 秒"
              f"（{min(ups)}～{max(ups)}） |")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
