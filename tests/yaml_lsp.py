"""A minimal Language Server Protocol client for yaml-language-server over stdio.

Enough to open a document with the repository's VS Code settings and read
back diagnostics and completions, as VS Code's YAML extension would.
"""
from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from casebook.paths import ROOT

SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


class YamlLanguageServer:
    """Start the server, speak JSON-RPC with Content-Length framing, stop it."""

    def __init__(self, settings: dict[str, Any], root: Path = ROOT) -> None:
        self.settings = settings
        self.proc = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": "repo"}],
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {}},
                                              "publishDiagnostics": {}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(out.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self._next_id += 1
        rid = self._next_id
        self._send({"id": rid, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == rid and "method" not in m, timeout)["result"]

    def _wait(self, done: Any, timeout: float) -> dict[str, Any]:
        """Handle messages until one satisfies `done`; answer the server's requests."""
        end = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.0, end - time.monotonic()))
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
            elif "method" in message and "id" in message:  # a request from the server
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings.get(i.get("section", ""), None)
                              for i in message["params"]["items"]]
                self._send({"id": message["id"], "result": result})
            if done(message):
                return message

    def open(self, path: Path, text: str, timeout: float = 30) -> list[dict[str, Any]]:
        """Open `path` with `text`; the first non-empty diagnostics (or [] after a quiet spell)."""
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        try:
            self._wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                       and m["params"]["uri"] == uri and m["params"]["diagnostics"], timeout)
        except queue.Empty:
            pass
        return self.diagnostics.get(uri, [])

    def complete(self, path: Path, line: int, character: int) -> list[str]:
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": path.as_uri()},
            "position": {"line": line, "character": character}})
        items = result["items"] if isinstance(result, dict) else result or []
        return [item["label"] for item in items]

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a stuck server is killed below
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
