"""Hostile input in the exports: CSV cells a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from validate_support import FIXTURE

from casebook.export import export_files, spreadsheet_safe
from casebook.load import load_corpus
from casebook.relate import build_index
from casebook.render.view import SiteOptions
from casebook.validate import validate_tree

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
FORMULA = '=HYPERLINK("http://evil.example/","点我")'


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("普通文字", "普通文字"), ("a=1", "a=1"), ("", ""),
])
def test_spreadsheet_safe_prefixes_formula_starts(cell: str, shown: str) -> None:
    assert spreadsheet_safe(cell) == shown


def _rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_formula_cells_are_neutralised_in_every_csv_and_kept_in_json(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "cases" / "demo-case.yml").write_text(
        (HOSTILE / "formula-cells.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "collections").mkdir()
    shutil.copy(HOSTILE / "formula-collection.yml", root / "collections" / "formula.yml")
    assert validate_tree(root) == []  # formulas are legal text: the CSV writer defuses them
    files = export_files(build_index(load_corpus(root)), SiteOptions())
    csvs = [rel for rel in files if rel.endswith(".csv")]
    assert sorted(csvs) == ["collections/formula/items.csv", "data/records.csv"]
    for rel in csvs:
        for row in _rows(files[rel]):
            for column, value in row.items():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (rel, column)
    case = next(r for r in _rows(files["data/records.csv"]) if r["id"] == "demo-case")
    assert case["title"] == "'" + FORMULA
    assert case["summary"] == "'+12345 看起来像数字的公式"
    assert case["sources"].startswith("'@")
    item = _rows(files["collections/formula/items.csv"])[0]
    assert item["note"] == "'-2+3 编者按以减号开头"
    records = json.loads(files["data/records.json"])["records"]
    assert next(r for r in records if r["id"] == "demo-case")["title"] == FORMULA
    items = json.loads(files["collections/formula/items.json"])["items"]
    assert items[0]["note"] == "-2+3 编者按以减号开头"


def test_every_csv_writer_is_the_safe_one() -> None:
    """No module writes CSV except through `casebook.export.csv_text`."""
    from casebook.paths import ROOT

    writers = [p.relative_to(ROOT).as_posix()
               for folder in ("casebook", "scripts", "hooks")
               for p in (ROOT / folder).rglob("*.py")
               if "csv.writer(" in p.read_text(encoding="utf-8")
               or "csv.DictWriter(" in p.read_text(encoding="utf-8")]
    assert writers == ["casebook/export.py"]
