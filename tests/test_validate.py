"""The content validator: one test per error class, the deliberately broken
copies of issue 2, the real content, the library API and the CLI.

Every test copies the small fixture tree `tests/fixtures/validate/content/`
(its own taxonomy and three valid records) into a tmp dir and breaks it.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from validate_support import FIXTURE, case_file, content_tree, edit, only

from casebook.load import ContentError, load_corpus
from casebook.paths import CONTENT, RECORD_DIRS, ROOT
from casebook.schema import (
    DATE_PATTERN,
    ID_PATTERN,
    PARTIAL_DATE_PATTERN,
    URL_PATTERN,
    check_schemas,
    load_schema,
    schema_names,
)
from casebook.taxonomy import Taxonomy
from casebook.validate import (
    FILE_FIELD,
    MAX_PER_FILE,
    Index,
    Problem,
    check_tree,
    display_path,
    field_name,
    validate_record_data,
    validate_tree,
    year_max,
)
from scripts.validate import main


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return content_tree(tmp_path)


# --- helpers ------------------------------------------------------------------

def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems_of(root: Path) -> list[Problem]:
    problems = validate_tree(root)
    assert all(isinstance(p, Problem) for p in problems)
    return problems


def test_fixture_tree_is_valid(tree: Path) -> None:
    assert problems_of(tree) == []
    assert check_tree(tree).records == 3


# --- one test per error class ---------------------------------------------------

def test_yaml_syntax_error_names_line_and_explains(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "tasks: [learning-city]", "tasks: [learning-city")
    problem = only(problems_of(tree), FILE_FIELD)
    assert problem.path == str(path)
    assert problem.line in (4, 5)
    assert "YAML 语法错误" in problem.message and "]" in problem.message


def test_tab_indentation_is_explained(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "    issuer: 示例发布机构", "\tissuer: 示例发布机构")
    problem = only(problems_of(tree), FILE_FIELD)
    assert problem.line == line_of(path, "\tissuer")
    assert "Tab" in problem.message


def test_duplicate_key_is_reported_at_the_second_key(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "status: complete\n", "status: complete\nregion: chongqing\n")
    problem = only(problems_of(tree), "region")
    assert problem.line == line_of(path, "region: chongqing")
    assert problem.col == 1
    assert f"第 {line_of(path, 'region: shanghai')} 行" in problem.message
    assert "重复" in problem.message and problem.suggestion


def test_duplicate_key_in_nested_mapping(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "    section: 一、示例章节\n", "    section: 一、示例章节\n    section: 二\n")
    problem = only(problems_of(tree), "sources[0].section")
    assert problem.line == line_of(path, "section: 二")


@pytest.mark.parametrize("text, what", [("- a\n- b\n", "列表"), ("just text\n", "文本"),
                                        ("42\n", "整数")])
def test_top_level_must_be_a_mapping(tree: Path, text: str, what: str) -> None:
    case_file(tree).write_text(text, encoding="utf-8")
    problem = only(problems_of(tree), FILE_FIELD)
    assert (problem.line, problem.col) == (1, 1)
    assert "映射" in problem.message and what in problem.message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(tree: Path, text: str) -> None:
    case_file(tree).write_text(text, encoding="utf-8")
    problem = only(problems_of(tree), FILE_FIELD)
    assert "空" in problem.message


def test_unknown_field_suggests_the_closest_name(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "region: shanghai", "regoin: shanghai")
    problems = problems_of(tree)
    unknown = only(problems, "regoin")
    assert unknown.line == line_of(path, "regoin") and unknown.col == 1
    assert '未知字段 "regoin"' in unknown.message
    assert unknown.suggestion == '你是否想写 "region"？'
    assert "缺少必填字段" in only(problems, "region").message


def test_unknown_chinese_field_name_is_matched_by_description(tree: Path) -> None:
    edit(case_file(tree), "region: shanghai", "region: shanghai\n地区: 上海")
    assert '"region"' in only(problems_of(tree), "地区").suggestion


def test_unknown_field_without_a_close_name_lists_the_allowed_ones(tree: Path) -> None:
    edit(case_file(tree), "status: complete", "status: complete\nzzzz: 1")
    suggestion = only(problems_of(tree), "zzzz").suggestion
    assert suggestion.startswith("允许的字段：") and "summary" in suggestion


def test_missing_required_field_points_at_the_parent(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "    section: 一、示例章节\n", "")
    problem = only(problems_of(tree), "sources[0].section")
    assert problem.line == line_of(path, "- title: 示例来源文件")
    assert '缺少必填字段 "section"' in problem.message
    assert "章节" in problem.message  # the field's description says what is expected
    assert "section:" in problem.suggestion


@pytest.mark.parametrize("old, new, field", [("year: 2023", "year:", "year"),
                                              ("year: 2023", 'year: ""', "year"),
                                              ("    section: 一、示例章节", "    section:",
                                               "sources[0].section")])
def test_an_empty_required_field_is_to_be_filled_not_deleted(tree: Path, old: str, new: str,
                                                              field: str) -> None:
    """A template copied and left half-filled: "整行删除" would make it 缺少必填字段."""
    edit(case_file(tree), old, new)
    problem = only(problems_of(tree), field)
    assert "必填" in problem.message and "整行删除" not in (problem.suggestion or "")


def test_an_empty_source_date_is_to_be_deleted_not_guessed(tree: Path) -> None:
    """A source's date is optional: when the source states none, the line goes."""
    edit(case_file(tree), "    date: 2023-08-30", "    date:")
    problem = only(problems_of(tree), "sources[0].date")
    assert "必填" not in problem.message and "整行删除" in (problem.suggestion or "")


@pytest.mark.parametrize("old, new", [("tasks: [learning-city]", "tasks:\n  -"),
                                      ("audiences: [seniors]", "audiences:\n  - seniors\n  -")])
def test_an_empty_list_item_is_to_be_filled_or_removed(tree: Path, old: str, new: str) -> None:
    edit(case_file(tree), old, new)
    problem = next(p for p in problems_of(tree) if re.search(r"\[\d+\]$", p.field))
    assert "这一项" in (problem.suggestion or "") and "整行删除" not in (problem.suggestion or "")


def test_wrong_type_says_expected_and_actual(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "year: 2023", 'year: "2023"')
    problem = only(problems_of(tree), "year")
    assert problem.line == line_of(path, "year:") and problem.col == len("year: ") + 1
    assert problem.message == '应为整数，实际是文本 "2023"'
    assert "去掉引号" in problem.suggestion


def test_scalar_where_a_list_belongs(tree: Path) -> None:
    edit(case_file(tree), "tasks: [learning-city]", "tasks: learning-city")
    problem = only(problems_of(tree), "tasks")
    assert "应为列表" in problem.message
    assert "[learning-city]" in problem.suggestion


def test_number_where_text_belongs_suggests_quotes(tree: Path) -> None:
    edit(case_file(tree), "    date: 2023-08-30", "    date: 2023")
    problem = only(problems_of(tree), "sources[0].date")
    assert "应为文本" in problem.message and '"2023"' in problem.suggestion


def test_enum_lists_allowed_values_and_guesses(tree: Path) -> None:
    edit(case_file(tree), "status: complete", "status: complet")
    problem = only(problems_of(tree), "status")
    assert '"complete"、"partial"、"stub"' in problem.message
    assert problem.suggestion == '你是否想写 "complete"？'


def test_pattern_is_explained_in_words_with_a_fix(tree: Path) -> None:
    edit(case_file(tree), "updated: 2024-05-01", 'updated: "2024/5/1"')
    problem = only(problems_of(tree), "updated")
    assert "YYYY-MM-DD" in problem.message and "^" not in problem.message
    assert problem.suggestion == '你是否想写 "2024-05-01"？'


def test_bad_id_pattern_suggests_a_slug(tree: Path) -> None:
    edit(case_file(tree), "courses: [demo-course]", "courses: [Demo_Course]")
    problem = only(problems_of(tree), "courses[0]")
    assert "小写英文字母" in problem.message
    assert problem.suggestion == '你是否想写 "demo-course"？'


def test_unknown_taxonomy_value_suggests_by_alias(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "region: shanghai", "region: 上海")
    problem = only(problems_of(tree), "region")
    assert problem.format() == (f'{path}:3:9: region: 未知地区 "上海"，'
                                '你是否想写 "shanghai"（上海市）？')


@pytest.mark.parametrize("value, expected", [
    ("Shanghai", "shanghai"), ("上海市浦东新区", "shanghai"), ("shanghia", "shanghai"),
    ("漳州", "zhangzhou"),
])
def test_taxonomy_did_you_mean_variants(tree: Path, value: str, expected: str) -> None:
    edit(case_file(tree), "region: shanghai", f"region: {value}")
    assert f'"{expected}"' in only(problems_of(tree), "region").suggestion


def test_unknown_taxonomy_value_without_guess_lists_ids(tree: Path) -> None:
    edit(case_file(tree), "themes: [smart-ageing]", "themes: [smart-ageing, zzzzzz]")
    problem = only(problems_of(tree), "themes[1]")
    assert problem.message == '未知主题 "zzzzzz"'
    assert "credit-bank" in problem.suggestion and "taxonomy.yml" in problem.suggestion


def test_id_must_equal_file_stem(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "id: demo-case", "id: other-case")
    problem = only(problems_of(tree), "id")
    assert problem.line == 1
    assert "demo-case.yml" in problem.message
    assert '"demo-case"' in problem.suggestion and "other-case.yml" in problem.suggestion


def test_ids_unique_across_types_name_both_files(tree: Path) -> None:
    twin = tree / "policies" / "demo-case.yml"
    shutil.copy(tree / "policies" / "demo-policy.yml", twin)
    edit(twin, "id: demo-policy", "id: demo-case")
    problems = problems_of(tree)
    ids = [p for p in problems if p.field == "id"]
    assert {p.path for p in ids} == {str(case_file(tree)), str(twin)}
    assert all("重复" in p.message for p in ids)
    assert any(str(twin) in p.message for p in ids if p.path == str(case_file(tree)))


def test_alias_must_not_clash_with_an_id(tree: Path) -> None:
    edit(case_file(tree), "aliases: [old-demo-case]", "aliases: [old-demo-case, demo-policy]")
    problem = only(problems_of(tree), "aliases[1]")
    assert "demo-policy.yml" in problem.message and "冲突" in problem.message


def test_alias_must_not_repeat_own_id_or_another_records_alias(tree: Path) -> None:
    edit(tree / "courses" / "demo-course.yml", "case: demo-case",
         "case: demo-case\naliases: [old-demo-case]")
    edit(case_file(tree), "aliases: [old-demo-case]", "aliases: [old-demo-case, demo-case]")
    problems = problems_of(tree)
    assert "相同" in only([p for p in problems if p.path.endswith("demo-case.yml")],
                          "aliases[1]").message
    course = [p for p in problems if p.path.endswith("demo-course.yml")]
    assert "demo-case.yml" in only(course, "aliases[0]").message


def test_reference_to_nothing_suggests_the_closest_id(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "policies: [demo-policy]", "policies: [demo-polcy]")
    problem = only(problems_of(tree), "policies[0]")
    assert problem.line == line_of(path, "demo-polcy")
    assert '找不到 id 为 "demo-polcy" 的政策文件' in problem.message
    assert problem.suggestion == '你是否想写 "demo-policy"（示例政策文件）？'


def test_reference_by_title_suggests_the_id(tree: Path) -> None:
    edit(case_file(tree), "policies: [demo-policy]", "policies: [示例政策文件]")
    problems = problems_of(tree)
    assert any('"demo-policy"' in (p.suggestion or "") for p in problems
               if p.field == "policies[0]")


def test_reference_to_the_wrong_type(tree: Path) -> None:
    edit(case_file(tree), "policies: [demo-policy]", "policies: [demo-course]")
    problem = only(problems_of(tree), "policies[0]")
    assert "是课程" in problem.message and "需要政策文件" in problem.message


def test_reference_to_an_old_id_names_the_new_one(tree: Path) -> None:
    edit(tree / "courses" / "demo-course.yml", "case: demo-case", "case: old-demo-case")
    problem = only(problems_of(tree), "case")
    assert "旧编号" in problem.message and '"demo-case"' in problem.suggestion


def test_record_must_not_reference_itself(tree: Path) -> None:
    edit(case_file(tree), "courses: [demo-course]", "courses: [demo-course]\ncases: [demo-case]")
    assert "自己" in only(problems_of(tree), "cases[0]").message


@pytest.mark.parametrize("written", ["2023-02-30", '"2023-02-30"'])
def test_impossible_dates_are_rejected(tree: Path, written: str) -> None:
    path = case_file(tree)
    edit(path, "    date: 2023-08-30", f"    date: {written}")
    problem = only(problems_of(tree), "sources[0].date")
    assert problem.line == line_of(path, "2023-02-30")
    assert "2023-02-30 不存在" in problem.message


@pytest.mark.parametrize("written, why", [('"2023-13-05"', "没有 13 月"),
                                          ('"2023-00"', "没有 0 月"),
                                          ('"2023-04-31"', "4 月没有 31 日")])
def test_a_date_of_the_right_shape_says_which_part_is_wrong(tree: Path, written: str,
                                                            why: str) -> None:
    """"格式不对" for 2023-13-05 sends the editor looking at the format, which is right."""
    edit(case_file(tree), "    date: 2023-08-30", f"    date: {written}")
    problem = only(problems_of(tree), "sources[0].date")
    assert why in problem.message and "格式不对" not in problem.message


def test_date_with_implausible_year(tree: Path) -> None:
    edit(case_file(tree), "updated: 2024-05-01", "updated: 1900-05-01")
    problem = only(problems_of(tree), "updated")
    assert "1949" in problem.message and str(year_max()) in problem.message


@pytest.mark.parametrize("year", [1900, 1948, year_max() + 1, 2099])
def test_implausible_years(tree: Path, year: int) -> None:
    path = case_file(tree)
    edit(path, "year: 2023", f"year: {year}")
    problem = only(problems_of(tree), "year")
    assert problem.line == line_of(path, "year:")
    assert f"年份 {year} 不合理" in problem.message
    assert f"1949 年到 {year_max()} 年" in problem.message


def test_year_inside_a_list_item(tree: Path) -> None:
    edit(case_file(tree), "unit: 个, year: 2023", "unit: 个, year: 1800")
    assert "不合理" in only(problems_of(tree), "results[0].year").message


def test_summary_length_says_how_many(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "summary: 这是", "summary: " + "长" * 200 + "这是")
    problem = only(problems_of(tree), "summary")
    assert "最多 200 个字" in problem.message
    count = 200 + len("这是一条用于测试校验器的示例案例，内容是虚构的，只用来检查字段格式。")
    assert f"现在有 {count} 个" in problem.message and f"多了 {count - 200} 个" in problem.message


@pytest.mark.parametrize("field, old, new, said", [
    ("replicability", "replicability: 适用于有社区学校网络的城市。", 'replicability: "   "',
     "值为空白"),
    ("title", "title: 示例社区学习中心", "title: ''", "必填字段还没有填写"),  # required
])
def test_blank_strings(tree: Path, field: str, old: str, new: str, said: str) -> None:
    edit(case_file(tree), old, new)
    assert only(problems_of(tree), field).message.startswith(said)


@pytest.mark.parametrize("new", ["level:", "level: null", "level: ~"])
def test_null_says_omit_the_field(tree: Path, new: str) -> None:
    edit(case_file(tree), "level: municipal", new)
    problem = only(problems_of(tree), "level")
    assert "null" in problem.message and "整行删除" in problem.suggestion


def test_empty_list_and_mapping(tree: Path) -> None:
    path = case_file(tree)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("practices:"), text.index("results:")
    path.write_text(text[:start] + "practices: []\ncomparison: {}\n" + text[end:],
                    encoding="utf-8")
    problems = problems_of(tree)
    assert only(problems, "practices").message == "列表为空"
    assert only(problems, "comparison").message == "内容为空"


def test_gbk_file_gets_a_clear_error(tree: Path) -> None:
    path = case_file(tree)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    problem = only(problems_of(tree), FILE_FIELD)
    assert problem.line == 2  # the first non-ASCII byte is in the title
    assert "GBK" in problem.message and "示例社区学习中心" in problem.message
    assert "UTF-8" in problem.suggestion


def test_binary_garbage_is_not_called_gbk(tree: Path) -> None:
    case_file(tree).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x80")
    problem = only(problems_of(tree), FILE_FIELD)
    assert "不是 UTF-8 文本" in problem.message


def test_utf16_is_named(tree: Path) -> None:
    case_file(tree).write_bytes("id: demo-case\n".encode("utf-16"))
    assert "UTF-16" in only(problems_of(tree), FILE_FIELD).message


def test_utf8_bom_is_accepted(tree: Path) -> None:
    path = case_file(tree)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_of(tree) == []


def test_control_characters_are_located(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "title: 示例社区学习中心", "title: 示例\x07社区学习中心")
    problem = only(problems_of(tree), FILE_FIELD)
    assert (problem.line, problem.col) == (2, len("title: 示例") + 1)
    assert "U+0007" in problem.message


FIRST = "  - 第一条做法。"
REPL = "replicability: 适用"


@pytest.mark.parametrize("field, old, new, words", [
    ("summary", "summary: 这是", "summary: <script>alert(1)</script>这是", "<script>"),
    ("background", "  第二行。", '  第二行。<img src=x onerror="alert(1)">', "事件属性"),
    ("practices[0]", FIRST, "  - '[点我](javascript:alert(1))'", "javascript:"),
    ("practices[0]", FIRST, "  - '<a href=\"VBScript:msgbox\">x</a>'", "vbscript:"),
    ("practices[0]", FIRST, "  - '<a href=\"&#106;avascript:x\">x</a>'", "javascript:"),
    ("replicability", REPL, "replicability: <iframe src=x></iframe>适用", "<iframe>"),
    ("replicability", REPL, "replicability: <OBJECT data=x>适用", "<object>"),
    ("replicability", REPL, "replicability: <embed src=x>适用", "<embed>"),
    ("sources[0].url", "    section: 一、示例章节", "    section: 一、示例章节\n"
     "    url: data:text/html;base64,xx", "data:text/html"),
    ("organisations[0].name", "{name: 示例社区学校", "{name: '<svg/onload=alert(1)>'", "事件属性"),
])
def test_unsafe_markup_in_any_field(tree: Path, field: str, old: str, new: str,
                                    words: str) -> None:
    edit(case_file(tree), old, new)
    problems = [p for p in problems_of(tree) if p.field == field and "不" in p.message]
    assert any(words.lower() in p.message.lower() for p in problems), \
        "\n".join(p.format() for p in problems_of(tree))


def test_unsafe_markup_line_inside_a_block_scalar(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "  第二行。", "  第二行。<script>x</script>")
    problem = only(problems_of(tree), "background")
    assert problem.line == line_of(path, "<script>")


def test_script_in_summary_is_reported_once(tree: Path) -> None:
    edit(case_file(tree), "summary: 这是", "summary: <script>x</script>这是")
    assert "<script>" in only(problems_of(tree), "summary").message


def test_plain_fields_refuse_any_html(tree: Path) -> None:
    edit(case_file(tree), "summary: 这是", "summary: <b>这是</b>")
    problem = only(problems_of(tree), "summary")
    assert "HTML 标签" in problem.message and "<b>" in problem.message


def test_markdown_fields_allow_harmless_html(tree: Path) -> None:
    edit(case_file(tree), "  第二行。", "  第二行。<b>强调</b>")
    assert problems_of(tree) == []


def test_yaml_aliases_are_refused(tree: Path) -> None:
    edit(case_file(tree), "tasks: [learning-city]", "tasks: &t [learning-city]\nthemes2: *t")
    problem = next(p for p in problems_of(tree) if "别名" in p.message)
    assert (problem.field, problem.line) == ("themes2", 4)


def test_yaml_tags_are_refused(tree: Path) -> None:
    edit(case_file(tree), "title: 示例社区学习中心", "title: !!binary aGVsbG8=")
    assert "标签" in only(problems_of(tree), "title").message


@pytest.mark.parametrize("text", ["[" * 200_000, "- " * 100_000 + "x", "{a: " * 100_000])
def test_absurd_nesting_is_refused_without_crashing(tree: Path, text: str) -> None:
    case_file(tree).write_text(text, encoding="utf-8")
    problem = only(problems_of(tree), FILE_FIELD)
    assert "嵌套" in problem.message or "YAML" in problem.message


def test_moderate_nesting_is_reported_with_its_field(tree: Path) -> None:
    edit(case_file(tree), "status: complete", "status: complete\nx: " + "[" * 40 + "]" * 40)
    assert any("嵌套层级过深" in p.message for p in problems_of(tree))


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 10 * 1024 * 1024])
def test_huge_files_are_refused(tree: Path, size: int) -> None:
    case_file(tree).write_bytes(b"a: " + b"x" * (size - 3))
    problem = only(problems_of(tree), FILE_FIELD)
    assert "文件太大" in problem.message and "1 MB" in problem.message


@pytest.mark.parametrize("text", ["".join(f"k{i}: {i}\n" for i in range(20_000)),
                                  "a: 1\n" * 20_000])
def test_a_junk_file_lists_at_most_a_hundred_problems(tree: Path, text: str) -> None:
    case_file(tree).write_text(text, encoding="utf-8")
    problems = problems_of(tree)
    assert len(problems) == MAX_PER_FILE + 1
    assert problems[-1].field == FILE_FIELD and "问题太多" in problems[-1].message


def test_stray_files_in_record_folders(tree: Path) -> None:
    (tree / "cases" / "new-case.yaml").write_text("id: new-case\n", encoding="utf-8")
    (tree / "cases" / ".hidden.yml").write_text("junk: [", encoding="utf-8")
    problem = only(problems_of(tree), FILE_FIELD)
    assert problem.path.endswith("new-case.yaml") and "new-case.yml" in problem.suggestion


def test_every_problem_of_a_run_is_reported(tree: Path) -> None:
    path = case_file(tree)
    edit(path, "region: shanghai", "region: 上海")
    edit(path, "year: 2023", "year: 1800")
    edit(path, "status: complete", "status: done")
    edit(tree / "courses" / "demo-course.yml", "provider: 示例社区学院", "provider: ''")
    problems = problems_of(tree)
    assert {p.field for p in problems} == {"region", "year", "status", "provider"}
    assert [p.line for p in problems[:3]] == sorted(p.line for p in problems[:3])


# --- the taxonomy file --------------------------------------------------------

def taxonomy_problems(tree: Path, old: str, new: str) -> list[Problem]:
    path = tree / "taxonomy.yml"
    edit(path, old, new)
    return [p for p in problems_of(tree) if p.path == str(path)]


def test_taxonomy_duplicate_id(tree: Path) -> None:
    problems = taxonomy_problems(tree, "{id: chongqing, name: 重庆市",
                                 "{id: shanghai, name: 重庆市")
    assert "重复" in only(problems, "regions[2].id").message


def test_taxonomy_alias_clash(tree: Path) -> None:
    problems = taxonomy_problems(tree, "aliases: [重庆, 渝]", "aliases: [重庆, 沪]")
    problem = only(problems, "regions[2].aliases[1]")
    assert '"shanghai"（上海市）' in problem.message


def test_taxonomy_unknown_parent_with_suggestion(tree: Path) -> None:
    problems = taxonomy_problems(tree, "parent: fujian", "parent: 福建")
    problem = only(problems, "regions[4].parent")
    assert '未知地区 "福建"' in problem.message and '"fujian"' in problem.suggestion


def test_taxonomy_parent_cycle_and_code_checks(tree: Path) -> None:
    path = tree / "taxonomy.yml"
    edit(path, '{id: fujian, name: 福建省, code: "350000",',
         '{id: fujian, name: 福建省, code: "350000", parent: zhangzhou,')
    edit(path, 'code: "500106"', 'code: "310000"')
    problems = [p for p in problems_of(tree) if p.path == str(path)]
    assert "循环" in only(problems, "regions[3].parent").message
    codes = [p for p in problems if p.field == "regions[5].code"]
    assert any("重复" in p.message for p in codes) and any("省份" in p.message for p in codes)


def test_taxonomy_schema_checks(tree: Path) -> None:
    problems = taxonomy_problems(tree, 'code: "310000"', "code: 310000")
    assert "应为文本" in only(problems, "regions[1].code").message
    problems = taxonomy_problems(tree, "group: key", "group: main")
    assert '"key"、"separate"' in only(problems, "tasks[0].group").message


def test_missing_taxonomy_file(tree: Path) -> None:
    (tree / "taxonomy.yml").unlink()
    problems = problems_of(tree)
    assert any(p.path.endswith("taxonomy.yml") and "找不到词表" in p.message for p in problems)


def test_missing_root() -> None:
    problem = only(validate_tree(Path("/nonexistent/content")), FILE_FIELD)
    assert "不存在" in problem.message


# --- deliberately broken copies (issue 2, "Done when") --------------------------

BREAKAGES = {
    "field removed": ("summary: 这是一条", "summry: 这是一条", "summary", "缺少必填字段"),
    "unknown region": ("region: shanghai", "region: 火星", "region", "未知地区"),
    "bad year": ("year: 2023", "year: 3023", "year", "不合理"),
    "yaml syntax": ("kind: local-programme", "kind: [local-programme", FILE_FIELD, "YAML 语法错误"),
    "duplicate key": ("level: municipal", "level: municipal\nkind: regional-experience", "kind",
                      "重复"),
    "script in summary": ("summary: 这是", "summary: <script>alert(1)</script>这是", "summary",
                          "<script>"),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_broken_copy_is_refused(tree: Path, name: str) -> None:
    old, new, field, words = BREAKAGES[name]
    path = case_file(tree)
    edit(path, old, new)
    problem = next(p for p in problems_of(tree) if p.field == field)
    assert problem.path == str(path)
    assert problem.line >= 1
    if field != FILE_FIELD and name != "field removed":
        assert problem.line == line_of(path, new.splitlines()[-1])
    assert words in problem.message
    assert problem.format().startswith(f"{path}:{problem.line}:{problem.col}: {field}: ")


def test_broken_copy_duplicate_id(tree: Path) -> None:
    copy = tree / "cases" / "demo-case-copy.yml"
    shutil.copy(case_file(tree), copy)
    problems = [p for p in problems_of(tree) if p.field == "id"]
    # the copy: id differs from its file name, and repeats the original's id
    copy_problems = [p for p in problems if p.path == str(copy)]
    assert any("不一致" in p.message for p in copy_problems)
    assert any("重复" in p.message and str(case_file(tree)) in p.message for p in copy_problems)
    # the original names the copy
    original = only([p for p in problems if p.path == str(case_file(tree))], "id")
    assert (original.line, original.col) == (1, 5) and str(copy) in original.message


def test_broken_copy_gbk(tree: Path) -> None:
    path = case_file(tree)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    problem = only(problems_of(tree), FILE_FIELD)
    assert (problem.path, problem.line) == (str(path), 2) and "GBK" in problem.message


# --- real content -------------------------------------------------------------

def test_real_content_validates() -> None:
    problems = validate_tree(CONTENT)
    assert problems == [], "\n" + "\n".join(p.format() for p in problems)


# --- library API ----------------------------------------------------------------

def test_problem_format_is_one_line() -> None:
    problem = Problem("a\nb.yml", 3, 4, "x", "bad\nvalue", "fix it")
    assert problem.format() == "a\\nb.yml:3:4: x: bad\\nvalue，fix it"
    assert Problem("p", 1, 1, "f", "m").format() == "p:1:1: f: m"
    assert len(Problem("p", 1, 1, "f", "a\u2028b\x85c\rd").format().splitlines()) == 1


def test_field_name() -> None:
    assert field_name(("sources", 0, "date")) == "sources[0].date"
    assert field_name(()) == FILE_FIELD
    assert field_name(("a b", 1)) == '["a b"][1]'


def test_display_path() -> None:
    assert display_path(ROOT / "content" / "cases" / "x.yml") == "content/cases/x.yml"
    assert display_path(Path("/elsewhere/x.yml")) == "/elsewhere/x.yml"


def test_validate_record_data_for_the_importer(tree: Path) -> None:
    taxonomy = Taxonomy.load(tree)
    index = Index.build(tree)
    data = {
        "id": "new-case", "title": "新案例", "region": "沪", "tasks": ["learning-city"],
        "year": 2024, "summary": "一个还没有写入文件的新案例，用来测试校验接口。",
        "sources": [{"title": "来源", "issuer": "机构", "date": "2024-01-02", "section": "一"}],
        "audiences": [], "themes": [], "status": "stub", "updated": "2024-01-02",
        "kind": "local-programme", "policies": ["demo-policy"],
    }
    target = tree / "cases" / "new-case.yml"
    problems = validate_record_data("case", data, target, taxonomy=taxonomy, index=index)
    assert [(p.field, p.line, p.col) for p in problems] == [("region", 0, 0)]
    assert '"shanghai"' in problems[0].suggestion
    data["region"] = "shanghai"
    assert validate_record_data("case", data, target, taxonomy=taxonomy, index=index) == []
    # an existing id at another path is a duplicate; at its own path it is itself
    data["id"] = "demo-case"
    assert validate_record_data("case", data, case_file(tree), taxonomy=taxonomy,
                                index=index) == []
    clash = validate_record_data("case", data, tree / "cases" / "demo-case.yml.new",
                                 taxonomy=taxonomy, index=index)
    assert any("重复" in p.message for p in clash)
    with pytest.raises(ValueError):
        validate_record_data("nonsense", data, taxonomy=taxonomy, index=index)


def test_load_corpus_reads_like_the_validator(tree: Path) -> None:
    corpus = load_corpus(tree)
    case = corpus.by_id()["demo-case"]
    assert case.data["updated"] == "2024-05-01"  # unquoted dates stay strings
    assert case.data["sources"][0]["date"] == "2023-08-30"
    case_file(tree).write_text("id: [", encoding="utf-8")
    with pytest.raises(ContentError, match="demo-case.yml"):
        load_corpus(tree)


# --- schemas ----------------------------------------------------------------------

def test_schemas_are_valid_and_compile() -> None:
    check_schemas()


def test_every_record_type_has_a_schema() -> None:
    assert set(RECORD_DIRS) <= set(schema_names())


def test_pattern_hints_match_the_schemas() -> None:
    text = "".join(json.dumps(load_schema(n)) for n in schema_names())
    for pattern in (ID_PATTERN, DATE_PATTERN, PARTIAL_DATE_PATTERN, URL_PATTERN):
        assert json.dumps(pattern) in text, pattern


def test_a_new_record_type_needs_only_a_folder_and_a_schema(
        tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    (schemas / "report.schema.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/casebook/schemas/report.schema.json",
        "title": "报告", "type": "object", "additionalProperties": False,
        "required": ["id", "title", "cases"],
        "properties": {
            "id": {"$ref": "defs.schema.json#/$defs/id"},
            "title": {"type": "string", "x-plain": True},
            "cases": {"type": "array", "items": {"$ref": "defs.schema.json#/$defs/id",
                                                 "x-ref": "case"}},
        },
    }), encoding="utf-8")
    monkeypatch.setattr("casebook.schema.SCHEMAS", schemas)
    monkeypatch.setitem(RECORD_DIRS, "report", "reports")
    (tree / "reports").mkdir()
    path = tree / "reports" / "demo-report.yml"
    path.write_text("id: demo-report\ntitle: 示例报告\ncases: [demo-case, demo-cas]\n",
                    encoding="utf-8")
    problems = validate_tree(tree)
    problem = only(problems, "cases[1]")
    assert problem.path == str(path) and '"demo-case"' in problem.suggestion
    assert check_tree(tree).records == 4


# --- CLI --------------------------------------------------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_clean_tree(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "--root", str(tree))
    assert code == 0 and out == ""
    assert "3 条记录" in err and "通过" in err


def test_cli_reports_problems_and_exits_1(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(case_file(tree), "region: shanghai", "region: 上海")
    edit(tree / "courses" / "demo-course.yml", "year: 2022", "year: 1022")
    code, out, err = run_cli(capsys, "--root", str(tree))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (f'{case_file(tree)}:3:9: region: 未知地区 "上海"，'
                        '你是否想写 "shanghai"（上海市）？')
    assert len(lines) == 2
    assert lines[1].startswith(f"{tree / 'courses' / 'demo-course.yml'}:5:7: year: ")
    assert "2 个问题" in err


def test_cli_path_filtering(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(case_file(tree), "region: shanghai", "region: 上海")
    course = tree / "courses" / "demo-course.yml"
    # only the given file is reported; its reference to the (broken) case still resolves
    code, out, err = run_cli(capsys, "--root", str(tree), str(course))
    assert (code, out) == (0, "") and "1 条记录" in err
    code, out, _ = run_cli(capsys, "--root", str(tree), str(tree / "cases"))
    assert code == 1 and out.count("\n") == 1 and "demo-case.yml" in out
    code, out, _ = run_cli(capsys, "--root", str(tree), str(tree / "nope.yml"))
    assert code == 1 and "不存在" in out


def test_cli_checks_a_file_outside_the_tree(tree: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "drafts" / "cases" / "draft-case.yml"
    draft.parent.mkdir(parents=True)
    text = case_file(tree).read_text(encoding="utf-8").replace("id: demo-case", "id: draft-case")
    draft.write_text(text.replace("aliases: [old-demo-case]\n", ""), encoding="utf-8")
    code, out, err = run_cli(capsys, "--root", str(tree), str(draft))
    assert (code, out) == (0, ""), out
    edit(draft, "courses: [demo-course]", "courses: [no-such-course]")
    code, out, _ = run_cli(capsys, "--root", str(tree), str(draft))
    assert code == 1 and out.startswith(f"{draft}:") and "courses[0]" in out


def test_cli_json_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(case_file(tree), "region: shanghai", "region: 上海")
    code, out, _ = run_cli(capsys, "--root", str(tree), "--format", "json")
    assert code == 1
    assert json.loads(out) == [{
        "path": str(case_file(tree)), "line": 3, "col": 9, "field": "region",
        "message": '未知地区 "上海"', "suggestion": '你是否想写 "shanghai"（上海市）？',
    }]
    code, out, _ = run_cli(capsys, "--root", str(FIXTURE), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_cli_module_on_real_content_with_repo_relative_paths(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "scripts.validate", "--format", "json",
                             "content/taxonomy.yml"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == [] and "Traceback" not in result.stderr
