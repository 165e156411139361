"""Turn a "提交新案例" issue into a pull request, or tell the submitter what to fix.

Two commands, one for each side of .github/workflows/issue-to-pr.yml:

    python -m scripts.issue_bot convert --event EVENT.json [--github-output FILE]
    python -m scripts.issue_bot respond [--result FILE]

`convert` (a job with read-only permissions) reads the issue body from the
event payload file GitHub writes (`$GITHUB_EVENT_PATH`), so the body is never
part of a command line, and checks it with `scripts.from_issue`, writing
nothing. Its result (problems by form label, or the record's path and text)
goes out as a base64 job output.

`respond` (the jobs that may write) runs only this repository's own code and
treats the result as data: it checks the path and size again, then, through
the GitHub REST API (`GITHUB_API_URL`, `GITHUB_REPOSITORY`, `GITHUB_TOKEN`),
either comments the problems on the issue, one line per form question, or
puts the record on the branch `issue-<number>`, opens (or reuses) a pull
request that closes the issue, and says so on the issue. The bot keeps one
comment per issue and edits it when the issue is edited. Standard library
only, so that the writing jobs install nothing.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

LABEL = "新案例"  # the form's label; scripts/issue_form.py imports it
MARKER = "<!-- casebook-issue-bot -->"
BOT_LOGIN = "github-actions[bot]"  # who GITHUB_TOKEN comments as
RECORD_PATH = re.compile(r"^content/cases/[a-z0-9]+(?:-[a-z0-9]+)*\.yml$")
MAX_RECORD_BYTES = 1024 * 1024
REVIEW_TIME = "5 个工作日"


class BotError(Exception):
    """Something the bot cannot do; the message is Chinese and one line."""


# --- convert: untrusted body -> result (no token, nothing written) -----------

def convert(event: dict[str, Any]) -> dict[str, Any]:
    """The result for one `issues` event: skip, problems or a record."""
    from casebook.validate import display_path
    from scripts.from_issue import draft_from_body, problem_entries

    issue = event.get("issue") or {}
    labels = {label.get("name") for label in issue.get("labels") or []}
    if LABEL not in labels:
        return {"skip": True, "issue": issue.get("number")}
    draft = draft_from_body(issue.get("body") or "")
    result: dict[str, Any] = {"skip": False, "issue": int(issue["number"]),
                              "title": str(issue.get("title") or ""), "ok": not draft.problems}
    if draft.problems:
        result["problems"] = [{"label": e["label"], "message": e["message"]}
                              for e in problem_entries(draft)]
    else:
        result.update(path=display_path(draft.path), id=draft.data["id"], text=draft.text)
    return result


def encode(result: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(result, ensure_ascii=False).encode("utf-8")).decode()


def decode_result(text: str) -> dict[str, Any]:
    """A result from `convert`, checked again: it was made from untrusted input."""
    try:
        result = json.loads(base64.b64decode(text.strip(), validate=True).decode("utf-8"))
    except ValueError as exc:
        raise BotError("转换结果无法读取") from exc
    if not isinstance(result, dict) or not isinstance(result.get("issue"), int):
        raise BotError("转换结果缺少议题编号")
    if result.get("ok"):
        if not RECORD_PATH.fullmatch(str(result.get("path"))):
            raise BotError(f"记录路径不合规：{str(result.get('path'))[:80]!r}")
        if len(str(result.get("text", "")).encode("utf-8")) > MAX_RECORD_BYTES:
            raise BotError("记录太大")
    return result


# --- respond: GitHub REST API -------------------------------------------------

class GitHub:
    """A few REST calls against `api` (GITHUB_API_URL) for one repository."""

    def __init__(self, api: str, repo: str, token: str) -> None:
        self.api, self.repo, self.token = api.rstrip("/"), repo, token

    def call(self, method: str, path: str, body: Any = None, ok_missing: bool = False) -> Any:
        url = f"{self.api}/repos/{self.repo}{path}"
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
            "Authorization": f"Bearer {self.token}", "User-Agent": "casebook-issue-bot",
            "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - https API URL
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            if ok_missing and exc.code in (404, 422):
                return None
            raise BotError(f"GitHub 接口 {method} {path} 返回 {exc.code}") from exc
        except OSError as exc:
            raise BotError(f"无法连接 GitHub 接口（{exc}）") from exc
        return json.loads(raw) if raw else None

    def upsert_comment(self, issue: int, text: str) -> None:
        """Edit the bot's earlier comment on `issue`, or add one."""
        body = f"{MARKER}\n{text}"
        comments = self.call("GET", f"/issues/{issue}/comments?per_page=100") or []
        mine = [c for c in comments if MARKER in str(c.get("body", ""))
                and (c.get("user") or {}).get("login") == BOT_LOGIN]  # not a look-alike
        if mine:
            self.call("PATCH", f"/issues/comments/{mine[-1]['id']}", {"body": body})
        else:
            self.call("POST", f"/issues/{issue}/comments", {"body": body})

    def open_pull_request(self, result: dict[str, Any]) -> dict[str, Any]:
        """Put the record on `issue-<n>` (reset to the default branch) and open or reuse its PR."""
        n = result["issue"]
        branch = f"issue-{n}"
        base = self.call("GET", "")["default_branch"]
        sha = self.call("GET", f"/git/ref/heads/{urllib.parse.quote(base)}")["object"]["sha"]
        created = self.call("POST", "/git/refs", {"ref": f"refs/heads/{branch}", "sha": sha},
                            ok_missing=True)
        if created is None:  # the branch exists: start again from the default branch
            self.call("PATCH", f"/git/refs/heads/{branch}", {"sha": sha, "force": True})
        content = base64.b64encode(result["text"].encode("utf-8")).decode()
        self.call("PUT", f"/contents/{result['path']}", {
            "message": f"新增案例：{result['id']}（来自议题 #{n}）", "content": content,
            "branch": branch})
        owner = self.repo.split("/")[0]
        head = urllib.parse.quote(f"{owner}:{branch}")
        pulls = self.call("GET", f"/pulls?state=open&head={head}") or []
        if pulls:
            return pulls[0]
        title = re.sub(r"^\s*\[新案例\]\s*", "", result.get("title", "")) or result["id"]
        return self.call("POST", "/pulls", {
            "title": f"新案例：{title[:80]}", "head": branch, "base": base,
            "body": (f"由议题 #{n} 的表单自动生成：`{result['path']}`。\n\nCloses #{n}\n\n"
                     "请维护者逐项核对来源（标题、发布机构、日期、章节）后合并。")})


def problems_comment(result: dict[str, Any]) -> str:
    """The Chinese comment for a refused form: one line per question."""
    by_label: dict[str, list[str]] = {}
    for p in result.get("problems", []):
        by_label.setdefault(p["label"], []).append(p["message"])
    lines = "\n".join(f"- **{label}**：{'；'.join(msgs)}" for label, msgs in by_label.items())
    return ("感谢提交！表单里还有下面几处需要修改，改好之前记录不会生成：\n\n"
            f"{lines}\n\n请点议题正文右上角的 **⋯ → Edit（编辑）**，改好后保存，"
            "系统会自动重新检查并在这里更新结果。")


def done_comment(result: dict[str, Any], pull: dict[str, Any]) -> str:
    return (f"感谢提交！表单已通过检查，记录 `{result['path']}` 已放入 Pull Request "
            f"#{pull['number']}（{pull.get('html_url', '')}）。\n\n"
            f"维护者会逐项核对来源，通常在 {REVIEW_TIME}内合并或在 PR 中留言；"
            "合并后本议题自动关闭，案例随网站下次发布出现。"
            "需要修改时直接编辑本议题的表单，PR 会随之更新。")


def respond(result: dict[str, Any], github: GitHub) -> str:
    """Comment the problems, or open the pull request; returns what was done."""
    if result.get("skip"):
        return "skip"
    if not result.get("ok"):
        github.upsert_comment(result["issue"], problems_comment(result))
        return "refused"
    pull = github.open_pull_request(result)
    github.upsert_comment(result["issue"], done_comment(result, pull))
    return "pull-request"


# --- command line ---------------------------------------------------------------

def write_output(path: str, result: dict[str, Any]) -> None:
    """Job outputs `ok`, `skip` and `result` (base64, one line) for the next jobs."""
    delimiter = f"EOF_{secrets.token_hex(16)}"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"skip={'true' if result.get('skip') else 'false'}\n")
        fh.write(f"ok={'true' if result.get('ok') else 'false'}\n")
        fh.write(f"result<<{delimiter}\n{encode(result)}\n{delimiter}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="把“提交新案例”议题转成 Pull Request，或回复要修改的地方")
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="检查议题正文（不需要权限，不写文件）")
    conv.add_argument("--event", type=Path, required=True, help="issues 事件的 JSON 文件")
    conv.add_argument("--github-output", help="把结果写入这个文件（$GITHUB_OUTPUT）")
    resp = sub.add_parser("respond", help="根据检查结果评论议题或发起 Pull Request")
    resp.add_argument("--result", type=Path, help="convert 的结果（默认读环境变量 RESULT）")
    args = parser.parse_args(argv)
    try:
        if args.command == "convert":
            event = json.loads(args.event.read_text(encoding="utf-8"))
            result = convert(event)
            if args.github_output:
                write_output(args.github_output, result)
            print("跳过：不是“提交新案例”表单" if result["skip"] else
                  f"议题 #{result['issue']}：" + ("可以生成记录 " + result["path"] if result["ok"]
                                                else f"有 {len(result['problems'])} 个问题"))
            return 0
        text = args.result.read_text(encoding="utf-8") if args.result else os.environ["RESULT"]
        github = GitHub(os.environ.get("GITHUB_API_URL", "https://api.github.com"),
                        os.environ["GITHUB_REPOSITORY"], os.environ["GITHUB_TOKEN"])
        print(respond(decode_result(text), github))
        return 0
    except BotError as exc:
        print(f"议题机器人：{exc}", file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"议题机器人：缺少环境变量或字段 {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - one Chinese line instead of a traceback
        print(f"议题机器人：程序内部错误 {type(exc).__name__}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
