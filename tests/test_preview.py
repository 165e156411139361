"""`make preview ONLY=…`: a small content tree around the chosen records that
validates on its own, follows edits of the real file, and builds."""
from __future__ import annotations

from pathlib import Path

import yaml
from editors_support import content_copy, problems

from bench.measure import build_site
from scripts import preview


def test_subset_holds_the_record_and_its_neighbours(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    record = root / "cases" / "tianjin-quxiao-lianheti.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    out = tmp_path / "preview"
    preview.make_tree([record], root, out)

    linked = out / "cases" / record.name
    assert linked.stat().st_ino == record.stat().st_ino  # a hard link: symlinks are refused
    ids = {p.stem for p in out.glob("*/*.yml")}
    assert set(data.get("policies", [])) <= ids  # what it cites
    assert "tianjin-jingyan" in ids  # its region's experience, which lists it
    assert len(ids) < 20
    assert problems(out) == []  # neighbours were pruned to the subset

    # an edit of the real file is what the preview tree shows
    record.write_text(record.read_text(encoding="utf-8").replace(
        data["title"], "预览修改后的标题"), encoding="utf-8")
    assert "预览修改后的标题" in linked.read_text(encoding="utf-8")


def test_policy_brings_the_records_that_cite_it(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    record = root / "policies" / "jiaozhichenghan-2023-9.yml"
    out = tmp_path / "preview"
    preview.make_tree([record], root, out)
    citing = [p for p in root.glob("*/*.yml")
              if "jiaozhichenghan-2023-9" in p.read_text(encoding="utf-8") and p != record]
    assert citing and all((out / p.parent.name / p.name).exists() for p in citing)
    assert problems(out) == []


def test_subset_builds(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    out = tmp_path / "preview"
    preview.make_tree([root / "cases" / "shanghai-jinse-xuetang.yml"], root, out)
    result = build_site(tmp_path / "site", content=out)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "cases" / "shanghai-jinse-xuetang" / "index.html").exists()
    assert not (tmp_path / "site" / "cases" / "tianjin-quxiao-lianheti").exists()


def test_a_refused_record_is_named_where_the_editor_edits_it(tmp_path: Path, capfd) -> None:
    """The preview builds from a copy under .cache/; a message naming the copy
    would send the editor to fix a file that the next preview throws away."""
    from casebook.validate import display_path

    root = content_copy(tmp_path)
    record = root / "cases" / "tianjin-quxiao-lianheti.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nyear: ", "\nyear: 去年 #", 1), encoding="utf-8")
    assert preview.main([str(record), "--root", str(root), "--build", str(tmp_path / "s")]) != 0
    err = capfd.readouterr().err
    assert f"{display_path(record)}:" in err and "year:" in err
    assert ".cache" not in err


def test_a_busy_address_is_said_in_chinese(tmp_path: Path, capsys, monkeypatch) -> None:
    """A `make serve` still running holds the port: say so, no server traceback."""
    import socket

    def no_server(*_args: object) -> None:
        raise AssertionError("the server was started on a busy address")

    monkeypatch.setattr(preview.os, "execve", no_server)

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        addr = f"127.0.0.1:{held.getsockname()[1]}"
        record = content_copy(tmp_path) / "cases" / "tianjin-jingyan.yml"
        assert preview.main([str(record), "--root", str(record.parent.parent),
                             "--addr", addr]) == 2
    err = capsys.readouterr().err
    assert "已被占用" in err and "ADDR=" in err
