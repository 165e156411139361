"""The status rule (CONTRIBUTING “如实标注完整程度”) as validator errors."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_validate import FIXTURE, edit, line_of

from bench.synthetic import minimal_record
from casebook.status import STUB_BELOW, fact_count, rule_status, status_problem
from casebook.validate import Problem, validate_record_data, validate_tree


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The validator's fixture tree (valid, statuses by rule), to break."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "content"))


def status_problems(root: Path) -> list[Problem]:
    return [p for p in validate_tree(root) if p.field == "status"]


def test_fixture_obeys_the_rule(tree: Path) -> None:
    assert status_problems(tree) == []


def test_metadata_policy_must_be_a_stub(tree: Path) -> None:
    path = tree / "policies" / "demo-policy.yml"
    edit(path, "coverage: summary", "coverage: metadata")
    [problem] = status_problems(tree)
    assert problem.line == line_of(path, "status:") and problem.col > 0
    assert "coverage: metadata" in problem.message and '"stub"' in problem.suggestion
    assert problem.format().startswith(f"{problem.path}:{problem.line}:{problem.col}: status: ")
    edit(path, "status: complete", "status: stub")
    assert status_problems(tree) == []


def test_summarised_policy_is_not_a_stub(tree: Path) -> None:
    edit(tree / "policies" / "demo-policy.yml", "status: complete", "status: stub")
    [problem] = status_problems(tree)
    assert "coverage: summary" in problem.message


def test_case_with_few_facts_must_be_a_stub(tree: Path) -> None:
    path = tree / "cases" / "demo-case.yml"
    edit(path, "  - {what: 学习点数量, value: 31, unit: 个, year: 2023}\n", "")
    [problem] = status_problems(tree)
    assert "3 项" in problem.message and '"stub"' in problem.suggestion
    edit(path, "status: complete", "status: partial")
    assert len(status_problems(tree)) == 1  # partial is not enough either
    edit(path, "status: partial", "status: stub")
    assert status_problems(tree) == []


def test_stub_with_enough_facts_is_reported(tree: Path) -> None:
    edit(tree / "cases" / "demo-case.yml", "status: complete", "status: stub")
    [problem] = status_problems(tree)
    assert "4 项" in problem.message and '"partial"' in problem.suggestion


@pytest.mark.parametrize("field, word", [
    ("replicability: 适用于有社区学校网络的城市。\n", "可复制要点"),
    ("background: |\n  示例背景，第一行。\n  第二行。\n", "背景"),
])
def test_complete_case_needs_all_four_parts(tree: Path, field: str, word: str) -> None:
    path = tree / "cases" / "demo-case.yml"
    edit(path, field, "")
    [problem] = status_problems(tree)
    assert word in problem.message and '"partial"' in problem.suggestion
    edit(path, "status: complete", "status: partial")
    assert status_problems(tree) == []


def test_course_without_scale_or_provider_is_a_stub() -> None:
    course = minimal_record("course", "syn-course", status="partial",
                            description="只有名称和介绍。")
    problem = status_problem("course", course)
    assert problem is not None and problem.status == "stub"
    assert status_problem("course", {**course, "provider": "某社区学院"}) is None


def test_rule_status_repairs_and_keeps() -> None:
    case = minimal_record("case", "syn-case", status="complete",
                          practices=["一", "二", "三", "四"])
    assert fact_count(case) == STUB_BELOW
    assert rule_status("case", case) == "partial"  # no background or replicability
    assert rule_status("case", {**case, "status": "partial"}) == "partial"
    assert rule_status("case", {**case, "practices": ["一"]}) == "stub"


def test_minimal_records_follow_the_rule() -> None:
    for rtype in ("case", "course", "policy"):
        record = minimal_record(rtype, f"syn-{rtype}")
        assert record["status"] == "stub"
        assert status_problem(rtype, record) is None


def test_data_api_reports_the_rule_without_a_file() -> None:
    policy = minimal_record("policy", "syn-policy", status="partial")
    problems = validate_record_data("policy", policy)
    assert [p.field for p in problems] == ["status"]


@pytest.mark.parametrize("status", [["stub"], {"a": 1}, None, 3])
def test_odd_status_values_are_left_to_the_schema(status: object) -> None:
    assert status_problem("case", {"status": status}) is None
