"""Allowed values generated into the schemas, and what an editor sees because of them.

The last tests drive the pinned yaml-language-server (package.json) over
stdio with the repository's .vscode/settings.json, as VS Code's YAML
extension does, and read back diagnostics and completions.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from editors_support import content_copy, problems
from yaml_lsp import SERVER, YamlLanguageServer

from casebook.load import load_taxonomy
from casebook.paths import CONTENT, ROOT
from casebook.schema import check_schemas, load_schema
from scripts import schema_enums

RECORD = CONTENT / "cases" / "shanghai-jinse-xuetang.yml"


def test_committed_schemas_match_the_taxonomy() -> None:
    assert schema_enums.main(["--check"]) == 0, "run: python -m scripts.schema_enums"


def test_check_fails_when_a_term_is_added(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture) -> None:
    taxonomy = load_taxonomy()
    taxonomy["regions"].append({"id": "xizang", "name": "西藏自治区"})
    monkeypatch.setattr(schema_enums, "load_taxonomy", lambda: taxonomy)
    monkeypatch.setattr(schema_enums, "write_or_check",
                        lambda path, text, check, command: int(path.read_text("utf-8") != text))
    assert schema_enums.main(["--check"]) == 1


def test_a_new_record_does_not_fail_the_check(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    """Reference ids are completion examples only: adding a record needs no regeneration."""
    refs = schema_enums.record_ids()
    refs["policy"].append("shanghai-brand-new-policy")
    monkeypatch.setattr(schema_enums, "record_ids", lambda root=CONTENT: refs)
    assert schema_enums.main(["--check"]) == 0
    assert "补全列表不是最新的" in capsys.readouterr().out


def test_every_taxonomy_field_lists_its_terms_with_chinese_names() -> None:
    taxonomy = load_taxonomy()
    case = load_schema("case")["properties"]
    for field, vocab in (("region", "regions"), ("kind", "case_kinds"), ("level", "levels")):
        assert sorted(case[field]["enum"]) == sorted(t["id"] for t in taxonomy[vocab])
        assert len(case[field]["markdownEnumDescriptions"]) == len(case[field]["enum"])
    for field, vocab in (("tasks", "tasks"), ("audiences", "audiences"), ("themes", "themes")):
        assert sorted(case[field]["items"]["enum"]) == sorted(t["id"] for t in taxonomy[vocab])
    region = case["region"]
    assert region["enumDescriptions"][region["enum"].index("shanghai")] == "上海市"
    assert region["enumDescriptions"][region["enum"].index("jiangjin")] == "重庆市 江津区"
    course = json.dumps(load_schema("course"), ensure_ascii=False)
    assert all(t["id"] in course for t in taxonomy["course_formats"])
    assert "shanghai-jinse-xuetang" in case["cases"]["items"]["examples"]


def test_the_validator_compiles_the_schemas_and_keeps_its_own_messages(tmp_path: Path) -> None:
    check_schemas()  # metaschema + the validator's compiler, which refuses unknown keywords
    root = content_copy(tmp_path)
    record = root / "cases" / RECORD.name
    record.write_text(RECORD.read_text("utf-8").replace("region: shanghai", "region: 上海"),
                      encoding="utf-8")
    found = problems(root, [record])
    assert len(found) == 1 and '未知地区 "上海"，你是否想写 "shanghai"（上海市）？' in found[0]


def test_a_copied_template_keeps_editor_checking() -> None:
    """No template carries a $schema line that breaks once the file moves."""
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for template in (ROOT / "templates").glob("*.yml"):
        assert "yaml-language-server:" not in template.read_text(encoding="utf-8"), template
        schema = f"./schemas/{template.stem}.schema.json"
        assert (ROOT / schema).exists() and f"templates/{template.name}" in \
            settings["yaml.schemas"][schema]


# --- what yaml-language-server makes of it ---------------------------------------

@pytest.fixture(scope="module")
def server() -> Iterator[YamlLanguageServer]:
    if not SERVER.exists() or shutil.which("node") is None:
        pytest.fail("yaml-language-server is missing: run npm ci (make test does)")
    vscode = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    lsp = YamlLanguageServer({"yaml": {"schemas": vscode["yaml.schemas"], "validate": True,
                                       "completion": True, "hover": True,
                                       "schemaStore": {"enable": False}}})
    yield lsp
    lsp.close()


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n")) if line.startswith(start))


def test_a_valid_record_has_no_diagnostics(server: YamlLanguageServer) -> None:
    path = CONTENT / "cases" / "lsp-valid.yml"
    assert server.open(path, RECORD.read_text("utf-8"), timeout=5) == []


def test_wrong_region_kind_and_unknown_field_are_flagged(server: YamlLanguageServer) -> None:
    text = RECORD.read_text("utf-8").replace("region: shanghai", "region: 上海")
    text = text.replace("kind: local-programme", "kind: 地方特色").rstrip("\n") + "\nregon: x\n"
    assert "kind: 地方特色" in text
    path = CONTENT / "cases" / "lsp-bad.yml"
    diagnostics = server.open(path, text)
    lines = {d["range"]["start"]["line"] for d in diagnostics}
    assert {line_of(text, "region:"), line_of(text, "kind:"), line_of(text, "regon:")} <= lines
    assert len(lines) == 3, diagnostics


def test_a_template_copied_into_content_is_checked(server: YamlLanguageServer) -> None:
    text = (ROOT / "templates" / "case.yml").read_text("utf-8")
    text = text.replace("\nregion:", "\nregion: 上海 #", 1)
    path = CONTENT / "cases" / "lsp-from-template.yml"
    diagnostics = server.open(path, text)
    region = [d for d in diagnostics if d["range"]["start"]["line"] == line_of(text, "region:")]
    assert region and "shanghai" in region[0]["message"]


def test_completion_offers_region_ids_and_record_ids(server: YamlLanguageServer) -> None:
    path = CONTENT / "cases" / "lsp-complete.yml"
    server.open(path, "id: x\nregion: \npolicies:\n  - \n", timeout=3)
    assert "shanghai" in server.complete(path, 1, len("region: "))
    policies = server.complete(path, 3, len("  - "))
    assert "chongqing-shequ-jiaoyu-yijian" in policies


