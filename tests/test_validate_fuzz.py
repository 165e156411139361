"""Property-based tests: no input makes the validator raise.

Arbitrary bytes, YAML-ish text, arbitrary nested data and mutations of a
valid record are written into a tmp content tree; the library and the CLI
(in-process) must return problems, never exceptions, and exit 0 or 1. The
compiled schema validator is also checked against `jsonschema` as an oracle.
"""
from __future__ import annotations

import atexit
import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from casebook.schema import compiled, load_schema, registry
from casebook.taxonomy import Taxonomy
from casebook.validate import FILE_FIELD, Index, Problem, check_tree, validate_record_data
from casebook.yaml_source import load_file
from scripts.validate import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "validate" / "content"
FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

FIELDS = sorted({name for rtype in ("case", "course", "policy")
                 for name in load_schema(rtype)["properties"]})
FRAGMENTS = [
    "\n", "  ", "    ", "- ", ": ", ":", "\t", "[", "]", "{", "}", ", ", "'", '"', "|", ">-",
    "# c", "---", "...", "? ", "&a ", "*a", "!!binary ", "!!set ", "!x ", "<<: ", "%YAML 1.1\n",
    "null", "~", "true", "0x1F", "1_000", ".nan", "-.inf", "1:30", "2023-02-30", "2023-08-30",
    "上海", "沪", "<script>", "javascript:", "&#106;", "\\", "\\u", "\x00", "\x07", "\ufeff",
    "\x85", "\u2028", "\ud7ff", "\U0001f600", "é", "…", "—", "，", *FIELDS,
]
yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=60) \
    .map("".join)

STRINGS = ["", "   ", "shanghai", "上海", "demo-case", "demo-policy", "learning-city",
           "2023-02-30", "2023-08-30", "2023", "complete", "<b>x</b>", "javascript:x", "x" * 300]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(STRINGS),
)
keys = st.one_of(st.sampled_from(FIELDS + ["what", "value", "title", "date"]), st.text(max_size=6))
nested = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


def _tree(factory: pytest.TempPathFactory) -> Path:
    root = factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tree(tmp_path_factory)


def check_everything(root: Path, target: Path) -> list[Problem]:
    """Run library and CLI on `root`; assert the invariants; return the problems."""
    report = check_tree(root)
    for problem in report.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 0 and problem.col >= 0
        line = problem.format()
        assert "\n" not in line and line.startswith(f"{problem.path}:{problem.line}:")
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--root", str(root), "--format", "json", str(target)])
    assert code in (0, 1)
    listed = json.loads(stdout.getvalue())
    assert (code == 1) == bool(listed)
    assert "Traceback" not in stderr.getvalue()
    return report.problems


def case_path(root: Path) -> Path:
    return root / "cases" / "demo-case.yml"


VALID_CASE = case_path(FIXTURE).read_bytes()


@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(root: Path, raw: bytes) -> None:
    target = case_path(root)
    target.write_bytes(raw)
    check_everything(root, target)


@FUZZ
@given(yamlish)
def test_yamlish_text(root: Path, text: str) -> None:
    target = case_path(root)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_everything(root, target)


@FUZZ
@given(st.binary(max_size=400), st.integers(0, len(VALID_CASE)))
def test_bytes_spliced_into_a_valid_record(root: Path, junk: bytes, at: int) -> None:
    target = case_path(root)
    target.write_bytes(VALID_CASE[:at] + junk + VALID_CASE[at:])
    check_everything(root, target)


@FUZZ
@given(nested)
def test_arbitrary_nested_data(root: Path, data: Any) -> None:
    target = case_path(root)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = check_everything(root, target)
    if not isinstance(data, dict):
        assert any(p.field == FILE_FIELD for p in problems)


@FUZZ
@given(yamlish)
def test_arbitrary_taxonomy(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = _tree(tmp_path_factory)
    target = root / "taxonomy.yml"
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_everything(root, target)


# --- mutations of a valid record, with jsonschema as an oracle ----------------------

BASE = load_file(case_path(FIXTURE))[0].data
EXTRAS = {"blank", "empty", "finite"}  # checks the compiled validator adds to JSON Schema


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths_in(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += paths_in(item, prefix + (i,))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 3))):
        spots = paths_in(data)
        where = draw(st.sampled_from(spots))
        if not where:
            continue
        parent: Any = data
        for part in where[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(nested)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(keys)] = draw(nested)
        else:
            parent.append(draw(nested))
    return data


def _without_taxonomy_enums(node: Any) -> Any:
    """The schema as the compiled rules read it: an `enum` generated on an
    `x-taxonomy` field is an editor hint (scripts.schema_enums); the validator's
    own taxonomy check judges those values, with its better message."""
    if isinstance(node, dict):
        return {k: _without_taxonomy_enums(v) for k, v in node.items()
                if not (k == "enum" and "x-taxonomy" in node)}
    if isinstance(node, list):
        return [_without_taxonomy_enums(v) for v in node]
    return node


def _oracle_schemas() -> Path:
    out = Path(tempfile.mkdtemp(prefix="oracle-schemas-"))
    atexit.register(shutil.rmtree, out, True)
    for path in (ROOT / "schemas").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        (out / path.name).write_text(json.dumps(_without_taxonomy_enums(data)), encoding="utf-8")
    return out


_ORACLE_DIR = _oracle_schemas()
ORACLE = Draft202012Validator(load_schema("case", _ORACLE_DIR), registry=registry(_ORACLE_DIR))


@settings(max_examples=300, deadline=None, database=None)
@given(mutated())
def test_compiled_schema_agrees_with_jsonschema(data: Any) -> None:
    findings: list = []
    compiled("case").check(data, (), findings)  # no extension: standard keywords only
    standard = [f for f in findings if f.keyword not in EXTRAS]
    extras = [f for f in findings if f.keyword in EXTRAS]
    oracle_valid = ORACLE.is_valid(data)
    if standard:
        assert not oracle_valid, [f.message for f in standard]
    if not oracle_valid:
        assert standard or extras, [e.message for e in ORACLE.iter_errors(data)]


TAXONOMY, INDEX = Taxonomy.load(FIXTURE), Index.build(FIXTURE)


@settings(max_examples=150, deadline=None, database=None)
@given(mutated())
def test_record_api_never_raises(data: Any) -> None:
    problems = validate_record_data("case", data, FIXTURE / "cases" / "demo-case.yml",
                                    taxonomy=TAXONOMY, index=INDEX)
    assert all(isinstance(p, Problem) and p.line == 0 for p in problems)
