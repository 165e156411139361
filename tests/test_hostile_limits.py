"""Limits that keep hostile text cheap: Markdown length, nesting and brackets,
taxonomy label lengths, and regexes that stay linear on adversarial input."""
from __future__ import annotations

import json
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from validate_support import case_file as _case
from validate_support import content_tree
from validate_support import only as _only

from casebook import intake
from casebook.load import Record
from casebook.markdown_limits import MAX_BRACKETS, MAX_LONG_TEXT, MAX_NESTING, nesting_depth
from casebook.paths import ROOT, SCHEMAS
from casebook.render.markup import _MD_CHARS, MarkupError, md, render_failure
from casebook.validate import _TAG, _UNSAFE, validate_tree
from scripts import from_issue

BUDGET = 5  # seconds for each worst input; the fixed code needs milliseconds


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return content_tree(tmp_path)


@pytest.fixture
def budget() -> Iterator[None]:
    """Fail (instead of hanging) if the test body runs longer than BUDGET."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {BUDGET} s: not linear")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(BUDGET)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _set_block(root: Path, field: str, text: str) -> None:
    """Append `field: |` with `text` to the demo case (after removing it)."""
    path = _case(root)
    lines = path.read_text(encoding="utf-8").splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.startswith(f"{field}:"):
            skipping = True
            continue
        if skipping and (line.startswith("  ") or not line):
            continue
        skipping = False
        kept.append(line)
    body = "\n".join("  " + t if t else "" for t in text.split("\n"))
    path.write_text("\n".join(kept) + f"\n{field}: |\n{body}\n", encoding="utf-8")


def _nested_list(levels: int) -> str:
    return "\n".join(" " * (4 * i) + f"- 第 {i} 层" for i in range(levels))


# --- Markdown limits (items 4, 5) -------------------------------------------------

def test_nested_lists_over_the_limit_are_refused_at_their_line(tree: Path) -> None:
    _set_block(tree, "background", "开头。\n\n" + _nested_list(30))  # 500 levels: too long
    problem = _only(validate_tree(tree), "background")
    assert "嵌套太深" in problem.message and str(MAX_NESTING) in problem.message
    text = _case(tree).read_text(encoding="utf-8").splitlines()
    assert text[problem.line - 1].strip() == "- 第 29 层"  # the deepest line


@pytest.mark.parametrize("text", [
    "1. " * 400 + "x", "- " * 400 + "x", "> " * 400 + "x", "> - 1. " * 100 + "x",
])
def test_nesting_on_one_line_counts_too(tree: Path, text: str) -> None:
    _set_block(tree, "replicability", text)
    assert "嵌套太深" in _only(validate_tree(tree), "replicability").message


def test_nesting_within_the_limit_is_fine(tree: Path) -> None:
    _set_block(tree, "background", _nested_list(MAX_NESTING))
    assert validate_tree(tree) == []
    assert "<ul>" in md(_nested_list(MAX_NESTING))


def test_many_brackets_are_refused(tree: Path) -> None:
    path = _case(tree)
    text = path.read_text(encoding="utf-8")
    many = "  - 第一条做法" + "[" * (MAX_BRACKETS + 1)  # 12,000 of them: too long as well
    path.write_text(text.replace("  - 第一条做法。", many), encoding="utf-8")
    problem = _only(validate_tree(tree), "practices[0]")
    assert "方括号" in problem.message and str(MAX_BRACKETS) in problem.message


@pytest.mark.parametrize("text, message", [
    ("见[通知", "没有配对"), ("见[通知](https://example.org/", "没有以“)”结束"),
    ("[[[[通知]]]]", "嵌套太深"), ("[通知](https://example.org/((((a)))))", "嵌套太深"),
])
def test_unclosed_or_deep_brackets_are_refused(tree: Path, text: str, message: str) -> None:
    _set_block(tree, "replicability", text)
    assert message in _only(validate_tree(tree), "replicability").message


@pytest.mark.parametrize("text", [
    "见[通知](https://example.org/a_(b))。", "写作 \\[1\\] 的编号", "[[通知](https://e.org/)]",
])
def test_ordinary_links_and_escaped_brackets_pass(tree: Path, text: str) -> None:
    _set_block(tree, "replicability", text)
    assert validate_tree(tree) == []


def test_long_text_is_refused_with_the_limit(tree: Path) -> None:
    _set_block(tree, "background", "字" * (MAX_LONG_TEXT + 1))
    problem = _only(validate_tree(tree), "background")
    assert str(MAX_LONG_TEXT) in problem.message


def test_schema_and_renderer_share_the_length_limit() -> None:
    defs = json.loads((SCHEMAS / "defs.schema.json").read_text(encoding="utf-8"))
    assert defs["$defs"]["text"]["maxLength"] == MAX_LONG_TEXT


@pytest.mark.parametrize("text", [
    _nested_list(500), "1. " * 2000, "[" * 12000, "![" * 6000, "字" * (MAX_LONG_TEXT + 1),
    "[" * 40 + "x" * 4000, "[a](" * 40 + "z" * 4000,
])
def test_renderer_refuses_what_the_validator_refuses(text: str, budget: None) -> None:
    with pytest.raises(MarkupError) as caught:
        md(text)
    assert caught.value.text == text


ACCEPTED_WORST = [  # the most bracket work the limits allow, each under 5,000 characters
    "[x]" * 50 + "y" * 4850, ("[[[" + "x" * 90 + "]]]") * 16, "[[[" + "x" * 4990 + "]]]",
    "[a](b)" * 49 + "c" * 4700, ("[" + "x" * 97 + "]") * 50, "[a](x (y) z)" * 40 + "k" * 4500,
    "[a](" + "(" * 2 + "z" * 4900 + ")" * 3, "[x]: " * 50 + "w" * 4700,
]


@pytest.mark.parametrize("text", ACCEPTED_WORST, ids=range(len(ACCEPTED_WORST)))
def test_accepted_markdown_renders_within_the_budget(text: str, budget: None) -> None:
    assert len(text) <= MAX_LONG_TEXT
    md(text)  # renders (the limits allow it) and completes within the budget


def test_renderer_error_names_file_and_field() -> None:
    bad = _nested_list(500)
    record = Record("case", ROOT / "content/cases/x.yml",
                    {"id": "x", "practices": ["ok", bad]})
    with pytest.raises(MarkupError) as caught:
        md(bad)
    message = render_failure([record], "cases/x/", caught.value)
    assert message.startswith("content/cases/x.yml: practices[1]: ")
    other = render_failure([record], "cases/x/", RecursionError("maximum recursion depth"))
    assert other.startswith("content/cases/x.yml: (文件): ") and "Traceback" not in other


def test_nesting_depth_counts_levels() -> None:
    assert nesting_depth("- a\n    - b\n        - c")[0] == 3
    assert nesting_depth("> > - 1. x")[0] == 4
    assert nesting_depth("2024-01 与 +1 不是列表")[0] == 0


# --- taxonomy label lengths (item 6) -------------------------------------------------

@pytest.mark.parametrize("old, new, field", [
    ("name: 上海市,", "name: '<" + " " * 40000 + "',", "regions[1].name"),
    ("aliases: [上海, 沪]", "aliases: [上海, " + "沪" * 51 + "]", "regions[1].aliases[1]"),
])
def test_taxonomy_labels_have_length_limits(tree: Path, old: str, new: str, field: str,
                                            budget: None) -> None:
    path = tree / "taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert "50" in _only(validate_tree(tree), field).message


# --- every regex that sees content is linear (item 6) ----------------------------------

N = 100_000
WORST: list[tuple[str, Callable[[str], object], str]] = [
    ("_TAG, < then spaces", _TAG.search, "<" + " " * N),
    ("_TAG, <a then spaces", _TAG.search, "<a" + " " * N),
    ("_TAG, many <", _TAG.search, "< " * N),
    *((f"unsafe {p.pattern[:12]}", p.search, s) for p, _, _ in _UNSAFE
      for s in ("<a" + " on" * N, "java" + " " * N, "<a " + "onx" * N, "data" + " " * N)),
    ("_MD_CHARS blank lines", _MD_CHARS.search, "a" + "\n " * N + "a"),
    ("_MD_CHARS tabs", _MD_CHARS.search, "a" + "\t" * N + "\nx"),
    ("nesting_depth", nesting_depth, "1. " * N),
    ("intake item separator", intake._ITEM_SEP.split, "a" + " " * N + "b"),
    ("intake source separator", intake._SOURCE_SEP.split, "a" + " " * N + "b"),
    ("from_issue heading", from_issue._HEADING.findall, "### a" + " " * N + "b\n### " + " " * N),
]


@pytest.mark.parametrize("name, run, text", WORST, ids=[w[0] for w in WORST])
def test_regex_is_linear_on_its_worst_input(name: str, run: Callable[[str], object], text: str,
                                           budget: None) -> None:
    run(text)  # completing within the budget is the assertion


def test_plain_field_with_a_tag_of_spaces_is_checked_quickly(tree: Path, budget: None) -> None:
    path = _case(tree)
    text = path.read_text(encoding="utf-8").replace("section: 一、示例章节",
                                                    "section: '一、<" + " " * 200_000 + "'")
    path.write_text(text, encoding="utf-8")
    validate_tree(tree)


def test_separators_still_split_like_before() -> None:
    assert intake._ITEM_SEP.split("a、 、b ; c\n\n d") == ["a", "", "b", "c", "d"]
    assert intake._SOURCE_SEP.split("标题 | 机构｜ 2024 ") == ["标题", "机构", "2024 "]
    assert re.sub(from_issue._HEADING, "", "") == ""
    assert from_issue._HEADING.findall("### 案例名称  \n正文\n###\t地区\n") == ["案例名称", "地区"]


def test_contributing_documents_the_limits_in_force() -> None:
    """Each row of CONTRIBUTING §8's table states the limit the code enforces."""
    from casebook.markdown_limits import MAX_BRACKET_NESTING
    from casebook.yaml_source import MAX_BYTES, MAX_DEPTH

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## 8. 内容的限制", 1)[1].split("\n## ", 1)[0]
    taxonomy = json.loads((SCHEMAS / "taxonomy.schema.json").read_text(encoding="utf-8"))
    term = taxonomy["$defs"]["term"]["properties"]
    assert term["name"]["maxLength"] == term["aliases"]["items"]["maxLength"]
    rows = {"一个内容文件": f"{MAX_BYTES // 1024 // 1024} MB",
            "每段正文（": f"{MAX_LONG_TEXT} 字",
            "正文里列表和引用的嵌套": f"{MAX_NESTING} 层",
            "每段正文里的方括号": f"{MAX_BRACKETS} 个",
            "方括号、链接网址里括号的嵌套": f"{MAX_BRACKET_NESTING} 层",
            "词表的名称、别名": f"各 {term['name']['maxLength']} 字",
            "YAML 嵌套": f"{MAX_DEPTH} 层"}
    for label, limit in rows.items():
        row = next((line for line in section.splitlines() if line.startswith(f"| {label}")), None)
        assert row is not None, label
        assert row.split("|")[2].strip() == limit, (label, row)
