"""Where things live in the repository."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCHEMAS = ROOT / "schemas"
TAXONOMY_FILE = "taxonomy.yml"

# record type -> folder under content/ (and URL prefix of its pages)
RECORD_DIRS: dict[str, str] = {
    "case": "cases",
    "course": "courses",
    "policy": "policies",
}

# Collections (专题) live beside the record folders but are not records: they
# have no record page, are not in records.json and are not counted (see
# casebook.collections). Their pages are `collections/<id>/`.
COLLECTION_DIR = "collections"
