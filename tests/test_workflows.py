"""GitHub configuration: workflows are safe and complete, validator output
becomes annotations, CODEOWNERS follows the taxonomy, the PR template has
its checklist."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.load import load_taxonomy
from casebook.paths import ROOT
from scripts import annotate, codeowners

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# Jobs that may write more than Pages (test_issue_to_pr_* below says why).
JOB_WRITES = {("issue-to-pr.yml", "comment"): {"issues"},
              ("issue-to-pr.yml", "pull-request"): {"contents", "pull-requests", "issues"}}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@([0-9a-f]{40}|v\d+(\.\d+){0,2})$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as True
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_least_privilege_and_pinned(path: Path) -> None:
    code = [ln for ln in path.read_text(encoding="utf-8").splitlines()
            if not ln.lstrip().startswith("#")]
    wf = load(path)
    assert not any("pull_request_target" in ln for ln in code)
    triggers = wf["on"] if isinstance(wf["on"], (dict, list)) else [wf["on"]]
    assert "pull_request_target" not in triggers
    perms = wf.get("permissions")
    assert isinstance(perms, dict), "explicit top-level permissions (not write-all)"
    assert all(v in ("read", "none") for v in perms.values()), "top level may only read"
    for name, job in wf["jobs"].items():
        assert job.get("timeout-minutes"), f"job {name} has no timeout"
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        assert writes <= JOB_WRITES.get((path.name, name), {"pages", "id-token"}), \
            f"job {name} writes {writes}"
    for step in steps(wf):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{path.name}: unpinned action {step['uses']}"
        if "actions/checkout" in step.get("uses", ""):
            assert step.get("with", {}).get("persist-credentials") is False


def test_pull_request_checks() -> None:
    wf = load(ROOT / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in wf["on"]
    runs = "\n".join(s.get("run", "") for s in steps(wf))
    assert "apt-get install" in runs and "chromium" in runs
    assert "scripts.validate --format json" in runs and "scripts.annotate" in runs
    assert "make build" in runs and "make test" in runs and "linkcheck.py site/" in runs
    upload = [s for s in steps(wf) if "actions/upload-artifact" in s.get("uses", "")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"
    image = wf["jobs"]["check"]["container"]["image"]
    assert image.startswith("python:3.11-")  # Python 3.11 on Debian, for Debian chromium


def test_deploy_to_pages() -> None:
    wf = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for s in steps(wf)]
    assert any("actions/upload-pages-artifact" in u for u in uses)
    assert any("actions/deploy-pages" in u for u in uses)
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"]["pages"] == "write"
    assert deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    build = wf["jobs"]["build"].get("permissions", {})
    assert all(v in ("read", "none") for v in build.values())  # the build job only reads
    assert any("SITE_URL" in s.get("env", {}) for s in steps(wf))


# --- annotations ------------------------------------------------------------

PROBLEMS = [
    {"path": "content/cases/a.yml", "line": 4, "col": 9, "field": "region",
     "message": '未知地区 "上海"，你是否想写 "shanghai"（上海市）？', "suggestion": None},
    {"path": str(ROOT / "content/cases/b,c.yml"), "line": 0, "col": 0, "field": "(文件)",
     "message": "第一行\n第二行 100%", "suggestion": "请修改"},
]


def test_annotations(tmp_path: Path, capsys: pytest.CaptureFixture,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "problems.json"
    src.write_text(json.dumps(PROBLEMS, ensure_ascii=False), encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert annotate.main([str(src)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ('::error file=content/cases/a.yml,line=4,col=9,title=内容校验：region::'
                        '未知地区 "上海"，你是否想写 "shanghai"（上海市）？')
    assert lines[1] == ('content/cases/a.yml:4:9: region: '
                        '未知地区 "上海"，你是否想写 "shanghai"（上海市）？')
    # properties escape , and :, data escapes newlines and %; no line=0
    assert lines[2] == ("::error file=content/cases/b%2Cc.yml,title=内容校验：(文件)::"
                        "第一行%0A第二行 100%25（建议：请修改）")
    assert "2 个问题" in summary.read_text(encoding="utf-8")


def test_annotations_clean_and_broken_input(tmp_path: Path, capsys: pytest.CaptureFixture
                                            ) -> None:
    (tmp_path / "ok.json").write_text("[]", encoding="utf-8")
    (tmp_path / "bad.json").write_text("Traceback (most recent call last):", encoding="utf-8")
    assert annotate.main([str(tmp_path / "ok.json")]) == 0
    assert annotate.main([str(tmp_path / "bad.json")]) == 2
    assert "::error title=内容校验::无法读取校验结果" in capsys.readouterr().out


def test_validator_json_feeds_annotations(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The real validator's JSON, for a broken record, becomes an annotation."""
    import shutil

    from scripts import validate

    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    path = root / "cases" / "shanghai-jinse-xuetang.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("region: shanghai", "region: 上海"),
                    encoding="utf-8")
    assert validate.main(["--root", str(root), "--format", "json", str(path)]) == 1
    (tmp_path / "p.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert annotate.main([str(tmp_path / "p.json")]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^::error file=[^,]*shanghai-jinse-xuetang\.yml,line=\d+,col=\d+,"
                     r"title=内容校验：region::.*shanghai", out, re.M)


# --- CODEOWNERS and the PR template -------------------------------------------

def test_codeowners_is_current_and_routes_regions() -> None:
    assert codeowners.main(["--check"]) == 0, "run: python -m scripts.codeowners"
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = dict(line.split(None, 1) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))
    assert rules["/content/*/tianjin-*.yml"].startswith("@learning-society/tianjin-editors")
    assert rules["/content/*/shapingba-*.yml"].startswith("@learning-society/chongqing-editors")
    regions = [r["id"] for r in load_taxonomy()["regions"] if r["id"] != "quanguo"]
    assert all(f"/content/*/{r}-*.yml" in rules for r in regions)
    assert rules["*"] == "@learning-society/maintainers"


def test_pull_request_template_has_a_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5
    assert any("sources" in i for i in items) and any("status" in i for i in items)


# --- issue-to-pr.yml: untrusted issue text never becomes code -----------------------

ISSUE_TO_PR = ROOT / ".github" / "workflows" / "issue-to-pr.yml"


def test_issue_to_pr_runs_on_form_issues() -> None:
    from scripts import issue_form

    wf = load(ISSUE_TO_PR)
    assert wf["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert f"'{issue_form.LABEL}'" in wf["jobs"]["convert"]["if"]
    assert "scripts.issue_bot convert" in "\n".join(s.get("run", "") for s in steps(wf))


def test_issue_to_pr_body_never_reaches_run_text() -> None:
    wf = load(ISSUE_TO_PR)
    for step in steps(wf):
        assert "${{" not in step.get("run", ""), f"expression in run: {step['run']}"
        for value in (step.get("env") or {}).values():
            assert "github.event" not in str(value), "issue text only via $GITHUB_EVENT_PATH"
    convert = "\n".join(s.get("run", "") for s in wf["jobs"]["convert"]["steps"])
    assert '--event "$GITHUB_EVENT_PATH"' in convert


def test_issue_to_pr_permissions_are_per_job() -> None:
    wf = load(ISSUE_TO_PR)
    assert wf["permissions"] == {}
    jobs = wf["jobs"]
    assert jobs["convert"]["permissions"] == {"contents": "read"}
    assert jobs["comment"]["permissions"] == {"issues": "write"}
    assert jobs["pull-request"]["permissions"] == {
        "contents": "write", "pull-requests": "write", "issues": "write"}


def test_issue_to_pr_writing_jobs_run_only_our_own_code() -> None:
    """The jobs holding a write token install nothing and run one stdlib script
    from the default branch; the result of `convert` reaches them as data."""
    wf = load(ISSUE_TO_PR)
    for name in ("comment", "pull-request"):
        job = wf["jobs"][name]
        assert job["needs"] == "convert" and "container" not in job
        runs = [s["run"] for s in job["steps"] if "run" in s]
        assert runs == ["python3 -m scripts.issue_bot respond"]
        for step in job["steps"]:
            if "uses" in step:
                assert step["uses"].startswith("actions/checkout@")
                assert set(step["with"]) == {"persist-credentials"}  # no ref: default branch
            if "env" in step:
                assert step["env"]["RESULT"] == "${{ needs.convert.outputs.result }}"


def test_issue_to_pr_reuses_pinned_shas() -> None:
    pinned = {s["uses"] for p in WORKFLOWS if p != ISSUE_TO_PR for s in steps(load(p))
              if "uses" in s}
    for step in steps(load(ISSUE_TO_PR)):
        if "uses" in step:
            assert re.search(r"@[0-9a-f]{40}$", step["uses"]) and step["uses"] in pinned

# --- issue 12 (hostile input): pinned container, scoped write permissions ----------

IMAGE_DIGEST = re.compile(r"^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_container_images_are_pinned_by_digest_with_the_tag_named(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        container = job.get("container")
        if container is None:
            continue
        image = container["image"] if isinstance(container, dict) else container
        assert IMAGE_DIGEST.match(image), f"{path.name} job {name}: {image} is not pinned"
        tag = image.split("@", 1)[0]
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if image in line)
        above = [line for line in lines[max(at - 3, 0):at] if line.strip().startswith("#")]
        assert any(tag in line for line in above), f"{path.name}: no comment naming {tag}"


def test_only_the_deploy_job_writes_and_says_why() -> None:
    path = ROOT / ".github" / "workflows" / "deploy.yml"
    jobs = load(path)["jobs"]
    writers = {name for name, job in jobs.items()
               if "write" in (job.get("permissions") or {}).values()}
    assert writers == {"deploy"}
    assert not any(s.get("run") for s in jobs["deploy"]["steps"])  # runs no code of ours
    lines = path.read_text(encoding="utf-8").splitlines()
    for key in ("pages: write", "id-token: write"):
        line = next(ln for ln in lines if ln.strip().startswith(key))
        assert "#" in line, f"no comment saying why {key}"
