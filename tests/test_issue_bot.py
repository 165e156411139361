"""The issue bot on recorded `issues` event payloads, against a local fake of
the GitHub REST API that records every request (tests/fixtures/editors/events)."""
from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from editors_support import FIXTURES

from scripts import issue_bot

EVENTS = FIXTURES / "events"
REPO = "learning-society/casebook"
BASE_SHA = "a" * 40
RECORD = "content/cases/chongqing-jiangjin-shequ-xuexi-shifandian-jianshe.yml"


class FakeGitHub:
    """Just enough of the REST API, with state: branches, pulls, comments."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.branches: dict[str, str] = {"main": BASE_SHA}
        self.files: dict[tuple[str, str], str] = {}
        self.pulls: list[dict[str, Any]] = []
        self.comments: list[dict[str, Any]] = []

    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        self.requests.append((method, path, body))
        url = urllib.parse.urlsplit(path)
        route = url.path.removeprefix(f"/repos/{REPO}")
        query = dict(urllib.parse.parse_qsl(url.query))
        if (method, route) == ("GET", ""):
            return 200, {"default_branch": "main"}
        if method == "GET" and route.startswith("/git/ref/heads/"):
            return 200, {"object": {"sha": self.branches[route.rsplit("/", 1)[1]]}}
        if (method, route) == ("POST", "/git/refs"):
            name = body["ref"].removeprefix("refs/heads/")
            if name in self.branches:
                return 422, {"message": "Reference already exists"}
            self.branches[name] = body["sha"]
            return 201, {"ref": body["ref"]}
        if method == "PATCH" and route.startswith("/git/refs/heads/"):
            name = route.rsplit("/", 1)[1]
            self.branches[name] = body["sha"]
            self.files = {k: v for k, v in self.files.items() if k[0] != name}
            return 200, {}
        if method == "PUT" and route.startswith("/contents/"):
            self.files[(body["branch"], route.removeprefix("/contents/"))] = \
                base64.b64decode(body["content"]).decode("utf-8")
            return 201, {}
        if (method, route) == ("GET", "/pulls"):
            head = query["head"].split(":", 1)[1]
            return 200, [p for p in self.pulls if p["head"] == head]
        if (method, route) == ("POST", "/pulls"):
            pull = {**body, "number": 100 + len(self.pulls),
                    "html_url": f"https://github.com/{REPO}/pull/{100 + len(self.pulls)}"}
            self.pulls.append(pull)
            return 201, pull
        if method == "GET" and route.endswith("/comments"):
            return 200, self.comments
        if method == "POST" and route.endswith("/comments"):
            self.comments.append({"id": 500 + len(self.comments), "body": body["body"],
                                  "user": {"login": "github-actions[bot]", "type": "Bot"}})
            return 201, self.comments[-1]
        if method == "PATCH" and route.startswith("/issues/comments/"):
            cid = int(route.rsplit("/", 1)[1])
            next(c for c in self.comments if c["id"] == cid)["body"] = body["body"]
            return 200, {}
        return 404, {"message": "Not Found"}

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _ in self.requests if m != "GET"]


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            assert self.headers["Authorization"] == "Bearer test-token"
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, reply = fake.handle(self.command, self.path, body)
            data = json.dumps(reply).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = _serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    yield fake
    server.shutdown()
    server.server_close()


def run_workflow(event: str, tmp_path: Path) -> str | None:
    """What the workflow does: `convert` writes job outputs, `respond` reads RESULT."""
    output = tmp_path / f"{event}.out"
    assert issue_bot.main(["convert", "--event", str(EVENTS / f"{event}.json"),
                           "--github-output", str(output)]) == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    outputs = dict(line.split("=", 1) for line in lines if "=" in line and "<<" not in line)
    if outputs["skip"] == "true":
        return None
    result_file = tmp_path / f"{event}.result"
    result_file.write_text(lines[lines.index(next(ln for ln in lines if ln.startswith("result<<")))
                                 + 1], encoding="utf-8")
    assert issue_bot.main(["respond", "--result", str(result_file)]) == 0
    return outputs["ok"]


def test_good_body_opens_a_pull_request_and_says_so(github: FakeGitHub, tmp_path: Path) -> None:
    assert run_workflow("opened-good", tmp_path) == "true"
    assert github.branches["issue-7"] == BASE_SHA
    text = github.files[("issue-7", RECORD)]
    assert "title: 社区学习示范点建设" in text and "region: jiangjin" in text
    assert len(github.pulls) == 1
    pull = github.pulls[0]
    assert pull["head"] == "issue-7" and pull["base"] == "main" and "Closes #7" in pull["body"]
    assert pull["title"] == "新案例：社区学习示范点建设"
    [comment] = github.comments
    assert issue_bot.MARKER in comment["body"] and "#100" in comment["body"]
    assert "5 个工作日" in comment["body"]


def test_bad_body_gets_one_line_per_question(github: FakeGitHub, tmp_path: Path) -> None:
    assert run_workflow("opened-bad", tmp_path) == "false"
    assert github.writes() == [("POST", f"/repos/{REPO}/issues/7/comments")]
    body = github.comments[0]["body"]
    lines = [ln for ln in body.splitlines() if ln.startswith("- ")]
    assert [ln.split("**")[1] for ln in lines] == ["年度", "所依据的章节"]
    assert '"去年"' in lines[0] and "这一项必填" in lines[1]
    assert "添加一行" not in body and "section" not in body


def test_edited_body_updates_the_comment_and_opens_the_pull_request(github: FakeGitHub,
                                                                    tmp_path: Path) -> None:
    run_workflow("opened-bad", tmp_path)
    assert run_workflow("edited-good", tmp_path) == "true"
    assert len(github.comments) == 1  # the bot's one comment, edited
    assert "Pull Request #100" in github.comments[0]["body"]
    assert ("PATCH", f"/repos/{REPO}/issues/comments/500") in github.writes()
    # edited again: the branch is reset and rewritten, the pull request reused
    assert run_workflow("edited-good", tmp_path) == "true"
    assert len(github.pulls) == 1 and len(github.comments) == 1
    assert ("PATCH", f"/repos/{REPO}/git/refs/heads/issue-7") in github.writes()
    assert ("issue-7", RECORD) in github.files


def test_a_look_alike_comment_is_not_taken_for_the_bots(github: FakeGitHub,
                                                        tmp_path: Path) -> None:
    github.comments.append({"id": 400, "body": f"{issue_bot.MARKER} 我才是机器人",
                            "user": {"login": "submitter", "type": "User"}})
    run_workflow("opened-bad", tmp_path)
    assert github.comments[0]["body"].endswith("我才是机器人")
    assert len(github.comments) == 2


def test_issues_not_from_the_form_are_left_alone(github: FakeGitHub, tmp_path: Path) -> None:
    assert run_workflow("opened-unlabelled", tmp_path) is None
    assert github.requests == []


@pytest.mark.parametrize("path", ["../.github/workflows/x.yml", "content/cases/A.yml",
                                  "content/policies/x.yml", "content/cases/x.yml\n"])
def test_respond_refuses_a_result_that_writes_elsewhere(path: str, github: FakeGitHub,
                                                        tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    """The writing job checks the path again and then makes no request at all."""
    result = tmp_path / "r"
    result.write_text(issue_bot.encode({"issue": 7, "ok": True, "path": path, "id": "x",
                                        "text": "x"}), "utf-8")
    assert issue_bot.main(["respond", "--result", str(result)]) == 1
    assert "记录路径不合规" in capsys.readouterr().err
    assert github.requests == []


def test_api_errors_are_one_chinese_line(github: FakeGitHub, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "someone/else")
    result = tmp_path / "r"
    result.write_text(issue_bot.encode({"issue": 7, "ok": True, "path": RECORD, "id": "x",
                                        "text": "x"}), "utf-8")
    assert issue_bot.main(["respond", "--result", str(result)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("议题机器人：GitHub 接口 GET") and "404" in err and err.count("\n") == 1
