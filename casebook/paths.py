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
