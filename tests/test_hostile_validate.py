"""Hostile input refused by the validator: invisible characters, odd files,
forged workflow commands. (Every fixture of tests/fixtures/hostile/ also runs
through validator and build in tests/test_hostile_fixtures.py.)"""
from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from validate_support import case_file as _case
from validate_support import content_tree
from validate_support import edit as _edit
from validate_support import only as _only

from casebook.validate import validate_tree
from casebook.yaml_source import not_regular
from scripts import annotate
from scripts.validate import main


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return content_tree(tmp_path)


# --- refused characters (item 2) ------------------------------------------------

@pytest.mark.parametrize("escaped, code", [
    ("\\0", "U+0000"), ("\\e", "U+001B"), ("\\x01", "U+0001"), ("\\x9b", "U+009B"),
    ("\\uFFFE", "U+FFFE"), ("\\uFDD0", "U+FDD0"), ("\\u202E", "U+202E"), ("\\u2066", "U+2066"),
    ("\\U0010FFFF", "U+10FFFF"),
])
def test_refused_character_in_a_value_is_named(tree: Path, escaped: str, code: str) -> None:
    _edit(_case(tree), "title: 示例社区学习中心", f'title: "示例{escaped}中心"')
    problem = _only(validate_tree(tree), "title")
    assert code in problem.message and problem.line == 2 and problem.col == 8


@pytest.mark.parametrize("where, old, new, field", [
    ("key", "kind: local-programme", '"ki\\x01nd": local-programme', "ki\\u0001nd"),
    ("source", "issuer: 示例发布机构", 'issuer: "示例\\u202d发布机构"', "sources[0].issuer"),
    ("list item", "  - 第一条做法。", '  - "第一条\\x7f做法"', "practices[0]"),
])
def test_refused_character_anywhere_in_a_record(tree: Path, where: str, old: str, new: str,
                                               field: str) -> None:
    _edit(_case(tree), old, new)
    problems = validate_tree(tree)
    assert any(f": {field}: " in p.format() and "不可见" in p.message for p in problems), \
        "\n".join(p.format() for p in problems)
    # the printed line spells the character out instead of printing it
    assert all(p.format().isprintable() for p in problems)


def test_refused_character_in_a_block_scalar_points_at_its_line(tree: Path) -> None:
    path = _case(tree)
    _edit(path, "  第二行。", "  第二行\u202e。")
    problem = _only(validate_tree(tree), "background")
    assert "U+202E" in problem.message
    assert problem.line == 22


def test_refused_character_in_taxonomy_and_collection(tree: Path) -> None:
    _edit(tree / "taxonomy.yml", "aliases: [上海, 沪]", 'aliases: [上海, "沪\\uFFFF"]')
    (tree / "collections").mkdir()
    (tree / "collections" / "demo.yml").write_text(
        'id: demo\ntitle: 示例专题\nintro: 导语。\ncurator: 编辑组\ncreated: "2024-01-01"\n'
        'updated: "2024-01-01"\nitems:\n  - {id: demo-case, note: "编者按\\u2067"}\n',
        encoding="utf-8")
    problems = validate_tree(tree)
    assert "U+FFFF" in _only(problems, "regions[1].aliases[1]").message
    assert "U+2067" in _only(problems, "items[0].note").message


# --- files that are not regular files, or badly named (items 8, 9) ---------------

def test_symlink_is_refused_without_being_read(tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-CONTENT\n", encoding="utf-8")
    (tree / "cases" / "passwd.yml").symlink_to(secret)
    problems = validate_tree(tree)
    problem = _only(problems, "(文件)")
    assert problem.path.endswith("cases/passwd.yml") and "符号链接" in problem.message
    assert "SECRET" not in "\n".join(p.format() for p in problems)


def test_symlinked_taxonomy_is_not_followed(tree: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yml"
    shutil.move(tree / "taxonomy.yml", real)
    (tree / "taxonomy.yml").symlink_to(real)
    problems = validate_tree(tree)
    assert any(p.path.endswith("taxonomy.yml") and "符号链接" in p.message for p in problems)


def test_directory_named_like_a_record_is_not_told_to_rename(tree: Path) -> None:
    (tree / "cases" / "adir.yml").mkdir()
    problem = _only(validate_tree(tree), "(文件)")
    assert "目录" in problem.message
    assert "改名" not in (problem.suggestion or "")


def test_fifo_is_refused_without_being_opened(tree: Path) -> None:
    os.mkfifo(tree / "cases" / "pipe.yml")  # opening it for reading would block forever
    problem = _only(validate_tree(tree), "(文件)")
    assert "命名管道" in problem.message


def test_device_files_are_named() -> None:
    assert not_regular(stat.S_IFCHR | 0o600) == "设备文件"
    assert not_regular(stat.S_IFBLK | 0o600) == "设备文件"
    assert not_regular(stat.S_IFREG | 0o600) is None


@pytest.mark.parametrize("name, hint", [
    ("Demo-Copy.yml", "demo-copy.yml"), ("demo copy.yml", "demo-copy.yml"),
    ("x\n::error title=INJECTED::boom\ny.yml", "x-error-title-injected-boom-y.yml"),
    ("范例.yml", "重新命名"), ("old.yaml", "old.yml"),
])
def test_file_names_outside_the_allowed_set_are_refused_unread(tree: Path, name: str,
                                                               hint: str) -> None:
    (tree / "cases" / name).write_text("id: [unclosed\n", encoding="utf-8")  # never parsed
    problem = _only(validate_tree(tree), "(文件)")
    assert hint in (problem.suggestion or "")
    assert "\n" not in problem.format()


def test_forged_workflow_command_in_a_file_name_stays_inside_one_line(
        tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tree / "cases" / "x\n::error title=INJECTED::boom\ny.yml").write_text("x", encoding="utf-8")
    assert main(["--root", str(tree), "--format", "json"]) == 1
    out = tmp_path / "problems.json"
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    assert annotate.main([str(out)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith("::") and "INJECTED" in line
                and not line.startswith("::error file=")]
    assert not any(line.startswith("::error title=INJECTED") for line in lines)


@pytest.mark.parametrize("text, escaped", [
    ("a%b", "a%25b"), ("a\rb", "a%0Db"), ("a\nb", "a%0Ab"), ("a\x1bb", "a\\u001bb"),
])
def test_annotation_message_escapes(text: str, escaped: str) -> None:
    line = annotate.annotation({"path": "content/cases/a.yml", "field": "title",
                                "message": text})
    assert line.endswith("::" + escaped)


@pytest.mark.parametrize("field, escaped", [
    ("a:b", "a%3Ab"), ("a,b", "a%2Cb"), ("a\nb", "a%0Ab"), ("a%b", "a%25b"), ("a\rb", "a%0Db"),
])
def test_annotation_properties_escape(field: str, escaped: str) -> None:
    line = annotate.annotation({"path": f"content/cases/{field}.yml", "field": field,
                                "message": "m"})
    assert f"file=content/cases/{escaped}.yml," in line and f"title=内容校验：{escaped}::" in line


def test_plain_log_line_and_summary_never_break(tmp_path: Path) -> None:
    problem = {"path": "a\n::error::forged", "line": 1, "col": 1, "field": "f\r\nx",
               "message": "m\n::warning::forged"}
    assert "\n" not in annotate.plain(problem) and "\r" not in annotate.plain(problem)
    assert len(annotate.summary([problem]).splitlines()) == 5  # heading, blank, header, rule, row


def test_unreadable_validator_output_is_echoed_on_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("oops\n::error title=INJECTED::boom\n", encoding="utf-8")
    assert annotate.main([str(bad)]) == 2
    captured = capsys.readouterr()
    assert not any(line.startswith("::error title=INJECTED")
                   for line in (captured.out + captured.err).splitlines())
    assert "%0A::error title=INJECTED" in captured.out + captured.err  # escaped, still shown


# --- issue 14: friendlier messages for two common slips --------------------------

@pytest.mark.parametrize("old, new, line, col, said", [
    ("region: shanghai", "region：shanghai", 3, 7, "全角冒号"),
    ("  - title: 示例来源文件", "  - title：示例来源文件", 8, 10, "全角冒号"),
    ("tasks: [learning-city]", "tasks ：[learning-city]", 4, 7, "全角冒号"),
    # `region:shanghai` has its colon: "缺少冒号" sent editors looking for one
    ("region: shanghai", "region:shanghai", 3, 7, "冒号后面缺少空格"),
    ("  - title: 示例来源文件", "  - title:示例来源文件", 8, 10, "冒号后面缺少空格"),
])
def test_a_colon_slip_is_pointed_at(tree: Path, old: str, new: str, line: int, col: int,
                                    said: str) -> None:
    _edit(_case(tree), old, new)
    problem = _only(validate_tree(tree), "(文件)")
    assert (problem.line, problem.col) == (line, col)
    assert said in problem.message and "缺少冒号" not in problem.message
    assert "半角" in (problem.suggestion or "") or "空格" in (problem.suggestion or "")


@pytest.mark.parametrize("old, new", [
    ("region: shanghai", "region: shanghai\n\tx: 1"),       # a tab
    ("tasks: [learning-city]", "tasks: [learning-city"),  # a list not closed
])
def test_a_syntax_error_is_said_in_chinese_only(tree: Path, old: str, new: str) -> None:
    """PyYAML's English ("while scanning a simple key …") is noise to an editor
    once the Chinese explanation says the same."""
    _edit(_case(tree), old, new)
    problem = _only(validate_tree(tree), "(文件)")
    assert "YAML 语法错误" in problem.message
    assert not re.search(r"[a-z]{4,} [a-z]{2,}", problem.message), problem.message


def test_full_width_colon_inside_text_is_fine(tree: Path) -> None:
    _edit(_case(tree), "title: 示例社区学习中心", "title: 示例：社区学习中心")
    assert validate_tree(tree) == []


@pytest.mark.parametrize("written", ["2024年", "2024 年度", '"2024年"'])
def test_year_with_nian_suggests_the_number(tree: Path, written: str) -> None:
    _edit(_case(tree), "year: 2023", f"year: {written}")
    problem = _only(validate_tree(tree), "year")
    assert (problem.suggestion or "").endswith("：2024。")


def test_fast_path_of_the_character_check_misses_nothing() -> None:
    """first_bad_char skips its regex for printable text: every refused
    character must therefore be non-printable to Python."""
    from casebook.textcheck import _BAD, first_bad_char
    refused = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
               and _BAD.match(chr(c))]
    assert len(refused) > 100 and not [c for c in refused if c.isprintable()]
    assert first_bad_char("第一行\n第二行\u202e") == (7, "\u202e")
    assert first_bad_char("第一行\n\t第二行\u3000") is None


@pytest.mark.parametrize("folder", ["cases", "collections"])
def test_linked_folder_is_refused_and_not_looked_into(tree: Path, tmp_path: Path,
                                                      folder: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.yml").write_text("id: secret\ntitle: SECRET-CONTENT\n", encoding="utf-8")
    if (tree / folder).exists():
        shutil.rmtree(tree / folder)
    (tree / folder).symlink_to(elsewhere, target_is_directory=True)
    problems = validate_tree(tree)
    printed = "\n".join(p.format() for p in problems)
    assert "SECRET" not in printed and "secret.yml" not in printed
    problem = next(p for p in problems if p.path.endswith(f"content/{folder}"))
    assert "符号链接" in problem.message and "真正的文件夹" in problem.message
