"""The issue form is generated from the taxonomy and current; submitted form
bodies become valid records (or are refused with the form's labels)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from editors_support import FIXTURES, content_copy, problems, snapshot

from casebook.load import load_taxonomy
from scripts import from_issue, issue_form
from scripts.issue_form import FIELDS

ISSUE_TEMPLATES = issue_form.OUTPUT.parent


def test_committed_form_matches_the_taxonomy() -> None:
    assert issue_form.main(["--check"]) == 0, "run: python -m scripts.issue_form"


def test_check_fails_when_the_form_drifts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture) -> None:
    stale = tmp_path / "new-case.yml"
    stale.write_text(issue_form.OUTPUT.read_text(encoding="utf-8").replace("（shanghai）", ""),
                     encoding="utf-8")
    monkeypatch.setattr(issue_form, "OUTPUT", stale)
    assert issue_form.main(["--check"]) == 1
    assert "python -m scripts.issue_form" in capsys.readouterr().err


def test_form_is_a_valid_github_issue_form() -> None:
    form = yaml.safe_load(issue_form.OUTPUT.read_text(encoding="utf-8"))
    assert form["name"] and form["description"] and form["body"]
    ids, labels = set(), set()
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] == "markdown":
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]) and item["id"] not in ids
        ids.add(item["id"])
        label = item["attributes"]["label"]
        assert label and label not in labels
        labels.add(label)
        if item["type"] == "dropdown":
            opts = item["attributes"]["options"]
            assert opts and len(opts) == len(set(opts))
            assert all("," not in o for o in opts)  # GitHub joins choices with ", "
    config = yaml.safe_load((ISSUE_TEMPLATES / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)


def test_dropdowns_list_every_taxonomy_term() -> None:
    form = yaml.safe_load(issue_form.OUTPUT.read_text(encoding="utf-8"))
    taxonomy = load_taxonomy()
    by_id = {item.get("id"): item for item in form["body"]}
    for f in FIELDS:
        item = by_id[f.key.replace("_", "-")]
        assert item["validations"]["required"] is f.required
        if f.vocab:
            opts = item["attributes"]["options"]
            assert [re.search(r"（([a-z0-9-]+)）$", o).group(1) for o in opts] \
                == [t["id"] for t in issue_form.ordered_terms(f.vocab, taxonomy[f.vocab])]
    required = {f.key for f in FIELDS if f.required}
    assert {"title", "region", "tasks", "kind", "year", "summary", "source_title",
            "source_issuer", "source_date", "source_section"} <= required


# --- from_issue ---------------------------------------------------------------

def github_body(answers: dict[str, str]) -> str:
    """A body as GitHub renders a submitted form (`_No response_` when empty)."""
    parts = [f"### {f.label}\n\n{answers.get(f.key) or '_No response_'}" for f in FIELDS]
    parts.append("### 确认\n\n" + "\n".join(f"- [X] {c}" for c in issue_form.CONFIRMATIONS))
    return "\n\n".join(parts) + "\n"


GOOD = {
    "title": "长者数字课堂", "region": "上海市（shanghai）",
    "tasks": "加强新时代学习型城市建设（learning-city）, 探索三教统筹协同创新路径"
             "（three-education-coordination）",
    "kind": "地方特色项目（local-programme）", "year": "2023",
    "summary": "某区依托社区学校开设面向老年人的数字技能课程，\n帮助老年人使用智能手机。",
    "practices": "1. 社区学校每周开课\n2. 志愿者一对一辅导",
    "audiences": "老年人（seniors）", "source_title": "示例来源", "source_issuer": "示例期刊",
    "source_date": "2023年10月14日", "source_section": "第二部分",
}


def test_good_body_becomes_a_valid_record(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = content_copy(tmp_path)
    body = tmp_path / "body.md"
    body.write_text(github_body(GOOD), encoding="utf-8")
    assert from_issue.main([str(body), "--root", str(root)]) == 0, capsys.readouterr()
    path = root / "cases" / "shanghai-zhangzhe-shuzi-ketang.yml"
    assert problems(root) == []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["region"] == "shanghai"
    assert data["tasks"] == ["learning-city", "three-education-coordination"]
    assert data["summary"] == GOOD["summary"].replace("\n", "")
    assert data["practices"] == ["社区学校每周开课", "志愿者一对一辅导"]
    assert data["audiences"] == ["seniors"] and data["themes"] == []
    assert data["sources"][0]["date"] == "2023-10-14" and "url" not in data["sources"][0]
    assert data["status"] == "stub"  # two practices: fewer than 4 source facts (status rule)
    assert "level" not in data and "outcomes" not in data


def test_sample_body_fixture(tmp_path: Path) -> None:
    """A body as saved from a real submission (CRLF, numbered lines, a ### in an answer)."""
    root = content_copy(tmp_path)
    text = (FIXTURES / "issue-good.md").read_text(encoding="utf-8")
    line = "把区、街镇、村三级学习网络连起来。"
    text = text.replace(line, line + "\n### 注：这一行不是标题").replace("\n", "\r\n")
    draft = from_issue.draft_from_body(text, root=root)
    assert draft.problems == []
    assert draft.data["region"] == "jiangjin" and draft.data["level"] == "county"
    assert draft.data["id"] == "chongqing-jiangjin-shequ-xuexi-shifandian-jianshe"
    assert "### 注：这一行不是标题" in draft.data["summary"]
    assert [o["name"] for o in draft.data["organisations"]] == ["示例区社区教育学院",
                                                                 "示例区职业教育中心"]
    assert draft.data["sources"][0]["url"] == "https://example.org/article"


def test_bad_body_is_refused_with_the_forms_labels(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    root = content_copy(tmp_path)
    before = snapshot(root)
    bad = {**GOOD, "year": "去年", "summary": "太短", "source_section": "",
           "source_url": "www.example.org"}
    body = tmp_path / "body.md"
    body.write_text(github_body(bad), encoding="utf-8")
    assert from_issue.main([str(body), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "没有写入任何文件" in err
    for label in ("【年度】", "【案例简介】", "【所依据的章节】", "【来源网址】"):
        assert label in err
    assert snapshot(root) == before


def test_existing_case_is_not_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = content_copy(tmp_path)
    before = snapshot(root)
    body = tmp_path / "body.md"
    body.write_text(github_body({**GOOD, "title": "金色学堂"}), encoding="utf-8")
    assert from_issue.main([str(body), "--root", str(root)]) == 1
    assert "shanghai-jinse-xuetang" in capsys.readouterr().err
    assert snapshot(root) == before


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = content_copy(tmp_path)
    before = snapshot(root)
    body = tmp_path / "body.md"
    body.write_text(github_body(GOOD), encoding="utf-8")
    assert from_issue.main([str(body), "--root", str(root), "--dry-run"]) == 0
    assert "title: 长者数字课堂" in capsys.readouterr().out
    assert snapshot(root) == before


def test_a_body_file_that_is_not_there_is_said_in_chinese(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    assert from_issue.main([str(tmp_path / "issue-12.md"), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "找不到这个文件" in err and "No such file" not in err
