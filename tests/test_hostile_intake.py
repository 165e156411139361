"""Hostile tables and issue bodies against the importer and `from_issue`.

Each input must end in an exit code, a Chinese message naming the row and
column (or the form's question) and what to do, no traceback and no file
written. Fixtures: tests/fixtures/hostile/intake/ (README lists them); the big
ones are generated here at run time.
"""
from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from editors_support import FIXTURES as EDITOR_FIXTURES
from editors_support import content_copy, snapshot
from hostile_xlsx import crafted_xlsx

from casebook import intake, writer
from casebook.paths import ROOT
from scripts import from_issue, import_table

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "intake"
HEADER = ["案例名称", "申报单位", "所在地区", "重点任务", "案例类型", "年度", "案例简介",
          "主要做法", "成效", "来源"]
HEAD_CELLS = {f"{chr(65 + i)}1": h for i, h in enumerate(HEADER)}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return content_copy(tmp_path)


def cli(module: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run a script the way an editor does, to see exactly what they would see."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


def assert_refused(proc: subprocess.CompletedProcess, code: int, *needles: str) -> str:
    out = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    assert proc.returncode == code, out
    assert "Traceback" not in out and "Error:" not in out, out
    for needle in needles:
        assert needle in out, out
    return out


# --- the importer ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "where"), [
    ("far-cell.xlsx", "第 1048576 行有内容"),
    ("far-column.xlsx", "第 2 行 XFD 列有内容"),
])
def test_declared_dimension_and_far_cells_stop_at_the_limit(name: str, where: str,
                                                            root: Path) -> None:
    before = snapshot(root)
    proc = cli("scripts.import_table", str(HOSTILE / name), "--root", str(root))
    assert_refused(proc, 2, where, "超出了可导入的范围")
    assert snapshot(root) == before


def test_rows_up_to_the_limit_are_read(root: Path, tmp_path: Path) -> None:
    """The limit is where the message says: an empty sheet with a row at
    MAX_ROWS is fine, one row further is refused."""
    ok = crafted_xlsx(tmp_path / "ok.xlsx", {**HEAD_CELLS, f"A{import_table.MAX_ROWS}": "x"},
                      "A1:XFD1048576")
    rows = import_table.limited(import_table.read_xlsx(ok))
    assert rows[-1][0] == import_table.MAX_ROWS
    over = crafted_xlsx(tmp_path / "over.xlsx",
                        {**HEAD_CELLS, f"A{import_table.MAX_ROWS + 1}": "x"})
    with pytest.raises(import_table.TableError, match=f"第 {import_table.MAX_ROWS + 1} 行"):
        import_table.limited(import_table.read_xlsx(over))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_fifteen_million_character_cell(suffix: str, root: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture) -> None:
    huge = "长" + "a" * 15_000_000
    row = ["长者数字课堂", "", "上海市", "学习型城市", "地方特色项目", "2024", "简介", huge, "",
           "示例来源｜示例期刊｜2024｜全文"]
    path = tmp_path / f"huge{suffix}"
    if suffix == ".xlsx":
        crafted_xlsx(path, {**HEAD_CELLS, **{f"{chr(65 + i)}2": v for i, v in enumerate(row)}})
    else:
        path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    before = snapshot(root)
    assert import_table.main([str(path), "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，H 列「主要做法」：有 15,000,001 个字符" in out
    assert f"最多 {import_table.MAX_CELL_CHARS:,} 个" in out
    assert snapshot(root) == before


def test_control_characters_name_cell_and_code_point(root: Path) -> None:
    before = snapshot(root)
    proc = cli("scripts.import_table", str(HOSTILE / "control-chars.csv"), "--root", str(root))
    out = assert_refused(proc, 1, "拒绝 2")
    assert "第 2 行，A 列「案例名称」：第 3 个字符是不可见的 U+0000（控制字符）" in out
    assert "第 2 行，G 列「案例简介」" in out and "U+001B（控制字符）" in out
    assert "第 3 行，A 列「案例名称」：第 3 个字符是不可见的 U+202E（双向文字控制符）" in out
    assert "第 3 行，I 列「成效」" in out and "U+FFFE（非字符码位）" in out
    assert snapshot(root) == before


def test_formula_cells_are_refused(root: Path) -> None:
    before = snapshot(root)
    proc = cli("scripts.import_table", str(HOSTILE / "formula-cells.xlsx"), "--root", str(root))
    out = assert_refused(proc, 1, "第 2 行，G 列「案例简介」：是公式（=HYPERLINK(",
                         "第 2 行，J 列「来源」：是公式", "选择性粘贴")
    assert "evil.example/\",\"点我\")" not in out.split("是公式")[0]
    assert snapshot(root) == before


def test_an_unexpected_error_is_one_chinese_line(root: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something deep inside")

    monkeypatch.setattr(import_table, "import_rows", boom)
    table = tmp_path / "t.csv"
    table.write_text(",".join(HEADER) + "\n" + "x," * 9 + "x\n", encoding="utf-8")
    assert import_table.main([str(table), "--root", str(root)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "导入中断（程序内部错误 RuntimeError）" in err


def test_every_row_is_checked_before_any_file_is_written(root: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_check, real_save = import_table.check, import_table.save
    monkeypatch.setattr(import_table, "check",
                        lambda drafts, ctx: (events.append("check"), real_check(drafts, ctx)))
    monkeypatch.setattr(import_table, "save", lambda d: (events.append("save"), real_save(d)))
    rows = [HEADER] + [[f"社区学习示范点{n}号", "", "上海市", "学习型城市", "地方特色项目", "2024",
                        "某区依托社区学校开设面向老年人的数字技能课程，帮助老年人使用智能手机。",
                        "", "", "示例来源｜示例期刊｜2024｜全文"] for n in "一二三"]
    table = tmp_path / "t.csv"
    table.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    assert import_table.main([str(table), "--root", str(root)]) == 0
    assert events == ["check", "save", "save", "save"]


def test_a_record_over_the_size_limit_is_never_written(root: Path) -> None:
    """The size limit the validator applies to files is applied to drafts too."""
    values = {"title": "长者数字课堂", "region": "shanghai", "tasks": ["learning-city"],
              "kind": "local-programme", "year": 2024,
              "summary": "某区依托社区学校开设面向老年人的数字技能课程，帮助老年人使用智能手机。",
              "practices": ["做法" * 15_000] * 40,
              "sources": [{"title": "示例", "issuer": "示例期刊", "date": "2024",
                           "section": "全文"}]}
    draft = writer.prepare("case", values, root=root)
    assert [p.field for p in draft.problems] == ["(文件)"]
    assert "记录太大" in draft.problems[0].message and "不能超过 1 MB" in draft.problems[0].message
    with pytest.raises(ValueError):
        writer.save(draft)


# --- from_issue -------------------------------------------------------------------

def test_a_twenty_megabyte_body_is_refused_without_reading_it_all(root: Path) -> None:
    before = snapshot(root)
    body = (EDITOR_FIXTURES / "issue-good.md").read_bytes() + b"a" * (20 * 1024 * 1024)
    proc = cli("scripts.from_issue", "-", "--root", str(root), stdin=body)
    assert_refused(proc, 1, "【议题正文】", "议题正文太长", "没有写入任何文件")
    assert snapshot(root) == before


def test_a_body_just_over_githubs_limit_is_refused(root: Path) -> None:
    body = (EDITOR_FIXTURES / "issue-good.md").read_text(encoding="utf-8")
    body = body.replace("_No response_", "长" * from_issue.MAX_BODY_CHARS, 1)
    draft = from_issue.draft_from_body(body, root=root)
    assert [p.field for p in draft.problems] == ["(文件)"]
    assert "议题正文太长" in draft.problems[0].message


@pytest.mark.parametrize(("name", "needle"), [
    ("body-gbk.md", "看起来是 GBK/GB18030 编码"),
    ("body-binary.md", "无法解码的字节 0xFF"),
])
def test_a_body_that_is_not_utf8_is_reported_in_chinese(name: str, needle: str,
                                                        root: Path) -> None:
    before = snapshot(root)
    proc = cli("scripts.from_issue", str(HOSTILE / name), "--root", str(root))
    out = assert_refused(proc, 1, "议题正文不是 UTF-8 文本", needle)
    assert "codec" not in out
    assert snapshot(root) == before


def test_control_characters_in_a_body_name_the_question(root: Path) -> None:
    before = snapshot(root)
    proc = cli("scripts.from_issue", str(HOSTILE / "body-control.md"), "--root", str(root))
    assert_refused(proc, 1, "【案例名称】title: 第 5 个字符是不可见的 U+0000（控制字符）",
                   "【案例简介】summary: 第 6 个字符是不可见的 U+202E（双向文字控制符）")
    assert snapshot(root) == before


# --- adversarial text: every pattern the intake applies is linear --------------------

@pytest.fixture
def budget() -> Iterator[None]:
    """Fail (instead of hanging) if the body runs past a few seconds; times nothing."""
    def stop(*_args: object) -> None:
        raise TimeoutError("quadratic (or worse) on adversarial input")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


BLANKS = " \t" * 32_000


@pytest.mark.parametrize("text", [f"2023{BLANKS}x", f"a{BLANKS}x", "、 " * 32_000, "（" * 64_000,
                                  "｜ " * 32_000, "(a" * 32_000])
def test_intake_parsing_is_linear(text: str, budget: None) -> None:
    intake.split_items(text)
    intake.split_organisations(text)
    intake.parse_sources(text)
    intake.normalise_date(text)
    intake.split_lines(text)
    import_table.normalise_header(text)
    from_issue.parse_body(f"### 案例名称{text}\n\n答案\n### 年度\n\n2023\n")


def test_contributing_documents_the_intake_limits_in_force() -> None:
    """The importer's row, column and cell limits and from_issue's body limit are
    the numbers CONTRIBUTING gives editors."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"最多读取 {import_table.MAX_ROWS:,} 行、{import_table.MAX_COLUMNS} 列" in text
    assert f"一个单元格最多 {import_table.MAX_CELL_CHARS:,} 个字符" in text
    assert f"（{from_issue.MAX_BODY_CHARS:,} 个字符）" in text
